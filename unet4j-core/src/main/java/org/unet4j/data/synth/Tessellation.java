package org.unet4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A weighted, anisotropic Voronoi tessellation of the plane: cell k owns the points p that minimise
 * {@code d_k(p) = sqrt((p - s_k)' M_k (p - s_k)) / weight_k}, where {@code M_k} (determinant 1)
 * stretches the cell along a random direction. Weights give cells of very different sizes with
 * curved borders (small round profiles among large ones); the metrics give elongated profiles, as
 * in sections through neurites.
 *
 * <p>The nearest two cells of every pixel are found block by block: for a 16x16 block only the
 * seeds whose lower distance bound beats the second smallest upper bound can win, which makes the
 * search exact and about twenty times faster than trying every seed.
 */
final class Tessellation {
    private static final int BLOCK = 16;

    final int count;
    private final double[] sx;
    private final double[] sy;
    private final double[] inv;
    private final double[] ma;
    private final double[] mb;
    private final double[] mc;
    private final double[] elongation;
    /** Per cell: gray offset of its cytoplasm. */
    final double[] tone;
    /** Per cell: dense (darker, more textured) cytoplasm. */
    final boolean[] dense;

    private Tessellation(List<double[]> seeds) {
        count = seeds.size();
        sx = new double[count];
        sy = new double[count];
        inv = new double[count];
        ma = new double[count];
        mb = new double[count];
        mc = new double[count];
        elongation = new double[count];
        tone = new double[count];
        dense = new boolean[count];
        for (int k = 0; k < count; k++) {
            double[] s = seeds.get(k);
            sx[k] = s[0];
            sy[k] = s[1];
            inv[k] = 1 / s[2];
            double e = s[3];
            double c = StrictMath.cos(s[4]);
            double si = StrictMath.sin(s[4]);
            // M = R diag(1/e, e) R'
            ma[k] = c * c / e + si * si * e;
            mb[k] = c * si * (1 / e - e);
            mc[k] = si * si / e + c * c * e;
            elongation[k] = e;
            tone[k] = s[5];
            dense[k] = s[6] > 0;
        }
    }

    /**
     * Random seeds covering an {@code h x w} image and a margin of one cell diameter around it
     * (dart throwing with a minimum spacing that grows with the weights).
     */
    static Tessellation random(SynthRandom rng, int h, int w, double diameter) {
        double margin = diameter;
        double area = (h + 2 * margin) * (w + 2 * margin);
        int target = (int) Math.ceil(area / (0.8 * diameter * diameter));
        double orientation = rng.uniform(0, Math.PI);
        double orientationSpread = rng.uniform(0.3, 1.5);
        List<double[]> seeds = new ArrayList<>();
        int attempts = 0;
        while (seeds.size() < target && attempts < 40 * target) {
            attempts++;
            double weight = Math.max(0.4, Math.min(2.2, rng.logNormal(1, 0.42)));
            double x = rng.uniform(-margin, w + margin);
            double y = rng.uniform(-margin, h + margin);
            boolean free = true;
            for (double[] s : seeds) {
                double min = 0.42 * diameter * (weight + s[2]);
                if ((s[0] - x) * (s[0] - x) + (s[1] - y) * (s[1] - y) < min * min) {
                    free = false;
                    break;
                }
            }
            if (free) {
                double e = Math.max(1, Math.min(2.0, rng.logNormal(1.2, 0.25)));
                double angle = orientation + orientationSpread * rng.nextGaussian();
                boolean isDense = rng.chance(0.1);
                double t = rng.nextGaussian() * 0.03 - (isDense ? 0.07 : 0);
                seeds.add(new double[] {x, y, weight, e, angle, t, isDense ? 1 : 0});
            }
        }
        return new Tessellation(seeds);
    }

    private double distance2(int k, double px, double py) {
        double dx = px - sx[k];
        double dy = py - sy[k];
        return (ma[k] * dx * dx + 2 * mb[k] * dx * dy + mc[k] * dy * dy) * inv[k] * inv[k];
    }

    /**
     * For every pixel, at the (warped) position {@code (px[i], py[i])}: the nearest cell
     * ({@code owner}), the second nearest ({@code other}) and the distance in pixels to the border
     * between them ({@code dist}).
     */
    void assign(float[] px, float[] py, int h, int w, int[] owner, int[] other, float[] dist) {
        int[] candidates = new int[count];
        double[] upper = new double[count];
        for (int by = 0; by < h; by += BLOCK) {
            for (int bx = 0; bx < w; bx += BLOCK) {
                int yEnd = Math.min(h, by + BLOCK);
                int xEnd = Math.min(w, bx + BLOCK);
                double x0 = Double.MAX_VALUE;
                double x1 = -Double.MAX_VALUE;
                double y0 = Double.MAX_VALUE;
                double y1 = -Double.MAX_VALUE;
                for (int y = by; y < yEnd; y++) {
                    for (int x = bx; x < xEnd; x++) {
                        int i = y * w + x;
                        x0 = Math.min(x0, px[i]);
                        x1 = Math.max(x1, px[i]);
                        y0 = Math.min(y0, py[i]);
                        y1 = Math.max(y1, py[i]);
                    }
                }
                int nc = candidatesFor(x0, x1, y0, y1, candidates, upper);
                for (int y = by; y < yEnd; y++) {
                    for (int x = bx; x < xEnd; x++) {
                        nearestTwo(y * w + x, px, py, candidates, nc, owner, other, dist);
                    }
                }
            }
        }
    }

    private int candidatesFor(double x0, double x1, double y0, double y1, int[] candidates, double[] upper) {
        double u1 = Double.MAX_VALUE;
        double u2 = Double.MAX_VALUE;
        for (int k = 0; k < count; k++) {
            double fx = Math.max(Math.abs(x0 - sx[k]), Math.abs(x1 - sx[k]));
            double fy = Math.max(Math.abs(y0 - sy[k]), Math.abs(y1 - sy[k]));
            double u = Math.sqrt(fx * fx + fy * fy) * Math.sqrt(elongation[k]) * inv[k];
            upper[k] = u;
            if (u < u2) {
                if (u < u1) {
                    u2 = u1;
                    u1 = u;
                } else {
                    u2 = u;
                }
            }
        }
        int n = 0;
        for (int k = 0; k < count; k++) {
            double nx = Math.max(0, Math.max(x0 - sx[k], sx[k] - x1));
            double ny = Math.max(0, Math.max(y0 - sy[k], sy[k] - y1));
            double lower = Math.sqrt(nx * nx + ny * ny) / Math.sqrt(elongation[k]) * inv[k];
            if (lower <= u2 + 1e-9) {
                candidates[n++] = k;
            }
        }
        return n;
    }

    private void nearestTwo(int i, float[] px, float[] py, int[] candidates, int nc, int[] owner, int[] other, float[] dist) {
        double x = px[i];
        double y = py[i];
        int b1 = -1;
        int b2 = -1;
        double d1 = Double.MAX_VALUE;
        double d2 = Double.MAX_VALUE;
        for (int c = 0; c < nc; c++) {
            int k = candidates[c];
            double d = distance2(k, x, y);
            if (d < d2) {
                if (d < d1) {
                    d2 = d1;
                    b2 = b1;
                    d1 = d;
                    b1 = k;
                } else {
                    d2 = d;
                    b2 = k;
                }
            }
        }
        owner[i] = b1;
        other[i] = b2;
        dist[i] = (float) borderDistance(b1, b2, x, y);
    }

    /**
     * Distance from p to the border between cells a and b, to first order: the difference of their
     * distances divided by the length of its gradient.
     */
    private double borderDistance(int a, int b, double x, double y) {
        double da = Math.sqrt(distance2(a, x, y)) + 1e-9;
        double db = Math.sqrt(distance2(b, x, y)) + 1e-9;
        double[] ga = gradient(a, x, y, da);
        double[] gb = gradient(b, x, y, db);
        double gx = gb[0] - ga[0];
        double gy = gb[1] - ga[1];
        return (db - da) / Math.max(Math.sqrt(gx * gx + gy * gy), 1e-6);
    }

    /** Gradient of d_k at p, given d_k(p). */
    private double[] gradient(int k, double x, double y, double d) {
        double dx = x - sx[k];
        double dy = y - sy[k];
        double s = inv[k] * inv[k] / d;
        return new double[] {(ma[k] * dx + mb[k] * dy) * s, (mb[k] * dx + mc[k] * dy) * s};
    }
}
