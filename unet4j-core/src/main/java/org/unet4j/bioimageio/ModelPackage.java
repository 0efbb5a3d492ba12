package org.unet4j.bioimageio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.unet4j.InvalidInputException;
import org.unet4j.io.AtomicFiles;

/**
 * An opened bioimage.io model package: a {@code .zip} (as downloaded from bioimage.io), a folder,
 * or the description file itself; the folder holds {@code rdf.yaml}, {@code bioimageio.yaml} or one
 * {@code *.bioimageio.yaml}, with the files it names beside it.
 *
 * <p>A zip is extracted into a private temporary folder (the weights must be real files for libtorch
 * to load them), which {@link #close()} deletes, and the JVM's shutdown deletes if it is not closed;
 * folders and description files are read in place. Messages name files as the user gave them:
 * {@code model.zip!/rdf.yaml} for a file in a zip.
 *
 * <p>Opening parses the description (any 0.5.x model); {@link #requireSupported()} then checks that
 * unet4j can run it and that its weights and test tensors are present and match their sha256.
 * Files other than the TorchScript weights and the test tensors (covers, sample tensors, other
 * weights, a state-dict URL) may be absent.
 */
public final class ModelPackage implements AutoCloseable {
    private final Path root;
    private final Path yaml;
    private final String shownRoot;
    private final Path extracted;
    private final ModelDescription description;

