package org.unet4j.infer;

import org.unet4j.data.Image;
import org.unet4j.data.ImageWindow;
import org.unet4j.data.Region;

/**
 * The 8 symmetries of the square (the dihedral group D4): rotations by 0, 90, 180, 270 degrees and
 * the four reflections. Test-time augmentation predicts each transformed image, maps the
 * probabilities back with {@link #invert} and averages them (the paper averaged rotated versions
 * of the input). Rotations by 90 degrees swap height and width; any image size works.
 */
public enum Dihedral {
    IDENTITY(false, false, false),
    /** Rotation by 90 degrees counter-clockwise. */
    ROTATE_90(true, false, true),
    ROTATE_180(false, true, true),
    /** Rotation by 90 degrees clockwise. */
    ROTATE_270(true, true, false),
    /** Mirror left-right. */
    FLIP_HORIZONTAL(false, false, true),
    /** Mirror top-bottom. */
    FLIP_VERTICAL(false, true, false),
    /** Reflection about the main diagonal. */
    TRANSPOSE(true, false, false),
    /** Reflection about the anti-diagonal. */
    ANTI_TRANSPOSE(true, true, true);

    // The transformed pixel (y', x') takes the source pixel (sy, sx) where, before the optional
    // swap of axes, the source row is read mirrored when flipRows, the column when flipCols.
    private final boolean swap;
    private final boolean flipRows;
    private final boolean flipCols;

    Dihedral(boolean swap, boolean flipRows, boolean flipCols) {
        this.swap = swap;
        this.flipRows = flipRows;
        this.flipCols = flipCols;
    }

    /** Whether height and width trade places. */
    public boolean swapsAxes() {
        return swap;
    }

    /**
     * The flat index in the transformed {@code h' x w'} plane of the source pixel {@code (y, x)} of an
     * {@code h x w} plane.
     */
    int targetIndex(int y, int x, int h, int w) {
        int sy = flipRows ? h - 1 - y : y;
        int sx = flipCols ? w - 1 - x : x;
        return swap ? sx * h + sy : sy * w + sx;
    }

    /** The transformed image (every channel). */
    public Image apply(Image image) {
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        float[] src = image.pixels();
        float[] dst = new float[src.length];
        int n = h * w;
        for (int ch = 0; ch < c; ch++) {
            int off = ch * n;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    dst[off + targetIndex(y, x, h, w)] = src[off + y * w + x];
                }
            }
        }
        return swap ? new Image(c, w, h, dst) : new Image(c, h, w, dst);
    }

    /**
     * Where region {@code r} of an {@code h x w} image lies in the transformed image. Transforming
     * commutes with cutting: the transformed region's pixels are {@link #apply} of the region's pixels.
     */
    public Region apply(Region r, int h, int w) {
        int y0 = flipRows ? h - r.endY() : r.y();
        int x0 = flipCols ? w - r.endX() : r.x();
        return swap ? new Region(x0, y0, r.width(), r.height()) : new Region(y0, x0, r.height(), r.width());
    }

    /** The transformed part of the transformed whole image. */
    public ImageWindow apply(ImageWindow part) {
        int h = part.fullHeight();
        int w = part.fullWidth();
        return new ImageWindow(apply(part.pixels()), apply(part.region(), h, w), swap ? w : h, swap ? h : w);
    }

    /** The region of the transformed image that {@link #apply(Region, int, int)} gives back in the original ({@code h x w}, the original size). */
    public Region invert(Region transformed, int h, int w) {
        // every element is its own inverse except the two quarter turns, which are each other's
        Dihedral inverse = this == ROTATE_90 ? ROTATE_270 : this == ROTATE_270 ? ROTATE_90 : this;
        return swap ? inverse.apply(transformed, w, h) : inverse.apply(transformed, h, w);
    }

    /**
     * Adds {@code scale} times the transformed plane {@code transformed} (of the transformed image,
     * row-major) back in the original orientation to {@code original} ({@code h x w}, the original
     * size).
     */
    public void addInverse(float[] transformed, float[] original, int h, int w, float scale) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                original[row + x] += scale * transformed[targetIndex(y, x, h, w)];
            }
        }
    }

    /** The plane {@code transformed} mapped back to the original orientation ({@code h x w}). */
    public float[] invert(float[] transformed, int h, int w) {
        float[] out = new float[h * w];
        addInverse(transformed, out, h, w, 1f);
        return out;
    }
}
