package org.unet4j.data;

import java.util.Arrays;

/**
 * A 2-D image of integer labels (class indices, instance ids or raw annotation values), stored
 * row-major: the label at row {@code y}, column {@code x} is {@code labels[y * width + x]}.
 *
 * <p>The array is shared, not copied: a {@code LabelImage} is a value by convention.
 */
public final class LabelImage {
    private final int height;
    private final int width;
    private final int[] labels;

    /**
     * @throws IllegalArgumentException if a dimension is not positive or the array length is not
     *     {@code height * width}
     */
    public LabelImage(int height, int width, int[] labels) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("label image size must be positive, got " + height + "x" + width);
        }
        if (labels == null || (long) labels.length != (long) height * width) {
            throw new IllegalArgumentException("label array length " + (labels == null ? "null" : labels.length)
                    + " does not match " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.labels = labels;
    }

    public static LabelImage zeros(int height, int width) {
        return new LabelImage(height, width, new int[height * width]);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The flat row-major label array (shared, not copied). */
    public int[] labels() {
        return labels;
    }

    public int get(int y, int x) {
        return labels[y * width + x];
    }

    public void set(int y, int x, int v) {
        labels[y * width + x] = v;
    }

    /** The largest label value (0 for an empty image). */
    public int max() {
        int m = Integer.MIN_VALUE;
        for (int v : labels) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The foreground: labels above 0 (the one definition of foreground, for class maps and instance ids alike). */
    public boolean[] foreground() {
        return foreground(labels);
    }

    /** {@code labels[i] > 0} for every pixel. */
    public static boolean[] foreground(int[] labels) {
        boolean[] fg = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            fg[i] = labels[i] > 0;
        }
        return fg;
    }

    public LabelImage copy() {
        return new LabelImage(height, width, labels.clone());
    }

    public String sizeText() {
        return height + "x" + width;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelImage other && other.height == height && other.width == width
                && Arrays.equals(other.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelImage[" + sizeText() + "]";
    }
}
