package org.unet4j.loss;

import java.util.Arrays;

/**
 * Exact squared Euclidean distance transform (distances between pixel centres) by the lower
 * envelope of parabolas of Felzenszwalb and Huttenlocher ("Distance transforms of sampled
 * functions", Theory of Computing 8, 2012): one pass over the columns and one over the rows, each
 * linear in its length, so a grid of n pixels costs O(n).
 *
 * <p>Written by hand rather than taken from a library: the weight maps need exact distances
 * (not chamfer approximations) on plain Java arrays, computed many times on small windows (one
 * per object), and the only Maven Central implementations work on their own image types
 * (imglib2-algorithm's needs the imglib2 image stack). The algorithm is short and is tested
 * against brute force.
 *
 * <p>An instance keeps scratch buffers and is reused across calls; it is not thread-safe.
 */
public final class DistanceTransform {
    private double[] column = new double[0];
    private double[] out = new double[0];
    private double[] z = new double[1];
    private int[] v = new int[0];

    /**
     * Squared distance from each pixel centre to the nearest pixel where {@code feature} is true,
     * or {@link Double#POSITIVE_INFINITY} everywhere if there is none.
     */
    public static double[] squared(boolean[] feature, int height, int width) {
        if (feature.length != height * width) {
            throw new IllegalArgumentException("mask length " + feature.length + " != " + height + "x" + width);
        }
        double[] grid = new double[feature.length];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = feature[i] ? 0 : Double.POSITIVE_INFINITY;
        }
        new DistanceTransform().transform(grid, height, width);
        return grid;
    }

    /**
     * Replaces {@code grid} ({@code height * width}, row-major; 0 at feature pixels, +infinity
     * elsewhere, or any sampled function) by its squared-distance transform
     * {@code min_q (|p - q|^2 + grid[q])}.
     */
    public void transform(double[] grid, int height, int width) {
        ensure(Math.max(height, width));
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                column[y] = grid[y * width + x];
            }
            transform1d(column, height, out);
            for (int y = 0; y < height; y++) {
                grid[y * width + x] = out[y];
            }
        }
        for (int y = 0; y < height; y++) {
            int row = y * width;
            System.arraycopy(grid, row, column, 0, width);
            transform1d(column, width, out);
            System.arraycopy(out, 0, grid, row, width);
        }
    }

    /**
     * d[q] = min_p ((q - p)^2 + f[p]) over the first n samples. Only finite samples enter the
     * envelope, so infinite values never meet in arithmetic; with no finite sample, d is infinite.
     */
    private void transform1d(double[] f, int n, double[] d) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            double fq = f[q];
            if (fq == Double.POSITIVE_INFINITY) {
                continue;
            }
            double s = Double.NEGATIVE_INFINITY;
            while (k >= 0) {
                int p = v[k];
                s = ((fq + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
                if (s > z[k]) {
                    break;
                }
                k--;
            }
            k++;
            v[k] = q;
            z[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
        }
        if (k < 0) {
            Arrays.fill(d, 0, n, Double.POSITIVE_INFINITY);
            return;
        }
        z[k + 1] = Double.POSITIVE_INFINITY;
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) {
                j++;
            }
            double dq = q - v[j];
            d[q] = dq * dq + f[v[j]];
        }
    }

    private void ensure(int n) {
        if (column.length < n) {
            column = new double[n];
            out = new double[n];
            v = new int[n];
            z = new double[n + 1];
        }
    }
}
