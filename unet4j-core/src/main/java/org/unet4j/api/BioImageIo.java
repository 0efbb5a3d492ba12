package org.unet4j.api;

import java.nio.file.Path;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.app.ModelExport;
import org.unet4j.bioimageio.Author;
import org.unet4j.model.NativeEngine;

/**
 * Model exchange through the bioimage.io model format, the library form of {@code unet export}:
 * a unet4j model written as a package (format 0.5.7, TorchScript and ONNX weights) that
 * deepImageJ, QuPath, Fiji (JDLL), ilastik, napari and bioimageio.core run. Packages are read back
 * by {@link Segmenter#open} (also those of others, with TorchScript weights) and fine-tuned with
 * {@link Training#withInit}.
 *
 * <pre>{@code
 * Path zip = BioImageIo.export(runDir, Path.of("nuclei.zip"), "U-Net nuclei (DSB 2018)", List.of(new Author("Ada Lovelace", "EMBL", null)));
 * try (Segmenter seg = Segmenter.open(zip, SegmentOptions.defaults())) { ... }
 * }</pre>
 */
public final class BioImageIo {
    private BioImageIo() {
    }

    /**
     * Exports {@code model} (a run folder or a model folder) to {@code zip} with license
     * {@link ModelExport#DEFAULT_LICENSE}, test tensors from the run's first validation (else
     * training) image, and a generated description.
     *
     * @param name the model's name (5 to 128 letters, digits, spaces, {@code _ - ( )}), or null for one from the folder's name
     * @throws InvalidInputException for a missing model, no author, a bad name, or a model folder without its run (give a test image with {@link #export(Path, Path, ModelExport.Options, Progress)})
     */
    public static Path export(Path model, Path zip, String name, List<Author> authors) {
        return export(model, zip, new ModelExport.Options(name, null, authors, null, List.of(), null), Progress.NONE);
    }

    /** {@link #export(Path, Path, String, List)} with every option (description, license, tags, test image, fixed ONNX size) and progress. */
    public static Path export(Path model, Path zip, ModelExport.Options options, Progress progress) {
        NativeEngine.load();
        return ModelExport.export(model, zip, options, progress == null ? Progress.NONE : progress).zip();
    }
}
