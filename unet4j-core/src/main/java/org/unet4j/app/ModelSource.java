package org.unet4j.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.unet4j.InvalidInputException;
import org.unet4j.bioimageio.ModelPackage;
import org.unet4j.model.ModelFiles;

/**
 * What a {@code --model} (or {@code --init}) argument names: a unet4j model (a run folder, a model
 * folder, or a bioimage.io package written by {@code unet export}, which carries the unet4j model
 * under {@value #UNET4J_FOLDER}/), or a bioimage.io package of someone else.
 *
 * <p>Packages (a zip, its folder or its description file) are opened with {@link ModelPackage},
 * which extracts a zip into a temporary folder that {@link #close()} deletes.
 */
public final class ModelSource implements AutoCloseable {
    /** Where an exported package keeps the unet4j model folder (config.json, weights.pt). */
    public static final String UNET4J_FOLDER = "unet4j";

    private final Path modelDir;
    private final ModelPackage pkg;

    private ModelSource(Path modelDir, ModelPackage pkg) {
        this.modelDir = modelDir;
        this.pkg = pkg;
    }

    /**
     * Resolves {@code path}.
     *
     * @throws InvalidInputException if it is neither a unet4j model nor a bioimage.io package
     */
    public static ModelSource open(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException("model " + path + ": no such folder; pass the run folder of 'unet train', a model folder or a"
                    + " bioimage.io package (.zip, its folder or its rdf.yaml)");
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(ModelFiles.CONFIG))) {
            return new ModelSource(path, null);
        }
        if (!ModelPackage.isPackage(path)) {
            // neither: let ModelFiles say what a unet4j model folder needs
            return new ModelSource(ModelFiles.resolve(path), null);
        }
        ModelPackage pkg = ModelPackage.open(path);
        Path unet4j = pkg.root().resolve(UNET4J_FOLDER);
        return new ModelSource(Files.isRegularFile(unet4j.resolve(ModelFiles.CONFIG)) ? unet4j : null, pkg);
    }

    /** Whether this is a bioimage.io package not written by unet4j. */
    public boolean isForeign() {
        return modelDir == null;
    }

    /** The unet4j model folder (or run folder); null for a foreign package. */
    public Path modelDir() {
        return modelDir;
    }

    /** The package (unet4j's or another's); null for a plain unet4j model or run folder. */
    public ModelPackage pkg() {
        return pkg;
    }

    /** The package folder (extracted for a zip); null for a plain unet4j model or run folder. */
    public Path packageDir() {
        return pkg == null ? null : pkg.root();
    }

    /** Deletes the extracted copy of a zip. */
    @Override
    public void close() {
        if (pkg != null) {
            pkg.close();
        }
    }
}
