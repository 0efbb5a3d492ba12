package org.unet4j.augment;

import java.util.random.RandomGenerator;

/**
 * All geometric transforms of one sample composed into a single map from tile pixel to source
 * image position, so that the tile is resampled once from the full source image:
 *
 * <pre>
 *   q      = p - c + d(p)            p: tile pixel (x, y), c: tile centre, d: elastic displacement
 *   source = s + A q                 s: source position of the tile centre (window centre + shift)
 *   A      = R(angle) D / m          D: mirror image / quarter turns, m: magnification
 * </pre>
 *
 * The elastic field is defined on the tile (the paper's coarse grid spans the network's input
 * window), rotation and scaling act about the tile centre. Positions outside the source image are
 * resolved by the resampler with mirror extension.
 */
final class CoordinateMap {
    private final int height;
    private final int width;
    private final double centreY;
    private final double centreX;
    private final double a00;
    private final double a01;
    private final double a10;
    private final double a11;
    private final ElasticField elastic;

    /**
     * @param height tile height
     * @param width tile width
     * @param centreY source row of the tile centre
     * @param centreX source column of the tile centre
     * @param a row-major 2x2 matrix {@code {a00, a01, a10, a11}} acting on (x, y) offsets
     * @param elastic displacement field over the tile, or {@code null}
     */
    CoordinateMap(int height, int width, double centreY, double centreX, double[] a, ElasticField elastic) {
        this.height = height;
        this.width = width;
        this.centreY = centreY;
        this.centreX = centreX;
        this.a00 = a[0];
        this.a01 = a[1];
        this.a10 = a[2];
        this.a11 = a[3];
        this.elastic = elastic;
    }

    /** The plain crop whose top-left pixel is source pixel ({@code top}, {@code left}). */
    static CoordinateMap crop(int height, int width, int top, int left) {
        return new CoordinateMap(height, width, top + (height - 1) / 2.0, left + (width - 1) / 2.0, new double[] {1, 0, 0, 1}, null);
    }

    /**
     * A random map drawn from {@code params}, for a tile whose untransformed top-left pixel is
     * source pixel ({@code top}, {@code left}). Draws, in this order: mirror image and quarter
     * turns, rotation angle, magnification, shift, elastic control displacements (each only when
     * its magnitude is not 0).
     */
    static CoordinateMap random(AugmentParams params, int height, int width, int top, int left, RandomGenerator random) {
        double[] a = {1, 0, 0, 1};
        if (params.flips() != AugmentParams.Flips.NONE) {
            if (random.nextBoolean()) {
                a = multiply(a, new double[] {-1, 0, 0, 1});
            }
            int quarterTurns = params.flips() == AugmentParams.Flips.DIHEDRAL ? random.nextInt(4) : 0;
            for (int k = 0; k < quarterTurns; k++) {
                a = multiply(new double[] {0, -1, 1, 0}, a);
            }
        }
        if (params.rotation() > 0) {
            double angle = Math.toRadians(params.rotation() * (2 * random.nextDouble() - 1));
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            a = multiply(new double[] {c, -s, s, c}, a);
        }
        if (params.scale() > 0) {
            double magnification = Math.exp(Math.log1p(params.scale()) * (2 * random.nextDouble() - 1));
            for (int i = 0; i < 4; i++) {
                a[i] /= magnification;
            }
        }
        double cy = top + (height - 1) / 2.0;
        double cx = left + (width - 1) / 2.0;
        if (params.shift() > 0) {
            cy += params.shift() * (2 * random.nextDouble() - 1);
            cx += params.shift() * (2 * random.nextDouble() - 1);
        }
        ElasticField elastic = params.elasticSigma() > 0
                ? ElasticField.random(params.elasticGrid(), params.elasticSigma(), height, width, random)
                : null;
        return new CoordinateMap(height, width, cy, cx, a, elastic);
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /**
     * True when every tile pixel lands exactly on a source pixel (a crop, possibly mirrored or
     * turned by quarter turns): resampling is then a copy, for images as for labels.
     */
    boolean isIntegral() {
        if (elastic != null) {
            return false;
        }
        for (double v : new double[] {a00, a01, a10, a11}) {
            if (v != 0 && v != 1 && v != -1) {
                return false;
            }
        }
        double y0 = centreY - a10 * (width - 1) / 2.0 - a11 * (height - 1) / 2.0;
        double x0 = centreX - a00 * (width - 1) / 2.0 - a01 * (height - 1) / 2.0;
        return y0 == Math.rint(y0) && x0 == Math.rint(x0);
    }

    /** Writes the source position of every pixel of tile row {@code y} into {@code sy[0..width)}, {@code sx[0..width)}. */
    void fillRow(int y, double[] sy, double[] sx) {
        double qy = y - (height - 1) / 2.0;
        double x0 = -(width - 1) / 2.0;
        if (elastic == null) {
            double by = centreY + a11 * qy;
            double bx = centreX + a01 * qy;
            for (int x = 0; x < width; x++) {
                double qx = x0 + x;
                sx[x] = bx + a00 * qx;
                sy[x] = by + a10 * qx;
            }
            return;
        }
        elastic.fillRow(y, sy, sx);
        for (int x = 0; x < width; x++) {
            double qx = x0 + x + sx[x];
            double qyd = qy + sy[x];
            sx[x] = centreX + a00 * qx + a01 * qyd;
            sy[x] = centreY + a10 * qx + a11 * qyd;
        }
    }

    private static double[] multiply(double[] l, double[] r) {
        return new double[] {
            l[0] * r[0] + l[1] * r[2], l[0] * r[1] + l[1] * r[3],
            l[2] * r[0] + l[3] * r[2], l[2] * r[1] + l[3] * r[3]
        };
    }
}
