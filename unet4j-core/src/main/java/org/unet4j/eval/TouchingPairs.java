package org.unet4j.eval;

import java.util.Arrays;

/**
 * Touching ground-truth objects and the ones a prediction merged (issue 19's measure of what the
 * separation-border weights change): two ground-truth objects touch when a pixel of one is a
 * 4-neighbour of a pixel of the other (6-neighbour in a volume); a touching pair is merged when
 * the predicted object that holds more than half of the first one's pixels also holds more than
 * half of the second one's.
 */
final class TouchingPairs {
    private TouchingPairs() {
    }

    /**
     * @param o the overlaps of one image
     * @param shape {height, width} or {depth, height, width} of the flat label arrays
     * @return {touching pairs, merged pairs}
     */
    static int[] count(ObjectOverlap o, int[] shape) {
        int n = o.gtCount();
        int[] g = o.gtIndex;
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != g.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + g.length + " pixels");
        }
        int width = shape[shape.length - 1];
        int height = shape[shape.length - 2];
        int plane = width * height;
        long[] keys = new long[16];
        int nk = 0;
        for (int i = 0; i < g.length; i++) {
            int a = g[i];
            if (a < 0) {
                continue;
            }
            int x = i % width;
            int y = (i / width) % height;
            int z = i / plane;
            int[] nbs = {x + 1 < width ? i + 1 : -1, y + 1 < height ? i + width : -1,
                shape.length == 3 && z + 1 < shape[0] ? i + plane : -1};
            for (int j : nbs) {
                if (j >= 0 && g[j] >= 0 && g[j] != a) {
                    if (nk == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * nk);
                    }
                    keys[nk++] = (long) Math.min(a, g[j]) * n + Math.max(a, g[j]);
                }
            }
        }
        Arrays.sort(keys, 0, nk);
        int[] majority = new int[n];
        Arrays.fill(majority, -1);
        for (int k = 0; k < o.pairCount.length; k++) {
            if (2 * o.pairCount[k] > o.gtSize[o.pairGt[k]]) {
                majority[o.pairGt[k]] = o.pairPred[k];
            }
        }
        int touching = 0;
        int merged = 0;
        for (int k = 0; k < nk; k++) {
            if (k > 0 && keys[k] == keys[k - 1]) {
                continue;
            }
            touching++;
            int a = (int) (keys[k] / n);
            int b = (int) (keys[k] % n);
            if (majority[a] >= 0 && majority[a] == majority[b]) {
                merged++;
            }
        }
        return new int[] {touching, merged};
    }
}
