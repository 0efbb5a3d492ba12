package org.unet4j.data;

/**
 * Mirror extension of an index range, as in the paper's overlap-tile strategy: outside
 * {@code [0, n)} the image continues as its own reflection about the border pixels, which are not
 * repeated ("reflect-101", PyTorch's {@code reflect} padding: ... 2 1 | 0 1 2 ... n-1 | n-2 ...).
 * Extensions wider than the image reflect again (the pattern is periodic with period
 * {@code 2(n-1)}), so any window works on any image, even a one-pixel strip.
 */
public final class Mirror {
    private Mirror() {
    }

    /** The index inside {@code [0, n)} that position {@code i} (any integer) mirrors to. */
    public static int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /**
     * Copies window {@code [y0, y0+h) x [x0, x0+w)} of every channel of {@code image}, mirror-extended
     * where it leaves the image.
     */
    public static Image window(Image image, int y0, int x0, int h, int w) {
        float[] dst = new float[image.channels() * h * w];
        copyWindow(image, y0, x0, h, w, dst, 0);
        return new Image(image.channels(), h, w, dst);
    }

    /**
     * The one mirror-window primitive: writes window {@code [y0, y0+h) x [x0, x0+w)} of every
     * channel of {@code image} ({@code channels x h x w}, row-major) into {@code dst} from
     * {@code offset}, mirror-extended where it leaves the image (rows inside the image are copied
     * in one piece).
     */
    public static void copyWindow(Image image, int y0, int x0, int h, int w, float[] dst, int offset) {
        copyWindow(ImageWindow.whole(image), y0, x0, h, w, dst, offset);
    }

    /**
     * {@link #copyWindow(Image, int, int, int, int, float[], int)} from a part of a larger image:
     * the window {@code [y0, y0+h) x [x0, x0+w)} is in the whole image's coordinates and is
     * mirror-extended about the whole image's borders, so it has the values the same window of the
     * whole image has. The part must hold every pixel the window mirrors to.
     *
     * @throws IllegalArgumentException if the window needs pixels outside {@code part}
     */
    public static void copyWindow(ImageWindow part, int y0, int x0, int h, int w, float[] dst, int offset) {
        Image image = part.pixels();
        Region r = part.region();
        int ih = image.height();
        int iw = image.width();
        float[] src = image.pixels();
        int[] xs = new int[w];
        for (int x = 0; x < w; x++) {
            xs[x] = local(index(x0 + x, part.fullWidth()) - r.x(), iw, part, y0, x0, h, w);
        }
        boolean inside = x0 >= r.x() && x0 + w <= r.endX();
        for (int ch = 0; ch < image.channels(); ch++) {
            for (int y = 0; y < h; y++) {
                int srow = (ch * ih + local(index(y0 + y, part.fullHeight()) - r.y(), ih, part, y0, x0, h, w)) * iw;
                int drow = offset + (ch * h + y) * w;
                if (inside) {
                    System.arraycopy(src, srow + x0 - r.x(), dst, drow, w);
                } else {
                    for (int x = 0; x < w; x++) {
                        dst[drow + x] = src[srow + xs[x]];
                    }
                }
            }
        }
    }

    private static int local(int i, int n, ImageWindow part, int y0, int x0, int h, int w) {
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException("window " + new Region(y0, x0, h, w) + " of an image of " + part.fullHeight() + "x"
                    + part.fullWidth() + " needs pixels outside the part " + part.region());
        }
        return i;
    }

    /** Like {@link #window(Image, int, int, int, int)} for a label image. */
    public static LabelImage window(LabelImage labels, int y0, int x0, int h, int w) {
        int ih = labels.height();
        int iw = labels.width();
        int[] src = labels.labels();
        int[] dst = new int[h * w];
        int[] xs = new int[w];
        for (int x = 0; x < w; x++) {
            xs[x] = index(x0 + x, iw);
        }
        for (int y = 0; y < h; y++) {
            int srow = index(y0 + y, ih) * iw;
            for (int x = 0; x < w; x++) {
                dst[y * w + x] = src[srow + xs[x]];
            }
        }
        return new LabelImage(h, w, dst);
    }
}
