package org.unet4j.fiji.bridge;

/**
 * The segmentation of every plane, row-major {@code height x width} arrays.
 *
 * @param model one line about the model used
 * @param numClasses classes of the model
 * @param height plane height
 * @param width plane width
 * @param probabilities {@code [plane][class][pixel]} in [0, 1]
 * @param labels {@code [plane][pixel]}: the arg-max class
 * @param foreground {@code [plane][pixel]}: the foreground probability
 * @param instances {@code [plane][pixel]}: object ids (0 = background), null when not asked for
 */
public record SegmentResult(String model, int numClasses, int height, int width, float[][][] probabilities, int[][] labels,
        float[][] foreground, int[][] instances) {
}
