package org.unet4j.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.unet4j.InvalidInputException;
import org.unet4j.io.AtomicFiles;
import org.unet4j.model.ModelFiles;

/**
 * What a {@code --model} (or {@code --init}) argument names: a unet4j model (a run folder, a model
 * folder, or a bioimage.io package written by {@code unet export}, which carries the unet4j model
 * under {@value #UNET4J_FOLDER}/), or a bioimage.io package of someone else.
 *
 * <p>A package is a folder holding {@code rdf.yaml} (or {@code bioimageio.yaml}, or
 * {@code *.bioimageio.yaml}), that description file itself, or a zip of the folder; a zip is
 * extracted into a temporary folder that {@link #close()} deletes.
 */
public final class ModelSource implements AutoCloseable {
    /** Where an exported package keeps the unet4j model folder (config.json, weights.pt). */
    public static final String UNET4J_FOLDER = "unet4j";

    private final Path given;
    private final Path packageDir;
    private final Path description;
    private final Path modelDir;
    private final Path temp;

    private ModelSource(Path given, Path packageDir, Path description, Path modelDir, Path temp) {
        this.given = given;
        this.packageDir = packageDir;
        this.description = description;
        this.modelDir = modelDir;
        this.temp = temp;
    }

    /**
     * Resolves {@code path}.
     *
     * @throws InvalidInputException if it is neither a unet4j model nor a bioimage.io package
     */
    public static ModelSource open(Path path) {
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(ModelFiles.CONFIG))) {
            return new ModelSource(path, null, null, path, null);
        }
        if (Files.isRegularFile(path) && isZip(path)) {
            Path tmp = extract(path);
            try {
                Path rdf = description(tmp);
                if (rdf == null) {
                    throw new InvalidInputException(path + " is a zip without rdf.yaml or bioimageio.yaml; give a bioimage.io model package");
                }
                return inPackage(path, tmp, rdf, tmp);
            } catch (RuntimeException e) {
                delete(tmp);
                throw e;
            }
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".yaml")) {
            Path dir = path.toAbsolutePath().getParent();
            return inPackage(path, dir, path, null);
        }
        if (Files.isDirectory(path)) {
            Path rdf = description(path);
            if (rdf != null) {
                return inPackage(path, path, rdf, null);
            }
            // a folder that is neither: let ModelFiles say what a unet4j model folder needs
            return new ModelSource(path, null, null, ModelFiles.resolve(path), null);
        }
        throw new InvalidInputException("model " + path + ": no such folder; pass the run folder of 'unet train', a model folder or a"
                + " bioimage.io package (.zip, its folder or its rdf.yaml)");
    }

    private static ModelSource inPackage(Path given, Path dir, Path rdf, Path temp) {
        Path unet4j = dir.resolve(UNET4J_FOLDER);
        Path model = Files.isRegularFile(unet4j.resolve(ModelFiles.CONFIG)) ? unet4j : null;
        return new ModelSource(given, dir, rdf, model, temp);
    }

    /** The description file of a package folder, or null. */
    static Path description(Path dir) {
        for (String name : new String[] {"rdf.yaml", "bioimageio.yaml"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bioimageio.yaml")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new InvalidInputException("model " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Extracts {@code zip} into a new temporary folder, refusing entries that would leave it. */
    private static Path extract(Path zip) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("unet4j-package-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = tmp.resolve(e.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new InvalidInputException(zip + ": entry " + e.getName() + " points outside the package; the zip is not a model package");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return tmp;
        } catch (ZipException e) {
            delete(tmp);
            throw new InvalidInputException(zip + " is not a readable zip (" + e.getMessage() + "); give a bioimage.io model package");
        } catch (IOException e) {
            delete(tmp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(tmp);
            throw e;
        }
    }

    private static void delete(Path dir) {
        try {
            AtomicFiles.deleteRecursively(dir);
        } catch (IOException ignored) {
            // a temporary folder: the system's cleaner takes what is left
        }
    }

    /** The argument as given. */
    public Path given() {
        return given;
    }

    /** Whether this is a bioimage.io package not written by unet4j. */
    public boolean isForeign() {
        return modelDir == null;
    }

    /** The unet4j model folder (or run folder); null for a foreign package. */
    public Path modelDir() {
        return modelDir;
    }

    /** The package folder (extracted for a zip); null for a plain unet4j model or run folder. */
    public Path packageDir() {
        return packageDir;
    }

    /** The package's description file; null for a plain unet4j model or run folder. */
    public Path description() {
        return description;
    }

    /** Deletes the extracted copy of a zip. */
    @Override
    public void close() {
        if (temp != null) {
            delete(temp);
        }
    }
}
