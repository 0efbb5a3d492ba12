package org.unet4j.eval;

import java.util.Arrays;
import org.unet4j.data.Components;

/**
 * One slice of the ISBI 2012 warping error (Jain et al. 2010, the challenge's "minimum splits
 * and mergers warping error", Fiji {@code WarpingError}): warp the ground truth toward the
 * binarised prediction by flipping simple points, then classify the mismatches that remain.
 *
 * <p>Written by hand, not taken from a library: the result depends on Fiji's exact visiting
 * order, simple-point definition and mismatch classification, which no library reproduces.
 *
 * <ul>
 *   <li>Source S = ground-truth interior, target T = {@code prediction > th}; outside the image
 *       is background.
 *   <li>The mismatches S Δ T, listed in column-major order (x outer, y inner), are sorted by
 *       decreasing key float32(|p − th|); ties keep the column-major order (Fiji's
 *       {@code Float.compare} order, since 2015-06-21).
 *   <li>Passes visit the remaining mismatches in that order and flip a pixel when it is a simple
 *       point of the current image under 4-connectivity of the interior and 8-connectivity of
 *       the membrane (T4 = 1 and T8 = 1 in the 8-neighbourhood); passes repeat until one flips
 *       nothing.
 *   <li>Each remaining mismatch is classified from the 4-connected components C of the warped
 *       image and the set U of distinct C values among its 8 neighbours (clipped to the image):
 *       U = {0}: object deletion / addition; one object: hole addition / deletion; two values: a
 *       background pixel is a hole addition, a foreground pixel is a split when, with the pixel
 *       removed, its neighbours fall into more than two distinct components (background
 *       included) of the (2r+1)² window around it (outside = background; the whole image when r
 *       &lt; 1 or r exceeds the width or height), else a hole deletion; three or more values:
 *       merge (background pixel) or split (foreground pixel).
 * </ul>
 */
final class SimplePointWarping {
    /** Indices of the error types in the count arrays. */
    static final int MERGE = 0;
    static final int SPLIT = 1;
    static final int HOLE_ADDITION = 2;
    static final int OBJECT_DELETION = 3;
    static final int OBJECT_ADDITION = 4;
    static final int HOLE_DELETION = 5;
    /** Names of the error types, in index order (the scorer's names). */
    static final String[] NAMES = {"merge", "split", "hole_addition", "object_deletion", "object_addition", "hole_deletion"};

    /** Neighbour offsets (dy, dx); neighbour k is bit k of an 8-bit neighbourhood code. */
    private static final int[] DY = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final int[] DX = {-1, 0, 1, -1, 1, -1, 0, 1};
    /** 1 where the centre of the code's 3x3 patch is a simple point (4-connected interior, 8-connected membrane). */
    private static final boolean[] SIMPLE = new boolean[256];
    /** Number of 4-connected components formed by the code's foreground neighbours, centre excluded. */
    private static final int[] RING_COMPONENTS = new int[256];

    static {
        for (int code = 0; code < 256; code++) {
            int t4 = 0;
            int[] fg4 = components(code, false);
            for (int k = 0; k < 8; k++) {
                // count components that contain a 4-neighbour of the centre
                if ((code >> k & 1) != 0 && DY[k] * DX[k] == 0 && firstOfComponent(fg4, k)) {
                    t4++;
                }
            }
            int t8 = distinct(components(~code & 0xff, true));
            SIMPLE[code] = t4 == 1 && t8 == 1;
            RING_COMPONENTS[code] = distinct(fg4);
        }
    }

    private final int height;
    private final int width;
    private final int radius;
    private final int paddedWidth;
    /** Neighbourhood codes of the source, padded by one pixel. */
    private final int[] sourceCode;
    private final byte[] sourceValue;
    private final boolean[] source;
    // scratch, reused over thresholds
    private final int[] stamp;
    private final int[] queue;
    private int stampValue;

