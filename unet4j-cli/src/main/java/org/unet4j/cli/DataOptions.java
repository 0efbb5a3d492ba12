package org.unet4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.Normalization;
import org.unet4j.io.DataSpec;
import org.unet4j.io.FileSelection;
import org.unet4j.io.TrainingSet;
import org.unet4j.io.TrainingSets;
import picocli.CommandLine.Option;

/**
 * The options that say where annotated images are and how to read them, shared by {@code train},
 * {@code inspect} and {@code augment}. The number of classes ({@code --classes}) is not here
 * because {@code train} already has it from {@link NetworkOptions}; commands pass it to
 * {@link #labelOptions(int)} (0 when the user did not give it, so the labels decide).
 */
public final class DataOptions {
    @Option(names = "--images", paramLabel = "DIR|STACK",
            description = "Folder of images (PNG, TIFF, BMP, JPEG), or one multi-page TIFF stack.")
    Path images;

    @Option(names = "--labels", paramLabel = "DIR|STACK",
            description = "Folder of label images paired with the images by name (a.png <-> a.tif) or trailing number"
                    + " (t007.tif <-> man_seg007.tif), or a label stack paired page by page.")
    Path labels;

    @Option(names = "--label-pattern", paramLabel = "TEMPLATE",
            description = "Label file name for each image, with {stem} (image name without extension) and {num} (its trailing"
                    + " digits), e.g. 'man_seg{num}' or '{stem}_mask.png'; without an extension any image extension matches.")
    String labelPattern;

    @Option(names = "--labels-as", paramLabel = "auto|binary|classes|instances", defaultValue = "auto",
            description = "How label values are read: binary (0 -> class 0, other -> class 1), classes (values 0..K-1),"
                    + " instances (0 background, each other value one object) or auto (detected, and printed; default).")
    LabelOptions.Mode labelsAs;

    @Option(names = "--ignore", paramLabel = "V",
            description = "Label value whose pixels are left out of the loss (unannotated parts of partially annotated images).")
    Integer ignore;

    @Option(names = "--unlabelled", paramLabel = "error|skip", defaultValue = "error",
            description = "Images without a label file: refuse them (default) or skip them and train on the labelled ones only"
                    + " (sparsely annotated sequences, e.g. the Cell Tracking Challenge's 01/ with 01_GT/SEG/).")
    FileSelection.Unlabelled unlabelled = FileSelection.Unlabelled.ERROR;

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Leave out image or label files whose name matches GLOB (repeatable), e.g. --exclude man_seg067.tif"
                    + " for a partial mask; a left-out label file leaves its image unlabelled.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--normalize", paramLabel = "percentile|minmax|zscore|none", defaultValue = "percentile",
            description = "Per-image intensity normalisation (default: ${DEFAULT-VALUE}, see --percentiles).")
    Normalization.Method normalize;

    @Option(names = "--percentiles", paramLabel = "LOW,HIGH", split = ",", defaultValue = "1,99.8",
            description = "Percentiles mapped to 0 and 1 by --normalize percentile (default: ${DEFAULT-VALUE}).")
    double[] percentiles;

    /** The label options, with {@code classes} from the command (0: not given). */
    public LabelOptions labelOptions(int classes) {
        return new LabelOptions(labelsAs, classes, ignore);
    }

    /** Which files to use ({@code --unlabelled}, {@code --exclude}). */
    public FileSelection selection() {
        return new FileSelection(unlabelled, exclude);
    }

    /** The normalisation chosen. */
    public Normalization normalization() {
        if (percentiles.length != 2) {
            throw new InvalidInputException("--percentiles expects two numbers LOW,HIGH (e.g. 1,99.8), got " + percentiles.length);
        }
        return new Normalization(normalize, percentiles[0], percentiles[1]);
    }

    /** The {@code --images} path. */
    public Path images() {
        return images;
    }

    /** The {@code --labels} path. */
    public Path labels() {
        return labels;
    }

    /** The options as the data section of a run's config.json (paths made absolute; nothing resolved yet). */
    public DataSpec toSpec() {
        return DataSpec.files(images, labels, labelPattern, labelsAs, ignore, normalization(), selection());
    }

    /** Whether both {@code --images} and {@code --labels} were given. */
    public boolean given() {
        return images != null && labels != null;
    }

    /** Loads and checks the training set, raw (not normalised). */
    public TrainingSet loadRaw(int classes, Progress progress) {
        if (!given()) {
            throw new InvalidInputException("missing " + (images == null ? "--images" : "--labels")
                    + ": give both --images DIR|STACK and --labels DIR|STACK");
        }
        LabelOptions options = labelOptions(classes);
        normalization();
        return TrainingSets.load(images, labels, labelPattern, options, selection(), progress);
    }

    /** Loads and checks the training set, images normalised as chosen. */
    public TrainingSet load(int classes, Progress progress) {
        return loadRaw(classes, progress).normalized(normalization());
    }
}
