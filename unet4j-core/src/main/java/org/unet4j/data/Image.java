package org.unet4j.data;

import java.util.Arrays;

/**
 * A 2-D image with one or more channels and float pixels, stored channel-major as one flat
 * array: the value of channel {@code c} at row {@code y}, column {@code x} is
 * {@code pixels[(c * height + y) * width + x]}. This is the layout of one sample of an NCHW
 * tensor, so an image goes to the network without reordering.
 *
 * <p>The array is shared, not copied: an {@code Image} is a value by convention; code that
 * changes pixels makes a new image ({@link #copy()}).
 */
public final class Image {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] pixels;

    /**
     * @throws IllegalArgumentException if a dimension is not positive or the array length is not
     *     {@code channels * height * width}
     */
    public Image(int channels, int height, int width, float[] pixels) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + channels + "x" + height + "x" + width + " (channels x height x width)");
        }
        if (pixels == null || (long) pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException("pixel array length " + (pixels == null ? "null" : pixels.length)
                    + " does not match " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
    }

    /** A zero image of the given size. */
    public static Image zeros(int channels, int height, int width) {
        return new Image(channels, height, width, new float[channels * height * width]);
    }

    /** A single-channel image over {@code pixels} (row-major, {@code height * width} values). */
    public static Image gray(int height, int width, float[] pixels) {
        return new Image(1, height, width, pixels);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The flat channel-major pixel array (shared, not copied). */
    public float[] pixels() {
        return pixels;
    }

    public float get(int c, int y, int x) {
        return pixels[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, float v) {
        pixels[(c * height + y) * width + x] = v;
    }

    /** Offset of channel {@code c} in {@link #pixels()}. */
    public int channelOffset(int c) {
        return c * height * width;
    }

    /** A copy of channel {@code c} as a row-major {@code height * width} array. */
    public float[] channel(int c) {
        int n = height * width;
        return Arrays.copyOfRange(pixels, c * n, (c + 1) * n);
    }

    public Image copy() {
        return new Image(channels, height, width, pixels.clone());
    }

    /** "CxHxW" style size text for messages, e.g. {@code 512x512} or {@code 3x512x512}. */
    public String sizeText() {
        return (channels == 1 ? "" : channels + "x") + height + "x" + width;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && other.channels == channels && other.height == height
                && other.width == width && Arrays.equals(other.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Image[" + sizeText() + "]";
    }
}