    /**
     * @param source ground-truth interior ({@code height * width}, row-major)
     * @param radius classification window radius (the challenge uses 20)
     */
    SimplePointWarping(boolean[] source, int height, int width, int radius) {
        this.height = height;
        this.width = width;
        this.radius = radius < 1 || radius > width || radius > height ? -1 : radius;
        this.source = source;
        this.paddedWidth = width + 2;
        int paddedSize = (height + 2) * paddedWidth;
        sourceValue = new byte[paddedSize];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                sourceValue[(y + 1) * paddedWidth + x + 1] = (byte) (source[y * width + x] ? 1 : 0);
            }
        }
        sourceCode = new int[paddedSize];
        for (int y = 1; y <= height; y++) {
            for (int x = 1; x <= width; x++) {
                int i = y * paddedWidth + x;
                int c = 0;
                for (int k = 0; k < 8; k++) {
                    c |= sourceValue[i + DY[k] * paddedWidth + DX[k]] << k;
                }
                sourceCode[i] = c;
            }
        }
        stamp = new int[height * width];
        queue = new int[height * width];
    }

    /** Counts of the six error types (index constants above) at threshold {@code th}. */
    int[] errors(float[] prediction, double th) {
        int[] counts = new int[6];
        int[] cand = sortedMismatches(prediction, th);
        if (cand.length == 0) {
            return counts;
        }
        byte[] val = sourceValue.clone();
        int[] code = sourceCode.clone();
        int[] offsets = new int[8];
        for (int k = 0; k < 8; k++) {
            offsets[k] = DY[k] * paddedWidth + DX[k];
        }
        int n = cand.length;
        while (n > 0) {
            int kept = 0;
            int flips = 0;
            for (int c = 0; c < n; c++) {
                int idx = cand[c];
                if (SIMPLE[code[idx]]) {
                    val[idx] ^= 1;
                    flips++;
                    for (int k = 0; k < 8; k++) {
                        code[idx - offsets[k]] ^= 1 << k;
                    }
                } else {
                    cand[kept++] = idx;
                }
            }
            n = kept;
            if (flips == 0) {
                break;
            }
        }
        if (n == 0) {
            return counts;
        }
        classify(val, code, Arrays.copyOf(cand, n), counts);
        return counts;
    }

    /** Padded indices of the mismatches in visiting order: decreasing float32(|p - th|), ties column-major. */
    private int[] sortedMismatches(float[] prediction, double th) {
        int count = 0;
        long[] packed = new long[16];
        int[] index = new int[16];
        for (int x = 0; x < width; x++) {
            for (int y = 0, p = x; y < height; y++, p += width) {
                boolean target = prediction[p] > th;
                if (target != source[p]) {
                    if (count == packed.length) {
                        packed = Arrays.copyOf(packed, 2 * count);
                        index = Arrays.copyOf(index, 2 * count);
                    }
                    float key = (float) Math.abs((double) prediction[p] - th);
                    // keys are >= 0, so their bit patterns sort like their values; invert for descending order
                    packed[count] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(key)) << 32) | count;
                    index[count] = (y + 1) * paddedWidth + x + 1;
                    count++;
                }
            }
        }
        long[] keys = Arrays.copyOf(packed, count);
        Arrays.sort(keys);
        int[] cand = new int[count];
        for (int i = 0; i < count; i++) {
            cand[i] = index[(int) keys[i]];
        }
        return cand;
    }

    private void classify(byte[] val, int[] code, int[] mismatches, int[] counts) {
        boolean[] warped = new boolean[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                warped[y * width + x] = val[(y + 1) * paddedWidth + x + 1] != 0;
            }
        }
        int[] comp = Components.label(warped, height, width, Components.Connectivity.FOUR).labels();
        int[] ids = new int[8];
        for (int idx : mismatches) {
            int x = idx % paddedWidth - 1;
            int y = idx / paddedWidth - 1;
            int nIds = 0;
            boolean hasZero = false;
            for (int k = 0; k < 8; k++) {
                int yy = y + DY[k];
                int xx = x + DX[k];
                if (yy < 0 || yy >= height || xx < 0 || xx >= width) {
                    continue;
                }
                int id = comp[yy * width + xx];
                if (id == 0) {
                    hasZero = true;
                    continue;
                }
                boolean seen = false;
                for (int j = 0; j < nIds; j++) {
                    seen |= ids[j] == id;
                }
                if (!seen) {
                    ids[nIds++] = id;
                }
            }
            int distinct = nIds + (hasZero ? 1 : 0);
            boolean foreground = warped[y * width + x];
            int type;
            if (distinct == 1 && hasZero) {
                type = foreground ? OBJECT_DELETION : OBJECT_ADDITION;
            } else if (distinct == 1) {
                type = foreground ? HOLE_ADDITION : HOLE_DELETION;
            } else if (distinct == 2) {
                if (!foreground) {
                    type = HOLE_ADDITION;
                } else {
                    type = splitsWhenRemoved(warped, code[idx], x, y) ? SPLIT : HOLE_DELETION;
                }
            } else {
                type = foreground ? SPLIT : MERGE;
            }
            counts[type]++;
        }
    }

    /**
     * Whether removing foreground pixel (x, y) leaves its 8 neighbours in more than two distinct
     * 4-connected components (background counted as one) of the classification window.
     */
    private boolean splitsWhenRemoved(boolean[] warped, int neighbourCode, int x, int y) {
        int x0;
        int x1;
        int y0;
        int y1;
        boolean zero = false;
        if (radius < 0) {
            x0 = 0;
            x1 = width - 1;
            y0 = 0;
            y1 = height - 1;
        } else {
            x0 = Math.max(0, x - radius);
            x1 = Math.min(width - 1, x + radius);
            y0 = Math.max(0, y - radius);
            y1 = Math.min(height - 1, y + radius);
        }
        for (int k = 0; k < 8; k++) {
            int yy = y + DY[k];
            int xx = x + DX[k];
            boolean inside = yy >= 0 && yy < height && xx >= 0 && xx < width;
            if (inside ? !warped[yy * width + xx] : radius >= 0) {
                zero = true;
            }
        }
        int needed = zero ? 2 : 3;
        if (RING_COMPONENTS[neighbourCode] < needed) {
            return false; // neighbours already connected around the pixel: at most one component
        }
        int centre = y * width + x;
        int s = ++stampValue;
        stamp[centre] = s;
        int comps = 0;
        for (int k = 0; k < 8; k++) {
            int yy = y + DY[k];
            int xx = x + DX[k];
            if (yy < 0 || yy >= height || xx < 0 || xx >= width) {
                continue;
            }
            int start = yy * width + xx;
            if (!warped[start] || stamp[start] == s) {
                continue;
            }
            comps++;
            if (comps >= needed) {
                return true;
            }
            flood(warped, start, s, x0, x1, y0, y1);
        }
        return false;
    }

    private void flood(boolean[] warped, int start, int s, int x0, int x1, int y0, int y1) {
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        stamp[start] = s;
        while (head < tail) {
            int p = queue[head++];
            int px = p % width;
            int py = p / width;
            if (px > x0 && warped[p - 1] && stamp[p - 1] != s) {
                stamp[p - 1] = s;
                queue[tail++] = p - 1;
            }
            if (px < x1 && warped[p + 1] && stamp[p + 1] != s) {
                stamp[p + 1] = s;
                queue[tail++] = p + 1;
            }
            if (py > y0 && warped[p - width] && stamp[p - width] != s) {
                stamp[p - width] = s;
                queue[tail++] = p - width;
            }
            if (py < y1 && warped[p + width] && stamp[p + width] != s) {
                stamp[p + width] = s;
                queue[tail++] = p + width;
            }
        }
    }

    /** Component ids (one per neighbour bit, -1 where the bit is not set) of the set bits of {@code code}. */
    private static int[] components(int code, boolean eight) {
        int[] comp = new int[8];
        Arrays.fill(comp, -1);
        for (int k = 0; k < 8; k++) {
            if ((code >> k & 1) != 0 && comp[k] < 0) {
                spread(code, eight, k, k, comp);
            }
        }
        return comp;
    }

    private static void spread(int code, boolean eight, int k, int id, int[] comp) {
        comp[k] = id;
        for (int j = 0; j < 8; j++) {
            if ((code >> j & 1) == 0 || comp[j] >= 0) {
                continue;
            }
            int dy = Math.abs(DY[j] - DY[k]);
            int dx = Math.abs(DX[j] - DX[k]);
            boolean adjacent = eight ? dy <= 1 && dx <= 1 : dy + dx == 1;
            if (adjacent) {
                spread(code, eight, j, id, comp);
            }
        }
    }

    /** Whether bit k is the first (lowest) member of its component among the 4-neighbours counted so far. */
    private static boolean firstOfComponent(int[] comp, int k) {
        for (int j = 0; j < k; j++) {
            if (comp[j] == comp[k] && DY[j] * DX[j] == 0) {
                return false;
            }
        }
        return true;
    }

    private static int distinct(int[] comp) {
        int n = 0;
        for (int k = 0; k < 8; k++) {
            if (comp[k] == k) {
                n++;
            }
        }
        return n;
    }
}
