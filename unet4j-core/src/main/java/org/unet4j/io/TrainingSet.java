package org.unet4j.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.Naming;
import org.unet4j.Setting;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;

/**
 * Annotated images loaded from files, with what was found: where each sample came from, how the
 * files were paired and how the labels were read. Images hold raw values until
 * {@link #normalized} is called.
 *
 * @param images the {@code --images} path
 * @param labels the {@code --labels} path
 * @param layout folders or stacks
 * @param rule how image and label files were paired
 * @param convention how label values became classes
 * @param samples the samples, in file (and page) order
 * @param origins where each sample came from, aligned with {@code samples}
 * @param normalization the normalisation applied to the images, or null while raw
 * @param unlabelled images skipped because they have no label file ({@link FileSelection.Unlabelled#SKIP})
 * @param excluded image and label files left out by {@link FileSelection#exclude()}
 */
public record TrainingSet(Path images, Path labels, Layout layout, FilePairing.Rule rule, LabelConvention convention,
        List<SegmentationSample> samples, List<Origin> origins, Normalization normalization, List<Path> unlabelled,
        List<Path> excluded) {

    /** How the training set is laid out on disk. */
    public enum Layout {
        /** {@code images/} and {@code labels/} folders, files paired by name. */
        FOLDERS,
        /** Two multi-page files, page i with page i. */
        STACKS
    }

    /**
     * Where a sample came from.
     *
     * @param image the image file
     * @param labels the label file
     * @param page the page in both files, 0-based
     */
    public record Origin(ImageFileInfo image, ImageFileInfo labels, int page) {
    }

    public TrainingSet {
        samples = List.copyOf(samples);
        origins = List.copyOf(origins);
        unlabelled = unlabelled == null ? List.of() : List.copyOf(unlabelled);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        if (samples.size() != origins.size()) {
            throw new IllegalArgumentException("samples and origins differ in number");
        }
    }

    /** The same set with every image normalised (labels unchanged). */
    public TrainingSet normalized(Normalization n) {
        List<SegmentationSample> out = new ArrayList<>(samples.size());
        for (SegmentationSample s : samples) {
            out.add(n.apply(s));
        }
        return new TrainingSet(images, labels, layout, rule, convention, out, origins, n, unlabelled, excluded);
    }

    /** One line on what was left out ("skipped 75 images without labels; excluded 1 file"), or null when nothing was. */
    public String selectionSummary() {
        return selectionSummary(Naming.LIBRARY);
    }

    /** {@link #selectionSummary()} with the settings named in the words of {@code naming}. */
    public String selectionSummary(Naming naming) {
        if (unlabelled.isEmpty() && excluded.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!unlabelled.isEmpty()) {
            parts.add("skipped " + unlabelled.size() + " image" + (unlabelled.size() == 1 ? "" : "s") + " without a label file (e.g. "
                    + unlabelled.get(0).getFileName() + ")");
        }
        if (!excluded.isEmpty()) {
            parts.add(naming.format("left out %d file%s by %s (e.g. %s)", excluded.size(), excluded.size() == 1 ? "" : "s", Setting.EXCLUDE,
                    excluded.get(0).getFileName()));
        }
        return String.join("; ", parts);
    }

    /** Image channels (the same for every sample). */
    public int channels() {
        return samples.get(0).image().channels();
    }

    /** Number of distinct files the images came from. */
    public long imageFiles() {
        return origins.stream().map(o -> o.image().file()).distinct().count();
    }
}
