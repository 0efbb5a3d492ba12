package org.unet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.SegmentationSample;
import org.unet4j.data.Split;
import org.unet4j.io.Json;
import org.unet4j.io.TrainingSet;
import org.unet4j.model.ModelFiles;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.TrainConfig;

/**
 * What a run's {@code config.json} says about its training and its data, read back the way
 * {@code unet train} wrote it: for {@code unet train --resume} and {@code unet report}.
 */
final class RunInputs {
    /**
     * The data of a run, images normalised as in training.
     *
     * @param set the training set as loaded (convention, normalisation); null when only the
     *     validation set was loaded
     * @param train the training samples (after the validation split); empty when only the
     *     validation set was loaded
     * @param validation the validation samples (may be empty)
     */
    record Data(TrainingSet set, List<SegmentationSample> train, List<SegmentationSample> validation) {
    }

    private RunInputs() {
    }

    /** The run's training settings (the "training" section). */
    static TrainConfig trainConfig(RunDirectory run) {
        JsonNode training = run.config().get("training");
        try {
            TrainConfig config = training == null ? null : Json.MAPPER.treeToValue(training, TrainConfig.class);
            if (config == null) {
                throw new IllegalArgumentException("no \"training\" section");
            }
            return config;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw new InvalidInputException(run.dir().resolve(ModelFiles.CONFIG) + ": the training section is damaged (" + why
                    + "); restore the file or start a new run");
        }
    }

    /**
     * Loads the data of a run: the training files and the validation files or split (by file, with
     * the run's seed, as in training).
     *
     * @param validationOnly with separate validation folders, load only those (no training images)
     * @throws InvalidInputException if the data is no longer where the run found it, or changed
     */
    static Data load(RunDirectory run, long seed, boolean validationOnly) {
        JsonNode d = run.config().path("data");
        if (!d.hasNonNull("images") || !d.hasNonNull("labels")) {
            throw new InvalidInputException(run.dir().resolve(ModelFiles.CONFIG) + ": the data section names no images and labels;"
                    + " the file is damaged, restore it");
        }
        // with the resolved convention recorded, its class count; else detect again as 'unet train' did
        int classes = d.hasNonNull(DataOptions.LABEL_KIND) ? d.path("classes").asInt(0) : 0;
        if (d.hasNonNull("valImages")) {
            List<SegmentationSample> validation = DataOptions.fromJson(d, "valImages", "valLabels").load(classes, Progress.NONE).samples();
            if (validationOnly) {
                return new Data(null, List.of(), validation);
            }
            TrainingSet set = DataOptions.fromJson(d, "images", "labels").load(classes, Progress.NONE);
            return new Data(set, set.samples(), validation);
        }
        TrainingSet set = DataOptions.fromJson(d, "images", "labels").load(classes, Progress.NONE);
        double fraction = d.path("valFraction").asDouble(0);
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
    static String changes(RunDirectory run, Data data) {
        JsonNode d = run.config().path("data");
        List<String> parts = new ArrayList<>();
        if (data.set() != null) {
            compare("training", d.path("trainNames"), data.train(), parts);
        }
        compare("validation", d.path("validationNames"), data.validation(), parts);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static void compare(String what, JsonNode recorded, List<SegmentationSample> now, List<String> parts) {
        if (!recorded.isArray()) {
            return;
        }
        Set<String> before = new LinkedHashSet<>();
        recorded.forEach(n -> before.add(n.asText()));
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
    static String describe(RunDirectory run) {
        JsonNode d = run.config().path("data");
        String s = d.path("images").asText("?") + " and " + d.path("labels").asText("?");
        return d.hasNonNull("valImages") ? s + " (validation: " + d.path("valImages").asText() + ")" : s;
    }
}
