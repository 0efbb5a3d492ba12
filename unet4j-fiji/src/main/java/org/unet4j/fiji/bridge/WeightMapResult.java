package org.unet4j.fiji.bridge;

/**
 * The weight maps of every plane of a label image, row-major {@code height x width} arrays.
 *
 * @param height plane height
 * @param width plane width
 * @param weights {@code [plane][pixel]}: the weight map w(x) of {@code unet weights}
 * @param borderTerms {@code [plane][pixel]}: its border part w0 exp(-(d1 + d2)^2 / (2 sigma^2))
 * @param summaries {@code [plane]}: one line each (objects, class weights, min / max / mean)
 */
public record WeightMapResult(int height, int width, float[][] weights, float[][] borderTerms, String[] summaries) {
}