    private ModelPackage(Path root, Path yaml, String shownRoot, Path extracted) {
        this.root = root.toAbsolutePath().normalize();
        this.yaml = yaml.toAbsolutePath().normalize();
        this.shownRoot = shownRoot;
        this.extracted = extracted;
        try {
            this.description = RdfYaml.read(this.yaml, shown(this.root.relativize(this.yaml).toString()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a package: a {@code .zip}, a folder, or a description file.
     *
     * @throws InvalidInputException if the path does not exist, the zip is damaged, the folder holds
     *     no description, or the description is not a valid 0.5.x model
     */
    public static ModelPackage open(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(path + ": no such file or folder; give a bioimage.io model .zip, its"
                    + " folder or its rdf.yaml");
        }
        if (Files.isDirectory(path)) {
            return new ModelPackage(path, findYaml(path, path.toString()), path.toString(), null);
        }
        if (isZip(path)) {
            Path dir = extract(path);
            try {
                return new ModelPackage(dir, findYaml(dir, path.toString()), path + "!", dir);
            } catch (RuntimeException e) {
                deleteQuietly(dir);
                throw e;
            }
        }
        Path parent = path.toAbsolutePath().getParent();
        Path shownParent = path.getParent();
        return new ModelPackage(parent, path.toAbsolutePath(), shownParent == null ? "." : shownParent.toString(), null);
    }

    /** The typed description. */
    public ModelDescription description() {
        return description;
    }

    /** The folder the description's relative paths start from (the temporary folder of a zip). */
    public Path root() {
        return root;
    }

    /** The description file. */
    public Path yaml() {
        return yaml;
    }

    /** The name of a file of the package for messages, e.g. {@code pkg/rdf.yaml} or {@code model.zip!/weights.pt}. */
    public String shown(String relative) {
        return shownRoot + "/" + relative;
    }

    /**
     * The local path of {@code file}, checked: inside the package, present, and matching its sha256
     * if one is given.
     *
     * @throws InvalidInputException if it is a URL, leaves the package, is missing or its sha256 differs
     */
    public Path file(FileRef file) {
        if (file.isUrl()) {
            throw new InvalidInputException(where() + ": " + file.source()
                    + " is a URL; unet4j runs packages with their files included (download the .zip from bioimage.io)");
        }
        Path p = root.resolve(file.source()).normalize();
        if (!p.startsWith(root)) {
            throw new InvalidInputException(shown(file.source()) + ": the path leaves the package; the description"
                    + " must name files inside its folder");
        }
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException(shown(file.source()) + ": missing from the package; download the package"
                    + " again");
        }
        if (file.sha256() != null) {
            String actual = FileRef.sha256(p);
            if (!actual.equals(file.sha256())) {
                throw new InvalidInputException(shown(file.source()) + ": sha256 is " + actual + " but the description"
                        + " says " + file.sha256() + "; the file is damaged or not the one described, download the"
                        + " package again");
            }
        }
        return p;
    }

    /**
     * The TorchScript weights file, checked as {@link #file} does.
     *
     * @throws InvalidInputException if there are no TorchScript weights, or the file is missing or damaged
     */
    public Path torchscript() {
        requireTorchscript();
        return file(description.weights().get(WeightsFormat.TORCHSCRIPT).file());
    }

    /**
     * The test tensor of {@code tensor}, checked as {@link #file} does.
     *
     * @throws InvalidInputException if the tensor has none, or the file is missing or damaged
     */
    public Path testTensor(TensorDescr tensor) {
        if (tensor.testTensor() == null) {
            throw new InvalidInputException(where() + ": tensor " + tensor.id()
                    + " has no test_tensor");
        }
        return file(tensor.testTensor());
    }

    /** The tile rule of the model ({@link TileRule#of}); messages name the description file. */
    public TileRule tileRule() {
        return TileRule.of(description, where());
    }

    /**
     * Checks that unet4j can run this model: one 2-D input and one output ({@link TileRule#of}),
     * TorchScript weights present and matching their sha256, test tensors present and matching, and
     * only ops unet4j applies, on axes the tensors have.
     *
     * @throws InvalidInputException naming the description (or file) and the first unsupported thing
     */
    public void requireSupported() {
        String where = where();
        tileRule();
        requireTorchscript();
        for (TensorDescr t : description.inputs()) {
            checkOps(t, "preprocessing", where);
        }
        for (TensorDescr t : description.outputs()) {
            checkOps(t, "postprocessing", where);
        }
        torchscript();
        for (TensorDescr t : description.inputs()) {
            if (t.testTensor() != null) {
                file(t.testTensor());
            }
        }
        for (TensorDescr t : description.outputs()) {
            if (t.testTensor() != null) {
                file(t.testTensor());
            }
        }
    }

    /** Deletes the temporary folder of an extracted zip (nothing for folders). */
    @Override
    public void close() {
        if (extracted != null) {
            deleteQuietly(extracted);
        }
    }

    /** The description file's name for messages. */
    private String where() {
        return shown(root.relativize(yaml).toString());
    }

    @Override
    public String toString() {
        return "ModelPackage[" + where() + "]";
    }

    private void requireTorchscript() {
        if (!description.weights().containsKey(WeightsFormat.TORCHSCRIPT)) {
            List<String> ids = description.weights().keySet().stream().map(WeightsFormat::id).toList();
            throw new InvalidInputException(where() + ": the model lists "
                    + (ids.isEmpty() ? "no" : "only " + String.join(", ", ids)) + " weights; unet4j runs torchscript weights");
        }
    }

    private static void checkOps(TensorDescr t, String field, String where) {
        Layout layout = t.layout();
        for (Op op : t.processing()) {
            if (op instanceof Op.Unsupported u) {
                throw new InvalidInputException(u.reason());
            }
            for (String axis : OpYaml.axesNamed(op)) {
                layout.dim(axis, where + ": " + t.id() + " " + field + " " + op.id());
            }
        }
    }

    /**
     * Whether {@code path} looks like a package {@link #open} takes: a zip, a {@code .yaml} file, or a
     * folder with a description at its top (nothing is parsed).
     */
    public static boolean isPackage(Path path) {
        if (Files.isDirectory(path)) {
            for (String name : new String[] {"rdf.yaml", "bioimageio.yaml"}) {
                if (Files.isRegularFile(path.resolve(name))) {
                    return true;
                }
            }
            try (Stream<Path> s = Files.list(path)) {
                return s.anyMatch(p -> p.getFileName().toString().endsWith(".bioimageio.yaml"));
            } catch (IOException e) {
                return false;
            }
        }
        return Files.isRegularFile(path) && (path.getFileName().toString().endsWith(".yaml") || isZip(path));
    }

    private static Path findYaml(Path dir, String shown) {
        for (String name : new String[] {"rdf.yaml", "bioimageio.yaml"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".bioimageio.yaml")).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot be listed (" + e.getMessage() + ")", e);
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        throw new InvalidInputException(shown + ": " + (found.isEmpty() ? "no rdf.yaml, bioimageio.yaml or"
                + " *.bioimageio.yaml at the top" : found.size() + " *.bioimageio.yaml files") + "; give a bioimage.io"
                + " model package (or its description file)");
    }

    private static boolean isZip(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Path extract(Path zip) {
        Path dir;
        try {
            dir = Files.createTempDirectory("unet4j-bioimageio-");
        } catch (IOException e) {
            throw new InvalidInputException("cannot create a temporary folder to extract " + zip + " ("
                    + e.getMessage() + "); check java.io.tmpdir", e);
        }
        AtomicFiles.pending(dir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir) || e.getName().startsWith("/")) {
                    throw new InvalidInputException(zip + ": entry " + e.getName() + " would be extracted outside the"
                            + " package; the zip is not a bioimage.io package");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (ZipException e) {
            deleteQuietly(dir);
            throw new InvalidInputException(zip + ": a damaged zip (" + e.getMessage() + "); download it again", e);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new InvalidInputException(zip + ": cannot be extracted (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.deleteRecursively(dir);
            }
            AtomicFiles.done(dir);
        } catch (IOException ignored) {
            // best effort: the shutdown hook of AtomicFiles tries again
        }
    }
}
