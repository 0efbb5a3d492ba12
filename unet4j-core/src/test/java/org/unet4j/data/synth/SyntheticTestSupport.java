package org.unet4j.data.synth;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Label-image checks for the synthetic data tests, written independently of the generators. */
final class SyntheticTestSupport {
    private SyntheticTestSupport() {
    }

    /**
     * The 4-connected pieces of equal non-zero labels: element p (p >= 1) of the result is the
     * label of piece p; element 0 is unused.
     */
    static int[] pieces(int[] labels, int h, int w) {
        int[] piece = new int[labels.length];
        int[] stack = new int[labels.length];
        int[] owner = new int[labels.length + 1];
        int count = 0;
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] == 0 || piece[s] != 0) {
                continue;
            }
            count++;
            owner[count] = labels[s];
            int top = 0;
            stack[top++] = s;
            piece[s] = count;
            while (top > 0) {
                int i = stack[--top];
                int x = i % w;
                int y = i / w;
                int[] next = {x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1};
                for (int j : next) {
                    if (j >= 0 && piece[j] == 0 && labels[j] == labels[s]) {
                        piece[j] = count;
                        stack[top++] = j;
                    }
                }
            }
        }
        return Arrays.copyOf(owner, count + 1);
    }

    /** Number of distinct pairs of different non-zero labels that are 8-neighbours somewhere. */
    static int touchingPairs(int[] labels, int h, int w) {
        Set<Long> pairs = new HashSet<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = labels[y * w + x];
                if (a == 0) {
                    continue;
                }
                for (int dy = 0; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((dy == 0 && dx <= 0) || nx < 0 || nx >= w || ny >= h) {
                            continue;
                        }
                        int b = labels[ny * w + nx];
                        if (b != 0 && b != a) {
                            pairs.add((long) Math.min(a, b) << 32 | Math.max(a, b));
                        }
                    }
                }
            }
        }
        return pairs.size();
    }

    static double fraction(int[] labels, int value) {
        int n = 0;
        for (int v : labels) {
            if (v == value) {
                n++;
            }
        }
        return n / (double) labels.length;
    }
}
