package org.unet4j.api;

import java.nio.file.Path;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.TrainingSet;
import org.unet4j.io.TrainingSets;

/**
 * Training samples for {@link Training}: made from in-memory images and labels, or read from
 * folders or stacks as {@code unet train --images --labels} reads them (pairing, label
 * conventions, checks and messages included).
 */
public final class Samples {
    private Samples() {
    }

    /**
     * A sample from instance labels: 0 = background, every other value one object (touching
     * objects get the paper's separation borders in the loss); the classes are 0 and 1.
     */
    public static SegmentationSample fromInstances(String name, Image image, LabelImage instanceIds) {
        int[] ids = instanceIds.labels();
        int[] classes = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            classes[i] = ids[i] > 0 ? 1 : 0;
        }
        return new SegmentationSample(name, image, new LabelImage(instanceIds.height(), instanceIds.width(), classes), instanceIds, null);
    }

    /** A sample from class indices 0..K-1 per pixel ({@link SegmentationSample#IGNORE} = left out of the loss). */
    public static SegmentationSample fromClasses(String name, Image image, LabelImage classes) {
        return new SegmentationSample(name, image, classes, null, null);
    }

    /**
     * Reads an annotated training set (folders paired by name, or two stacks) with the label
     * convention detected as {@code unet inspect} detects it. Images keep their raw values
     * ({@link Training} normalises them); {@link TrainingSet#samples()} are the samples and
     * {@link TrainingSet#convention()} goes to {@link Training#withLabels}.
     *
     * @throws org.unet4j.InvalidInputException if the files cannot be read, paired or understood
     */
    public static TrainingSet read(Path images, Path labels) {
        return TrainingSets.load(images, labels, null, LabelOptions.AUTO);
    }
}
