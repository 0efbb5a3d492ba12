package org.unet4j.augment;

import java.util.random.RandomGenerator;

/**
 * The paper's elastic deformation: random displacement vectors on a coarse {@code g x g} grid of
 * control points spanning a {@code height x width} tile from corner to corner, each component drawn
 * from a Gaussian with standard deviation sigma, interpolated to a smooth per-pixel displacement
 * field with bicubic interpolation ({@link Cubic}).
 *
 * <p>Bicubic interpolation needs one control point beyond each end; the grid is extended by
 * linear extrapolation, so the field continues smoothly to the tile's edges. The interpolation is
 * separable: the tap positions and weights of every row and every column are computed once, and a
 * row of the field costs one 4-tap sum over the grid columns plus one 4-tap sum per pixel.
 */
final class ElasticField {
    private final int grid;
    /** Extended control values, (grid + 2) x (grid + 2), row-major: y then x displacement grids. */
    private final double[] extDy;
    private final double[] extDx;
    private final Taps rows;
    private final Taps cols;

    private ElasticField(int grid, double[] nodesDy, double[] nodesDx, int height, int width) {
        this.grid = grid;
        this.extDy = extend(nodesDy, grid);
        this.extDx = extend(nodesDx, grid);
        this.rows = new Taps(height, grid);
        this.cols = new Taps(width, grid);
    }

    /**
     * A random field: {@code grid * grid} displacement vectors, y component then x component of
     * each control point in raster order, each {@code N(0, sigma^2)}.
     */
    static ElasticField random(int grid, double sigma, int height, int width, RandomGenerator random) {
        int n = grid * grid;
        double[] dy = new double[n];
        double[] dx = new double[n];
        for (int i = 0; i < n; i++) {
            dy[i] = sigma * random.nextGaussian();
            dx[i] = sigma * random.nextGaussian();
        }
        return new ElasticField(grid, dy, dx, height, width);
    }

    /** A field through the given control displacements ({@code grid * grid} each, raster order). */
    static ElasticField of(int grid, double[] nodesDy, double[] nodesDx, int height, int width) {
        if (nodesDy.length != grid * grid || nodesDx.length != grid * grid) {
            throw new IllegalArgumentException("need " + grid * grid + " control displacements per component");
        }
        return new ElasticField(grid, nodesDy.clone(), nodesDx.clone(), height, width);
    }

    /** Pixel coordinate (along a side of {@code size} pixels) of control point {@code k}. */
    static double nodePosition(int k, int grid, int size) {
        return size == 1 ? 0 : k * (size - 1) / (double) (grid - 1);
    }

    /** Writes the displacement of every pixel of row {@code y} into {@code dy[0..width)} and {@code dx[0..width)}. */
    void fillRow(int y, double[] dy, double[] dx) {
        int e = grid + 2;
        double[] rowDy = new double[e];
        double[] rowDx = new double[e];
        int k = rows.first[y];
        double w0 = rows.weights[4 * y];
        double w1 = rows.weights[4 * y + 1];
        double w2 = rows.weights[4 * y + 2];
        double w3 = rows.weights[4 * y + 3];
        for (int j = 0; j < e; j++) {
            int i = k * e + j;
            rowDy[j] = w0 * extDy[i] + w1 * extDy[i + e] + w2 * extDy[i + 2 * e] + w3 * extDy[i + 3 * e];
            rowDx[j] = w0 * extDx[i] + w1 * extDx[i + e] + w2 * extDx[i + 2 * e] + w3 * extDx[i + 3 * e];
        }
        int[] first = cols.first;
        double[] cw = cols.weights;
        for (int x = 0; x < first.length; x++) {
            int j = first[x];
            int q = 4 * x;
            dy[x] = cw[q] * rowDy[j] + cw[q + 1] * rowDy[j + 1] + cw[q + 2] * rowDy[j + 2] + cw[q + 3] * rowDy[j + 3];
            dx[x] = cw[q] * rowDx[j] + cw[q + 1] * rowDx[j + 1] + cw[q + 2] * rowDx[j + 2] + cw[q + 3] * rowDx[j + 3];
        }
    }

    /** The control values with one linearly extrapolated point added on every side. */
    private static double[] extend(double[] nodes, int g) {
        int e = g + 2;
        double[] ext = new double[e * e];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                ext[(i + 1) * e + j + 1] = nodes[i * g + j];
            }
        }
        for (int i = 1; i <= g; i++) {
            ext[i * e] = 2 * ext[i * e + 1] - ext[i * e + 2];
            ext[i * e + g + 1] = 2 * ext[i * e + g] - ext[i * e + g - 1];
        }
        for (int j = 0; j < e; j++) {
            ext[j] = 2 * ext[e + j] - ext[2 * e + j];
            ext[(g + 1) * e + j] = 2 * ext[g * e + j] - ext[(g - 1) * e + j];
        }
        return ext;
    }

    /**
     * For each pixel along one side: the first of its four extended control points and their
     * bicubic weights.
     */
    private static final class Taps {
        final int[] first;
        final double[] weights;

        Taps(int size, int grid) {
            first = new int[size];
            weights = new double[4 * size];
            double[] w = new double[4];
            for (int p = 0; p < size; p++) {
                double u = size == 1 ? 0 : p * (grid - 1) / (double) (size - 1);
                int k = Math.min((int) Math.floor(u), grid - 2);
                Cubic.weights(u - k, w);
                // control point k is extended index k + 1; its four taps start one before
                first[p] = k;
                System.arraycopy(w, 0, weights, 4 * p, 4);
            }
        }
    }
}
