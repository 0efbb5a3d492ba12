package org.unet4j.data.synth;

import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

/**
 * Electron-microscopy-like sections of dense neural tissue with ISBI 2012 style labels
 * (0 = membrane, 255 = interior).
 *
 * <p>The tissue is a weighted, anisotropic Voronoi tessellation ({@link Tessellation}: cells of
 * very different sizes, small round profiles among large elongated ones, curved borders) of a
 * smoothly warped plane (wavy membranes). A pixel is membrane when its distance to the border
 * between its two nearest cells is below half the local membrane thickness, which varies per
 * border and along it. The picture has
 * grainy cytoplasm whose tone varies per cell, dark membranes with a soft profile (the label edge
 * is where the darkening is half its peak, as an annotator would draw it), fuzzy dark densities
 * along some membranes, mitochondria (dark double outline, striped cristae), vesicle clusters,
 * small dark granules, optical blur and noise, with gray statistics close to the real ISBI slices.
 */
final class MembranesGenerator {
    private MembranesGenerator() {
    }

    static SyntheticSample generate(String name, int h, int w, long seed) {
        SynthRandom rng = new SynthRandom(seed);
        double diameter = Math.min(rng.uniform(40, 62), Math.max(h, w) / 2.0);
        double thickness = rng.uniform(4.2, 6.0);
        Tessellation cells = Tessellation.random(rng, h, w, diameter);
        double warp = rng.uniform(2.5, 6);
        double wiggle = rng.uniform(0.8, 1.8);
        float[] wx = Fields.smoothNoise(rng, h, w, diameter * 0.7);
        float[] wy = Fields.smoothNoise(rng, h, w, diameter * 0.7);
        float[] fx = Fields.smoothNoise(rng, h, w, 9);
        float[] fy = Fields.smoothNoise(rng, h, w, 9);
        float[] along = Fields.smoothNoise(rng, h, w, 10);
        long pairSalt = rng.nextLong();

        float[] px = new float[h * w];
        float[] py = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                px[i] = (float) (x + 0.5 + warp * wx[i] + wiggle * fx[i]);
                py[i] = (float) (y + 0.5 + warp * wy[i] + wiggle * fy[i]);
            }
        }
        int[] owner = new int[h * w];
        int[] other = new int[h * w];
        float[] dist = new float[h * w];
        cells.assign(px, py, h, w, owner, other, dist);
        snapToBorders(owner, dist, h, w);
        float[] half = new float[h * w];
        int[] labels = new int[h * w];
        for (int i = 0; i < labels.length; i++) {
            half[i] = (float) (0.5 * thickness * pairFactor(pairSalt, owner[i], other[i]) * (1 + 0.22 * along[i]));
            labels[i] = dist[i] < half[i] ? 0 : 255;
        }
        float[] image = render(rng, cells, owner, other, dist, half, pairSalt, h, w);
        return new SyntheticSample(name, SyntheticStyle.MEMBRANES, Image.gray(h, w, Fields.toGray8(image)), new LabelImage(h, w, labels));
    }

    /**
     * Keeps the sub-pixel border distances of the tessellation where they agree with the exact
     * distance to the pixels where the owner changes, and clamps them to it elsewhere (the first
     * order estimate fails near strongly curved borders).
     */
    private static void snapToBorders(int[] owner, float[] dist, int h, int w) {
        boolean[] border = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if ((x + 1 < w && owner[i + 1] != owner[i]) || (y + 1 < h && owner[i + w] != owner[i])
                        || (x > 0 && owner[i - 1] != owner[i]) || (y > 0 && owner[i - w] != owner[i])) {
                    border[i] = true;
                }
            }
        }
        float[] exact = Fields.distanceToMarked(border, h, w);
        for (int i = 0; i < dist.length; i++) {
            float lo = exact[i];
            float hi = exact[i] + 0.71f;
            dist[i] = Math.max(lo, Math.min(hi, dist[i]));
        }
    }

    /** Thickness factor of the border between cells a and b, in [0.6, 1.45], the same on both sides. */
    private static double pairFactor(long salt, int a, int b) {
        long key = salt ^ ((long) Math.min(a, b) << 32 | Math.max(a, b));
        SynthRandom r = new SynthRandom(SynthRandom.derive(key, 0));
        return 0.6 + 0.85 * r.nextDouble();
    }

    private static boolean densePair(long salt, int a, int b) {
        SynthRandom r = new SynthRandom(SynthRandom.derive(~salt ^ ((long) Math.min(a, b) << 32 | Math.max(a, b)), 1));
        return r.nextDouble() < 0.1;
    }

    private static float[] render(SynthRandom rng, Tessellation cells, int[] owner, int[] other, float[] dist, float[] half,
            long pairSalt, int h, int w) {
        double base = rng.uniform(0.55, 0.62);
        double membraneDark = rng.uniform(0.34, 0.44);
        float[] grain = Fields.smoothNoise(rng, h, w, 1.2);
        float[] clumps = Fields.smoothNoise(rng, h, w, 4);
        float[] patches = Fields.smoothNoise(rng, h, w, 14);
        float[] fuzz = Fields.smoothNoise(rng, h, w, 6);
        float[] light = Fields.smoothNoise(rng, h, w, Math.max(h, w) * 0.7);
        float[] spots = new float[h * w];
        addOrganelles(rng, owner, dist, half, spots, h, w);

        float[] img = new float[h * w];
        for (int i = 0; i < img.length; i++) {
            int cell = owner[i];
            double texture = (cells.dense[cell] ? 1.8 : 1) * (0.065 * grain[i] + 0.025 * clumps[i]) + 0.015 * patches[i];
            double v = base + cells.tone[cell] + texture;
            double u = dist[i] / half[i];
            double depth = membraneDark * (0.85 + 0.15 * fuzz[i]);
            v -= depth * StrictMath.exp(-0.693 * u * u * u * u);
            if (densePair(pairSalt, owner[i], other[i])) {
                double cloud = dist[i] / (2.2 * half[i]);
                v -= 0.13 * Math.max(0, 0.6 + fuzz[i]) * StrictMath.exp(-cloud * cloud);
            }
            v += spots[i];
            img[i] = (float) (v * (1 + 0.03 * light[i]));
        }
        float[] out = Fields.blur(img, h, w, rng.uniform(0.55, 0.8));
        Fields.addNoise(out, rng, rng.uniform(0.03, 0.042));
        return out;
    }

    /** Mitochondria, vesicle clusters and granules, kept inside single cells. */
    private static void addOrganelles(SynthRandom rng, int[] owner, float[] dist, float[] half, float[] spots,
            int h, int w) {
        double area = h * w;
        int mitochondria = rng.nextInt(1, (int) Math.ceil(area / 40000.0));
        for (int m = 0; m < mitochondria; m++) {
            for (int tries = 0; tries < 40; tries++) {
                double a = rng.uniform(12, 30);
                double b = Math.min(a * 0.85, rng.uniform(8, 15));
                double x = rng.uniform(0, w);
                double y = rng.uniform(0, h);
                double angle = rng.uniform(0, Math.PI);
                if (fits(owner, dist, half, h, w, x, y, a + 3, b + 3, angle)) {
                    mitochondrion(spots, h, w, x, y, a, b, angle, rng.uniform(3.2, 4.5));
                    break;
                }
            }
        }
        int clusters = rng.nextInt(1, Math.max(1, (int) (area / 25000.0)));
        for (int c = 0; c < clusters; c++) {
            double cx = rng.uniform(0, w);
            double cy = rng.uniform(0, h);
            int count = rng.nextInt(6, 25);
            for (int v = 0; v < count; v++) {
                double r = rng.uniform(1.8, 3.2);
                double x = cx + rng.nextGaussian() * 9;
                double y = cy + rng.nextGaussian() * 9;
                if (fits(owner, dist, half, h, w, x, y, r + 2, r + 2, 0)) {
                    ring(spots, h, w, x, y, r, -0.13, 0.03);
                }
            }
        }
        int vesicles = (int) (area / 2500);
        for (int v = 0; v < vesicles; v++) {
            double r = rng.uniform(1.6, 3.5);
            double x = rng.uniform(0, w);
            double y = rng.uniform(0, h);
            if (fits(owner, dist, half, h, w, x, y, r + 2, r + 2, 0)) {
                ring(spots, h, w, x, y, r, -rng.uniform(0.05, 0.11), 0.02);
            }
        }
        int granules = (int) (area / 1200);
        for (int g = 0; g < granules; g++) {
            double x = rng.uniform(0, w);
            double y = rng.uniform(0, h);
            double r = rng.uniform(0.7, 1.5);
            if (fits(owner, dist, half, h, w, x, y, r + 1, r + 1, 0)) {
                blob(spots, h, w, x, y, r, -rng.uniform(0.08, 0.2));
            }
        }
    }

    /** Whether an ellipse (semi-axes a, b) at (x, y) lies inside the image, in one cell, off its membrane. */
    private static boolean fits(int[] owner, float[] dist, float[] half, int h, int w, double x, double y, double a, double b,
            double angle) {
        double c = StrictMath.cos(angle);
        double s = StrictMath.sin(angle);
        int cell = -1;
        for (int k = 0; k <= 16; k++) {
            double t = 2 * Math.PI * k / 16;
            double u = k == 16 ? 0 : a * StrictMath.cos(t);
            double v = k == 16 ? 0 : b * StrictMath.sin(t);
            int px = (int) Math.floor(x + u * c - v * s);
            int py = (int) Math.floor(y + u * s + v * c);
            if (px < 0 || py < 0 || px >= w || py >= h) {
                return false;
            }
            int i = py * w + px;
            if (dist[i] < half[i] + 1.5 || (cell >= 0 && owner[i] != cell)) {
                return false;
            }
            cell = owner[i];
        }
        return true;
    }

    private static void mitochondrion(float[] f, int h, int w, double x, double y, double a, double b, double angle,
            double period) {
        double c = StrictMath.cos(angle);
        double s = StrictMath.sin(angle);
        int r = (int) Math.ceil(a + 3);
        for (int yy = Math.max(0, (int) y - r); yy <= Math.min(h - 1, (int) y + r); yy++) {
            for (int xx = Math.max(0, (int) x - r); xx <= Math.min(w - 1, (int) x + r); xx++) {
                double dx = xx + 0.5 - x;
                double dy = yy + 0.5 - y;
                double u = dx * c + dy * s;
                double v = -dx * s + dy * c;
                double q = Math.sqrt((u / a) * (u / a) + (v / b) * (v / b));
                double edge = (q - 1) * b;
                double value = -0.28 * StrictMath.exp(-edge * edge / 1.5);
                if (q < 1) {
                    value += -0.09 - 0.08 * (0.5 + 0.5 * StrictMath.cos(2 * Math.PI * u / period)) * Fields.smoothstep(1, 0.7, q);
                }
                f[yy * w + xx] += (float) value;
            }
        }
    }

    /** A vesicle: a dark ring of radius r with a lighter centre. */
    private static void ring(float[] f, int h, int w, double x, double y, double r, double ringValue, double centreValue) {
        int e = (int) Math.ceil(r + 3);
        for (int yy = Math.max(0, (int) y - e); yy <= Math.min(h - 1, (int) y + e); yy++) {
            for (int xx = Math.max(0, (int) x - e); xx <= Math.min(w - 1, (int) x + e); xx++) {
                double d = Math.hypot(xx + 0.5 - x, yy + 0.5 - y);
                double v = ringValue * StrictMath.exp(-(d - r) * (d - r) / 0.8) + (d < r ? centreValue : 0);
                f[yy * w + xx] += (float) v;
            }
        }
    }

    private static void blob(float[] f, int h, int w, double x, double y, double sigma, double amplitude) {
        int e = (int) Math.ceil(3 * sigma);
        double inv = 1 / (2 * sigma * sigma);
        for (int yy = Math.max(0, (int) y - e); yy <= Math.min(h - 1, (int) y + e); yy++) {
            for (int xx = Math.max(0, (int) x - e); xx <= Math.min(w - 1, (int) x + e); xx++) {
                double dx = xx + 0.5 - x;
                double dy = yy + 0.5 - y;
                f[yy * w + xx] += (float) (amplitude * StrictMath.exp(-(dx * dx + dy * dy) * inv));
            }
        }
    }
}
