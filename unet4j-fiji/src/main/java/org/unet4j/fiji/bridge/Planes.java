package org.unet4j.fiji.bridge;

/**
 * Images of one size and channel count: plane {@code i} is {@code slices[i]}, channel-major
 * ({@code slices[i][(c * height + y) * width + x]}), raw pixel values.
 *
 * @param channels channels per plane
 * @param height plane height
 * @param width plane width
 * @param slices the planes
 */
public record Planes(int channels, int height, int width, float[][] slices) {
    /** Checks the sizes. */
    public Planes {
        if (channels < 1 || height < 1 || width < 1 || slices == null || slices.length == 0) {
            throw new IllegalArgumentException("planes: positive sizes and at least one plane needed");
        }
        for (float[] s : slices) {
            if (s.length != channels * height * width) {
                throw new IllegalArgumentException("planes: a plane has " + s.length + " values instead of " + channels * height * width);
            }
        }
    }
}
