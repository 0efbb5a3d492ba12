package org.unet4j.api;

import org.unet4j.data.LabelImage;

/**
 * The segmentation of one image (one slice of a stack): plain arrays, row-major, {@code height x width}.
 *
 * @param height image height
 * @param width image width
 * @param probabilities one map per class, {@code probabilities[k][y * width + x]} in [0, 1], summing to 1 per pixel
 * @param labels the class of every pixel (arg-max of the probabilities)
 * @param foreground the foreground map: the foreground class's probability (with watershed
 *                   post-processing, the lines between instances set to 0)
 * @param instances the objects, 0 = background and 1..n one id per object; null when
 *                  {@link SegmentOptions#instances()} is off
 */
public record Segmentation(int height, int width, float[][] probabilities, LabelImage labels, float[] foreground,
        LabelImage instances) {
    /** Number of classes of the model. */
    public int numClasses() {
        return probabilities.length;
    }

    /** The probability map of class {@code k}. */
    public float[] probability(int k) {
        return probabilities[k];
    }
}
