package org.unet4j.data.synth;

/**
 * Clean-up of generated instance labels. {@link org.unet4j.data.Components} labels the connected
 * components of a binary mask; here each id must be checked on its own (two touching cells are one
 * component of the mask), so the flood fill below works per id.
 */
final class Regions {
    private Regions() {
    }

    /**
     * Makes every id one 4-connected region: keeps the largest piece of each id and sets the
     * smaller pieces, and whole ids of fewer than {@code minPixels} pixels, to 0 (in place).
     */
    static void keepLargestPieces(int[] labels, int h, int w, int minPixels) {
        int n = labels.length;
        int[] piece = new int[n];
        int[] queue = new int[n];
        int maxId = 0;
        for (int l : labels) {
            maxId = Math.max(maxId, l);
        }
        int[] bestPiece = new int[maxId + 1];
        int[] bestSize = new int[maxId + 1];
        int[] sizes = new int[n + 1];
        int pieces = 0;
        for (int start = 0; start < n; start++) {
            int id = labels[start];
            if (id == 0 || piece[start] != 0) {
                continue;
            }
            pieces++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            piece[start] = pieces;
            while (head < tail) {
                int i = queue[head++];
                int x = i % w;
                int y = i / w;
                if (x > 0) {
                    tail = visit(labels, piece, queue, tail, i - 1, id, pieces);
                }
                if (x + 1 < w) {
                    tail = visit(labels, piece, queue, tail, i + 1, id, pieces);
                }
                if (y > 0) {
                    tail = visit(labels, piece, queue, tail, i - w, id, pieces);
                }
                if (y + 1 < h) {
                    tail = visit(labels, piece, queue, tail, i + w, id, pieces);
                }
            }
            sizes[pieces] = tail;
            if (tail > bestSize[id]) {
                bestSize[id] = tail;
                bestPiece[id] = pieces;
            }
        }
        for (int i = 0; i < n; i++) {
            int id = labels[i];
            if (id != 0 && (piece[i] != bestPiece[id] || sizes[piece[i]] < minPixels)) {
                labels[i] = 0;
            }
        }
    }

    private static int visit(int[] labels, int[] piece, int[] queue, int tail, int j, int id, int p) {
        if (labels[j] == id && piece[j] == 0) {
            piece[j] = p;
            queue[tail++] = j;
        }
        return tail;
    }

    /** Renumbers the non-zero ids 1..n in raster order of their first pixel (in place); returns n. */
    static int renumber(int[] labels) {
        int maxId = 0;
        for (int l : labels) {
            maxId = Math.max(maxId, l);
        }
        int[] map = new int[maxId + 1];
        int next = 0;
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l != 0) {
                if (map[l] == 0) {
                    map[l] = ++next;
                }
                labels[i] = map[l];
            }
        }
        return next;
    }
}
