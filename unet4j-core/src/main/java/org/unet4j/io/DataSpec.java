package org.unet4j.io;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;

/**
 * The data section of a run's {@code config.json}: where the training (and validation) images
 * are, how their labels and values are read, and what the run resolved them to. Absent values
 * (null) are not written.
 *
 * @param source where in-memory samples came from (API runs), else null
 * @param generator the synthetic generator and seed (demo runs), else null
 * @param images the training images (absolute folder or stack), null for in-memory samples
 * @param labels the training labels
 * @param labelPattern the label file name template, null to pair by name
 * @param labelsAs the label reading asked for ({@code AUTO} detects)
 * @param ignore the raw label value left out of the loss, or null
 * @param normalization how images were normalised
 * @param labelKind the convention the training labels were resolved to; it replaces
 *                  {@code labelsAs} when the data is read again (validation, resume), so labels are
 *                  read exactly as the training set was
 * @param valImages separate validation images, or null
 * @param valLabels their labels
 * @param valFraction the fraction of training files held out for validation (without separate validation folders)
 * @param convention the resolved convention in words
 * @param classes the number of classes
 * @param trainNames the training images' names when the run started
 * @param validationNames the validation images' names when the run started
 * @param selection files left out ({@code --exclude}) and whether unlabelled images are skipped; null = every file, none skipped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataSpec(String source, String generator, String images, String labels, String labelPattern, LabelOptions.Mode labelsAs,
        Integer ignore, Normalization normalization, String labelKind, String valImages, String valLabels, Double valFraction,
        String convention, Integer classes, List<String> trainNames, List<String> validationNames, FileSelection selection) {

    /** Training files as given to {@code unet train} (paths made absolute), nothing resolved yet. */
    public static DataSpec files(Path images, Path labels, String labelPattern, LabelOptions.Mode labelsAs, Integer ignore,
            Normalization normalization, FileSelection selection) {
        return new DataSpec(null, null, absolute(images), absolute(labels), labelPattern, labelsAs, ignore, normalization, null, null,
                null, null, null, null, null, null, selection);
    }

    /** With separate validation files. */
    public DataSpec withValidationFiles(Path images, Path labels) {
        return new DataSpec(source, generator, this.images, this.labels, labelPattern, labelsAs, ignore, normalization, labelKind,
                absolute(images), absolute(labels), valFraction, convention, classes, trainNames, validationNames, selection);
    }

    /** With a validation fraction split off the training files. */
    public DataSpec withValidationFraction(double fraction) {
        return new DataSpec(source, generator, images, labels, labelPattern, labelsAs, ignore, normalization, labelKind, valImages,
                valLabels, fraction, convention, classes, trainNames, validationNames, selection);
    }

    /** With the convention the training labels resolved to. */
    public DataSpec withConvention(LabelConvention c) {
        return new DataSpec(source, generator, images, labels, labelPattern, labelsAs, ignore, normalization, c.kind().name(), valImages,
                valLabels, valFraction, c.describe(), c.classes(), trainNames, validationNames, selection);
    }

    /** With the names of the training and validation images. */
    public DataSpec withNames(List<SegmentationSample> train, List<SegmentationSample> validation) {
        return new DataSpec(source, generator, images, labels, labelPattern, labelsAs, ignore, normalization, labelKind, valImages,
                valLabels, valFraction, convention, classes, names(train), names(validation), selection);
    }

    /** Whether the spec names training files (not in-memory samples). */
    public boolean hasFiles() {
        return images != null && labels != null;
    }

    /**
     * Reads {@code images} and {@code labels} as this spec says (the resolved {@link #labelKind}
     * when recorded, else {@link #labelsAs}), normalised with {@link #normalization}.
     *
     * @param classes the number of classes (0: detect)
     */
    public TrainingSet load(Path images, Path labels, int classes, Progress progress) {
        return load(images, labels, classes, selection == null ? FileSelection.all() : selection, progress);
    }

    /**
     * Reads the separate validation images: as {@link #load(Path, Path, int, Progress)}, with the
     * unlabelled-image rule but without the exclusion patterns, which name training files (often
     * the very frames held out for validation).
     */
    public TrainingSet loadValidation(Path images, Path labels, int classes, Progress progress) {
        FileSelection s = selection == null ? FileSelection.all() : new FileSelection(selection.unlabelled(), List.of());
        return load(images, labels, classes, s, progress);
    }

    private TrainingSet load(Path images, Path labels, int classes, FileSelection files, Progress progress) {
        LabelOptions.Mode mode = labelKind != null ? LabelOptions.Mode.valueOf(labelKind) : labelsAs != null ? labelsAs
                : LabelOptions.Mode.AUTO;
        if (normalization == null) {
            throw new InvalidInputException("config.json: the data section has no normalization; the file is damaged, restore it");
        }
        return TrainingSets.load(images, labels, labelPattern, new LabelOptions(mode, classes, ignore),
                files, progress).normalized(normalization);
    }

    /** The number of classes to read labels with: the recorded one when the convention was resolved, else 0 (detect). */
    public int classesToRead() {
        return labelKind != null && classes != null ? classes : 0;
    }

    private static String absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }

    private static List<String> names(List<SegmentationSample> samples) {
        return samples.stream().map(SegmentationSample::name).toList();
    }
}
