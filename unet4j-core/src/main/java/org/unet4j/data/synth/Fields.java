package org.unet4j.data.synth;

/**
 * Scalar fields on a {@code height x width} grid (row-major {@code float[]}) for the generators:
 * smooth random fields, Gaussian blur, noise, and conversion to 8-bit gray values.
 */
final class Fields {
    private Fields() {
    }

    /**
     * A smooth random field with zero mean and unit standard deviation whose features are about
     * {@code scale} pixels wide: Gaussian values on a lattice of that spacing, interpolated with
     * cubic B-splines (smooth, no visible grid).
     */
    static float[] smoothNoise(SynthRandom rng, int height, int width, double scale) {
        int gh = (int) Math.ceil(height / scale) + 4;
        int gw = (int) Math.ceil(width / scale) + 4;
        float[] lattice = new float[gh * gw];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = (float) rng.nextGaussian();
        }
        // along x for every lattice row, then along y
        float[] rows = new float[gh * width];
        for (int x = 0; x < width; x++) {
            double f = x / scale + 1;
            int k = (int) f;
            double[] w = bspline(f - k);
            for (int gy = 0; gy < gh; gy++) {
                int o = gy * gw + k - 1;
                rows[gy * width + x] = (float) (w[0] * lattice[o] + w[1] * lattice[o + 1] + w[2] * lattice[o + 2] + w[3] * lattice[o + 3]);
            }
        }
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            double f = y / scale + 1;
            int k = (int) f;
            double[] w = bspline(f - k);
            int o = (k - 1) * width;
            for (int x = 0; x < width; x++) {
                int j = o + x;
                out[y * width + x] = (float) (w[0] * rows[j] + w[1] * rows[j + width] + w[2] * rows[j + 2 * width]
                        + w[3] * rows[j + 3 * width]);
            }
        }
        return normalise(out);
    }

    private static double[] bspline(double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        double u = 1 - t;
        return new double[] {u * u * u / 6, (3 * t3 - 6 * t2 + 4) / 6, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, t3 / 6};
    }

    /** Shifts and scales {@code a} in place to zero mean and unit standard deviation (if it varies). */
    static float[] normalise(float[] a) {
        double s = 0;
        double s2 = 0;
        for (float v : a) {
            s += v;
            s2 += (double) v * v;
        }
        double mean = s / a.length;
        double var = s2 / a.length - mean * mean;
        double inv = var > 1e-12 ? 1 / Math.sqrt(var) : 1;
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((a[i] - mean) * inv);
        }
        return a;
    }

    /** Gaussian blur with standard deviation {@code sigma} (pixels), mirrored at the borders; a new array. */
    static float[] blur(float[] a, int height, int width, double sigma) {
        if (sigma <= 0) {
            return a.clone();
        }
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = StrictMath.exp(-0.5 * i * i / (sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (k[i] / sum);
        }
        float[] tmp = new float[a.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * a[row + reflect(x + i, width)];
                }
                tmp[row + x] = acc;
            }
        }
        float[] out = new float[a.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * tmp[reflect(y + i, height) * width + x];
                }
                out[y * width + x] = acc;
            }
        }
        return out;
    }

    /** Reflect-101 index into 0..n-1 (any offset). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Adds independent Gaussian noise of standard deviation {@code sigma} in place. */
    static void addNoise(float[] a, SynthRandom rng, double sigma) {
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) (sigma * rng.nextGaussian());
        }
    }

    /** Maps intensities in [0, 1] to whole gray values 0..255 (clamped), as an 8-bit file would hold them. */
    static float[] toGray8(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.round(Math.max(0f, Math.min(1f, a[i])) * 255f);
        }
        return out;
    }

    /** Smooth step from 0 at {@code e0} to 1 at {@code e1}. */
    static double smoothstep(double e0, double e1, double x) {
        double t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }

    /**
     * Euclidean distance from every pixel centre to the nearest marked pixel centre (0 on marked
     * pixels; {@link Float#MAX_VALUE} where nothing is marked). The exact linear-time transform of
     * Felzenszwalb and Huttenlocher (2012), written here because the data package has no image
     * library to take it from and it is a few lines.
     */
    static float[] distanceToMarked(boolean[] marked, int h, int w) {
        double inf = 1e20;
        double[] g = new double[h * w];
        for (int i = 0; i < g.length; i++) {
            g[i] = marked[i] ? 0 : inf;
        }
        int n = Math.max(h, w);
        double[] f = new double[n];
        double[] d = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                f[y] = g[y * w + x];
            }
            transform1d(f, h, d, v, z);
            for (int y = 0; y < h; y++) {
                g[y * w + x] = d[y];
            }
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(g, y * w, f, 0, w);
            transform1d(f, w, d, v, z);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = d[x] >= inf ? Float.MAX_VALUE : (float) Math.sqrt(d[x]);
            }
        }
        return out;
    }

    private static double intersection(double[] f, int p, int q) {
        return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
    }

    /** One-dimensional squared distance transform (lower envelope of parabolas). */
    private static void transform1d(double[] f, int n, double[] d, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = intersection(f, v[k], q);
            while (s <= z[k]) {
                k--;
                s = intersection(f, v[k], q);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            d[q] = dq * dq + f[v[k]];
        }
    }
}
