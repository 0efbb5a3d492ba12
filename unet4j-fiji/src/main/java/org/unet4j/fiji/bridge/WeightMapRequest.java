package org.unet4j.fiji.bridge;

/**
 * What {@code unet4j Weight Map} asks of the engine: the options of {@code unet weights}.
 *
 * @param w0 weight of the border term (the paper: 10)
 * @param sigma width of the border term in pixels (the paper: 5)
 * @param classWeights {@code balanced}, {@code sqrt} or {@code none}
 * @param target {@code classes} (the paper) or {@code contours}
 * @param labelsAs {@code auto}, {@code instances} or {@code binary}
 */
public record WeightMapRequest(double w0, double sigma, String classWeights, String target, String labelsAs) {
}
