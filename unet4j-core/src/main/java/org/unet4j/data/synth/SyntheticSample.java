package org.unet4j.data.synth;

import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

/**
 * One generated image with its ground truth.
 *
 * @param name a short name ("cells-000", "membranes-012")
 * @param style how it was made, which fixes the meaning of {@code labels}
 * @param image one channel of whole gray values 0..255 (what reading the written 8-bit PNG gives)
 * @param labels {@link SyntheticStyle#CELLS}: instance ids (0 = background, 1..n consecutive, each
 *     cell one 4-connected region); {@link SyntheticStyle#MEMBRANES}: 0 = membrane, 255 = interior
 */
public record SyntheticSample(String name, SyntheticStyle style, Image image, LabelImage labels) {
    public SyntheticSample {
        if (image.height() != labels.height() || image.width() != labels.width()) {
            throw new IllegalArgumentException(name + ": labels " + labels.sizeText() + " do not match image " + image.sizeText());
        }
    }

    /**
     * The sample as a two-class training sample: cells give class 1 = cell, 0 = background and
     * keep the instances (for separation borders); membranes give class 0 = membrane,
     * 1 = interior (the ISBI convention, 255 mapped to 1) and no instances.
     */
    public SegmentationSample toSegmentationSample() {
        int[] l = labels.labels();
        int[] classes = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            classes[i] = l[i] != 0 ? 1 : 0;
        }
        LabelImage c = new LabelImage(labels.height(), labels.width(), classes);
        return new SegmentationSample(name, image, c, style == SyntheticStyle.CELLS ? labels : null, null);
    }
}
