package org.unet4j.eval;

import java.util.Arrays;
import org.unet4j.data.Components;

/**
 * Border thinning of a binarised prediction the way Fiji's {@code WatershedTransform2D} does it
 * for the "after border thinning" ISBI 2012 metrics: the classic Vincent–Soille flooding with
 * 4-connectivity on a two-level image (interior = level 0, border = level 1).
 *
 * <p>Written by hand, not taken from a library, because the scores depend on exactly which border
 * pixels become watershed pixels, and that depends on Fiji's processing order, which no library
 * reproduces: pixels of a level in column-major order (x outer, y inner); neighbours in the order
 * (x−1,y), (x,y−1), (x+1,y), (x,y+1); a FIFO queue; and the single {@code flag} variable of the
 * original pseudo-code, shared by the whole run. The interior's 4-connected components are the
 * basins; border pixels reached from two basins get label 0; border regions that touch no basin
 * become regions of their own. Label values are arbitrary: only the partition and the 0 pixels
 * matter to the scores.
 */
final class FijiWatershed {
    private static final int INIT = -1;
    private static final int MASK = -2;
    private static final int WSHED = 0;
    private static final int INQUEUE = -3;

    private FijiWatershed() {
    }

    /**
     * Labels of the thinned proposal ({@code height * width}, row-major): &gt; 0 regions, 0
     * watershed pixels.
     *
     * @param border {@code true} where the binarised prediction is membrane (border)
     * @return the labels and their count ({@code count} is an upper bound of the label values)
     */
    static Components.Labelling thin(boolean[] border, int height, int width) {
        int size = height * width;
        int[] lab = new int[size];
        Arrays.fill(lab, INIT);
        int[] fifo = new int[size];
        boolean flag = false;
        int current = 0;
        for (int level = 0; level < 2; level++) {
            boolean levelIsBorder = level == 1;
            boolean any = false;
            // pass 1: mark the level's pixels, queue those next to a labelled or watershed pixel
            int head = 0;
            int tail = 0;
            for (int x = 0; x < width; x++) {
                for (int y = 0, p = x; y < height; y++, p += width) {
                    if (border[p] != levelIsBorder) {
                        continue;
                    }
                    any = true;
                    lab[p] = MASK;
                    if ((x > 0 && lab[p - 1] >= WSHED) || (y > 0 && lab[p - width] >= WSHED)
                            || (x < width - 1 && lab[p + 1] >= WSHED) || (y < height - 1 && lab[p + width] >= WSHED)) {
                        fifo[tail++] = p;
                        lab[p] = INQUEUE;
                    }
                }
            }
            if (!any) {
                continue;
            }
            // pass 2: FIFO flooding
            while (head < tail) {
                int p = fifo[head++];
                int x = p % width;
                for (int k = 0; k < 4; k++) {
                    int q = neighbour(p, x, k, height, width);
                    if (q < 0) {
                        continue;
                    }
                    int lq = lab[q];
                    if (lq > 0) {
                        int lp = lab[p];
                        if (lp == INQUEUE || (lp == WSHED && flag)) {
                            lab[p] = lq;
                        } else if (lp > 0 && lp != lq) {
                            lab[p] = WSHED;
                            flag = false;
                        }
                    } else if (lq == WSHED) {
                        if (lab[p] == INQUEUE) {
                            lab[p] = WSHED;
                            flag = true;
                        }
                    } else if (lq == MASK) {
                        lab[q] = INQUEUE;
                        fifo[tail++] = q;
                    }
                }
            }
            // pass 3: pixels still masked are new minima: their 4-connected components are new regions
            boolean[] still = new boolean[size];
            boolean anyStill = false;
            for (int p = 0; p < size; p++) {
                if (lab[p] == MASK) {
                    still[p] = true;
                    anyStill = true;
                }
            }
            if (anyStill) {
                Components.Labelling cc = Components.label(still, height, width, Components.Connectivity.FOUR);
                int[] l = cc.labels();
                for (int p = 0; p < size; p++) {
                    if (l[p] > 0) {
                        lab[p] = l[p] + current;
                    }
                }
                current += cc.count();
            }
        }
        for (int p = 0; p < size; p++) {
            if (lab[p] < 0) {
                lab[p] = 0;
            }
        }
        return new Components.Labelling(height, width, lab, current);
    }

    /** Neighbour {@code k} of {@code p} in Fiji's order (x−1,y), (x,y−1), (x+1,y), (x,y+1), or −1 outside. */
    private static int neighbour(int p, int x, int k, int height, int width) {
        switch (k) {
            case 0:
                return x > 0 ? p - 1 : -1;
            case 1:
                return p >= width ? p - width : -1;
            case 2:
                return x < width - 1 ? p + 1 : -1;
            default:
                return p + width < height * width ? p + width : -1;
        }
    }
}
