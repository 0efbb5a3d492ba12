package org.unet4j.data;

/**
 * Connected components of a binary mask, labelled 1..n in raster order of their first pixel
 * (0 = background). Used for objects of a binary mask (8-connected, weight maps), for the ISBI
 * metrics (4-connected) and for instance outputs.
 *
 * <p>Written by hand rather than taken from a library: no well-kept Maven Central library labels
 * plain Java arrays without an image-model dependency (imglib2's labelling needs its own image
 * types), and the two-pass union-find below is short and fully tested.
 */
public final class Components {
    /** Pixel connectivity. */
    public enum Connectivity {
        /** Edge neighbours only. */
        FOUR,
        /** Edge and corner neighbours. */
        EIGHT
    }

    /** A labelling: {@code labels[y * width + x]} in 0..count. */
    public record Labelling(int height, int width, int[] labels, int count) {
        public LabelImage toLabelImage() {
            return new LabelImage(height, width, labels);
        }
    }

    private Components() {
    }

    /** Components of the pixels where {@code mask[i]} is true. */
    public static Labelling label(boolean[] mask, int height, int width, Connectivity connectivity) {
        if (mask.length != height * width) {
            throw new IllegalArgumentException("mask length " + mask.length + " != " + height + "x" + width);
        }
        int n = mask.length;
        int[] parent = new int[n + 1];
        int[] lab = new int[n];
        int next = 1;
        boolean eight = connectivity == Connectivity.EIGHT;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (!mask[i]) {
                    continue;
                }
                int l = 0;
                if (x > 0 && mask[i - 1]) {
                    l = union(parent, l, lab[i - 1]);
                }
                if (y > 0) {
                    int up = i - width;
                    if (mask[up]) {
                        l = union(parent, l, lab[up]);
                    }
                    if (eight) {
                        if (x > 0 && mask[up - 1]) {
                            l = union(parent, l, lab[up - 1]);
                        }
                        if (x + 1 < width && mask[up + 1]) {
                            l = union(parent, l, lab[up + 1]);
                        }
                    }
                }
                if (l == 0) {
                    l = next;
                    parent[next] = next;
                    next++;
                }
                lab[i] = l;
            }
        }
        // resolve to roots and renumber 1..count in order of first appearance
        int[] newId = new int[next];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (lab[i] != 0) {
                int r = find(parent, lab[i]);
                if (newId[r] == 0) {
                    newId[r] = ++count;
                }
                lab[i] = newId[r];
            }
        }
        return new Labelling(height, width, lab, count);
    }

    /** Components of the pixels whose label is not 0. */
    public static Labelling label(LabelImage image, Connectivity connectivity) {
        int[] l = image.labels();
        boolean[] mask = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
            mask[i] = l[i] != 0;
        }
        return label(mask, image.height(), image.width(), connectivity);
    }

    private static int find(int[] parent, int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    private static int union(int[] parent, int current, int other) {
        int ro = find(parent, other);
        if (current == 0) {
            return ro;
        }
        int rc = find(parent, current);
        if (rc != ro) {
            int lo = Math.min(rc, ro);
            parent[rc] = lo;
            parent[ro] = lo;
            return lo;
        }
        return rc;
    }
}
