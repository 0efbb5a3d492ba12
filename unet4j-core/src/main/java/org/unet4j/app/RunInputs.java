package org.unet4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.SegmentationSample;
import org.unet4j.data.Split;
import org.unet4j.io.DataSpec;
import org.unet4j.io.TrainingSet;
import org.unet4j.model.ModelFiles;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.TrainConfig;

/**
 * What a run's {@code config.json} says about its training and its data, read back the way
 * {@code unet train} wrote it: for {@code unet train --resume} and {@code unet report}.
 */
public final class RunInputs {
    /**
     * The data of a run, images normalised as in training.
     *
     * @param set the training set as loaded (convention, normalisation); null when only the
     *     validation set was loaded
     * @param train the training samples (after the validation split); empty when only the
     *     validation set was loaded
     * @param validation the validation samples (may be empty)
     */
    public record Data(TrainingSet set, List<SegmentationSample> train, List<SegmentationSample> validation) {
    }

    private RunInputs() {
    }

    /** The run's training settings (the "training" section). */
    public static TrainConfig trainConfig(RunDirectory run) {
        return run.runConfig().training();
    }

    /**
     * Loads the data of a run: the training files and the validation files or split (by file, with
     * the run's seed, as in training).
     *
     * @param validationOnly with separate validation folders, load only those (no training images)
     * @throws InvalidInputException if the data is no longer where the run found it, or changed
     */
    public static Data load(RunDirectory run, long seed, boolean validationOnly) {
        DataSpec d = run.runConfig().data();
        if (!d.hasFiles()) {
            throw new InvalidInputException(run.dir().resolve(ModelFiles.CONFIG) + ": the data section names no images and labels;"
                    + " the file is damaged, restore it");
        }
        // with the resolved convention recorded, its class count; else detect again as 'unet train' did
        int classes = d.classesToRead();
        if (d.valImages() != null) {
            List<SegmentationSample> validation = d.loadValidation(Path.of(d.valImages()), Path.of(d.valLabels()), classes, Progress.NONE).samples();
            if (validationOnly) {
                return new Data(null, List.of(), validation);
            }
            TrainingSet set = d.load(Path.of(d.images()), Path.of(d.labels()), classes, Progress.NONE);
            return new Data(set, set.samples(), validation);
        }
        TrainingSet set = d.load(Path.of(d.images()), Path.of(d.labels()), classes, Progress.NONE);
        double fraction = d.valFraction() == null ? 0 : d.valFraction();
        if (fraction > 0) {
            Split<SegmentationSample> split = Split.byFile(set.samples(), fraction, seed);
            return new Data(set, split.train(), split.validation());
        }
        return new Data(set, set.samples(), List.of());
    }

    /**
     * What differs between the image files of {@code data} and those the run recorded when it
     * started ({@code trainNames}, {@code validationNames}), as one line; null when nothing does.
     */
    public static String changes(RunDirectory run, Data data) {
        DataSpec d = run.runConfig().data();
        List<String> parts = new ArrayList<>();
        if (data.set() != null) {
            compare("training", d.trainNames(), data.train(), parts);
        }
        compare("validation", d.validationNames(), data.validation(), parts);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static void compare(String what, List<String> recorded, List<SegmentationSample> now, List<String> parts) {
        if (recorded == null) {
            return;
        }
        Set<String> before = new LinkedHashSet<>(recorded);
        Set<String> after = new LinkedHashSet<>();
        now.forEach(s -> after.add(s.name()));
        if (!before.equals(after)) {
            Set<String> added = new LinkedHashSet<>(after);
            added.removeAll(before);
            Set<String> removed = new LinkedHashSet<>(before);
            removed.removeAll(after);
            parts.add(String.format(Locale.ROOT, "the %s images changed since the run started (%d then, %d now; %d new, %d gone%s)",
                    what, before.size(), after.size(), added.size(), removed.size(),
                    added.isEmpty() ? "" : ", e.g. new " + added.iterator().next()));
        }
    }

    /** One line saying where the run's data is, for messages. */
    public static String describe(RunDirectory run) {
        DataSpec d = run.runConfig().data();
        String s = (d.images() == null ? "?" : d.images()) + " and " + (d.labels() == null ? "?" : d.labels());
        return d.valImages() != null ? s + " (validation: " + d.valImages() + ")" : s;
    }
}
