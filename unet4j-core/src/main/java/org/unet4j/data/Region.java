package org.unet4j.data;

import java.io.Serializable;

/**
 * A rectangle of pixels, {@code [y, y + height) x [x, x + width)}, in the coordinates of a whole
 * image: the part of an image's output that a distributed task predicts, or the part of its input
 * that the task reads.
 *
 * @param y top row
 * @param x left column
 * @param height rows (at least 1)
 * @param width columns (at least 1)
 */
public record Region(int y, int x, int height, int width) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException for an empty or negative size
     */
    public Region {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("region " + height + "x" + width + " at (" + y + ", " + x + ") is empty");
        }
    }

    /** The whole of an image of {@code height x width}. */
    public static Region whole(int height, int width) {
        return new Region(0, 0, height, width);
    }

    /** One past the bottom row. */
    public int endY() {
        return y + height;
    }

    /** One past the right column. */
    public int endX() {
        return x + width;
    }

    /** Number of pixels. */
    public long pixels() {
        return (long) height * width;
    }

    /** Whether {@code other} lies inside this region. */
    public boolean contains(Region other) {
        return other.y >= y && other.x >= x && other.endY() <= endY() && other.endX() <= endX();
    }

    /** Whether the region lies inside an image of {@code h x w}. */
    public boolean within(int h, int w) {
        return y >= 0 && x >= 0 && endY() <= h && endX() <= w;
    }

    /** The smallest region holding both. */
    public Region union(Region other) {
        int y0 = Math.min(y, other.y);
        int x0 = Math.min(x, other.x);
        return new Region(y0, x0, Math.max(endY(), other.endY()) - y0, Math.max(endX(), other.endX()) - x0);
    }

    /** Text for messages and file names, e.g. {@code 388x388+776+0} (height x width + y + x). */
    @Override
    public String toString() {
        return height + "x" + width + "+" + y + "+" + x;
    }
}
