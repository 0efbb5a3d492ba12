package org.unet4j.eval;

import java.util.Arrays;

/**
 * Objects of a ground-truth and a predicted instance labelling of one image and their pairwise
 * overlaps. Labels &gt; 0 are object ids (any values); 0 and negative values are background.
 */
final class ObjectOverlap {
    /** Pixel count of each ground-truth object (dense index 0..gtCount-1, in increasing id order). */
    final long[] gtSize;
    /** Pixel count of each predicted object (dense index, increasing id order). */
    final long[] predSize;
    /** Overlapping pairs: ground-truth index, predicted index and intersection, in increasing (gt, pred) order. */
    final int[] pairGt;
    final int[] pairPred;
    final long[] pairCount;
    /** Dense ground-truth index of each pixel, -1 for background. */
    final int[] gtIndex;

    private ObjectOverlap(long[] gtSize, long[] predSize, int[] pairGt, int[] pairPred, long[] pairCount, int[] gtIndex) {
        this.gtIndex = gtIndex;
        this.gtSize = gtSize;
        this.predSize = predSize;
        this.pairGt = pairGt;
        this.pairPred = pairPred;
        this.pairCount = pairCount;
    }

    static ObjectOverlap of(int[] gt, int[] pred) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException("ground truth has " + gt.length + " pixels, prediction " + pred.length);
        }
        int[] g = dense(gt);
        int[] p = dense(pred);
        int nGt = count(g);
        int nPred = count(p);
        long[] gtSize = new long[nGt];
        long[] predSize = new long[nPred];
        int[] start = new int[nGt + 1];
        for (int i = 0; i < g.length; i++) {
            if (g[i] >= 0) {
                gtSize[g[i]]++;
                if (p[i] >= 0) {
                    start[g[i] + 1]++;
                }
            }
            if (p[i] >= 0) {
                predSize[p[i]]++;
            }
        }
        for (int k = 0; k < nGt; k++) {
            start[k + 1] += start[k];
        }
        int[] fill = Arrays.copyOf(start, nGt);
        int[] grouped = new int[start[nGt]];
        for (int i = 0; i < g.length; i++) {
            if (g[i] >= 0 && p[i] >= 0) {
                grouped[fill[g[i]]++] = p[i];
            }
        }
        int[] scratch = new int[nPred];
        int[] touched = new int[nPred];
        int[] pg = new int[16];
        int[] pp = new int[16];
        long[] pc = new long[16];
        int pairs = 0;
        for (int a = 0; a < nGt; a++) {
            int nt = 0;
            for (int k = start[a]; k < start[a + 1]; k++) {
                int b = grouped[k];
                if (scratch[b] == 0) {
                    touched[nt++] = b;
                }
                scratch[b]++;
            }
            Arrays.sort(touched, 0, nt);
            for (int t = 0; t < nt; t++) {
                if (pairs == pg.length) {
                    pg = Arrays.copyOf(pg, 2 * pairs);
                    pp = Arrays.copyOf(pp, 2 * pairs);
                    pc = Arrays.copyOf(pc, 2 * pairs);
                }
                int b = touched[t];
                pg[pairs] = a;
                pp[pairs] = b;
                pc[pairs] = scratch[b];
                scratch[b] = 0;
                pairs++;
            }
        }
        return new ObjectOverlap(gtSize, predSize, Arrays.copyOf(pg, pairs), Arrays.copyOf(pp, pairs),
                Arrays.copyOf(pc, pairs), g);
    }

    int gtCount() {
        return gtSize.length;
    }

    int predCount() {
        return predSize.length;
    }

    /** IoU of pair {@code k}: intersection / union, in doubles as the scorer computes it. */
    double iou(int k) {
        long n = pairCount[k];
        return n / (double) (gtSize[pairGt[k]] + predSize[pairPred[k]] - n);
    }

    /** Labels mapped to 0..objects-1 in increasing id order, background (label &lt;= 0) to -1. */
    private static int[] dense(int[] labels) {
        int[] ids = new int[labels.length];
        int n = 0;
        for (int v : labels) {
            if (v > 0) {
                ids[n++] = v;
            }
        }
        Arrays.sort(ids, 0, n);
        int unique = 0;
        for (int i = 0; i < n; i++) {
            if (unique == 0 || ids[i] != ids[unique - 1]) {
                ids[unique++] = ids[i];
            }
        }
        int[] out = new int[labels.length];
        int last = Integer.MIN_VALUE;
        int lastIndex = -1;
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i];
            if (v <= 0) {
                out[i] = -1;
            } else {
                if (v != last) {
                    last = v;
                    lastIndex = Arrays.binarySearch(ids, 0, unique, v);
                }
                out[i] = lastIndex;
            }
        }
        return out;
    }

    private static int count(int[] dense) {
        int max = -1;
        for (int v : dense) {
            max = Math.max(max, v);
        }
        return max + 1;
    }
}
