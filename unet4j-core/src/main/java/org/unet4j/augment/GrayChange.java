package org.unet4j.augment;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.unet4j.data.Image;
import org.unet4j.data.Mirror;

/**
 * The gray-value changes drawn for one tile, applied in this order to every channel: gamma on the
 * channel's value range, contrast about its mean, brightness shift, Gaussian blur, Gaussian noise.
 * Brightness and noise are in units of the channel's standard deviation, so the changes mean the
 * same on raw 8-bit, 16-bit or normalised images.
 *
 * @param gamma exponent applied to {@code (v - min) / (max - min)} (1 = unchanged)
 * @param contrast factor on deviations from the mean (1 = unchanged)
 * @param brightness shift in standard deviations (0 = unchanged)
 * @param blur Gaussian blur sigma in pixels (0 = none)
 * @param noise noise standard deviation in standard deviations of the channel (0 = none)
 * @param noiseSeed seed of the noise
 */
record GrayChange(double gamma, double contrast, double brightness, double blur, double noise, long noiseSeed) {
    private static final int GAMMA_TABLE = 1024;

    /** No change. */
    static GrayChange identity() {
        return new GrayChange(1, 1, 0, 0, 0, 0);
    }

    /** Draws a change within {@code params}: gamma, contrast, brightness, blur, noise level, noise seed (each only when enabled). */
    static GrayChange random(AugmentParams params, RandomGenerator random) {
        double gamma = params.gamma() > 0 ? logUniform(params.gamma(), random) : 1;
        double contrast = params.contrast() > 0 ? logUniform(params.contrast(), random) : 1;
        double brightness = params.brightness() > 0 ? params.brightness() * (2 * random.nextDouble() - 1) : 0;
        double blur = params.blur() > 0 ? params.blur() * random.nextDouble() : 0;
        double noise = params.noise() > 0 ? params.noise() * random.nextDouble() : 0;
        long seed = noise > 0 ? random.nextLong() : 0;
        return new GrayChange(gamma, contrast, brightness, blur, noise, seed);
    }

    private static double logUniform(double relative, RandomGenerator random) {
        return Math.exp(Math.log1p(relative) * (2 * random.nextDouble() - 1));
    }

    boolean isIdentity() {
        return gamma == 1 && contrast == 1 && brightness == 0 && blur == 0 && noise == 0;
    }

    /** Applies the change to every channel of {@code image}, in place. */
    void apply(Image image) {
        if (isIdentity()) {
            return;
        }
        int n = image.height() * image.width();
        float[] px = image.pixels();
        SplittableRandom noiseRandom = new SplittableRandom(noiseSeed);
        for (int c = 0; c < image.channels(); c++) {
            int off = c * n;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            double sumSq = 0;
            for (int i = off; i < off + n; i++) {
                double v = px[i];
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                sumSq += v * v;
            }
            double mean = sum / n;
            double std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
            if (gamma != 1 || contrast != 1 || brightness != 0) {
                pointwise(px, off, n, min, max, mean, std);
            }
            if (blur > 0) {
                gaussianBlur(px, off, image.height(), image.width());
            }
            if (noise > 0) {
                float s = (float) (noise * std);
                for (int i = off; i < off + n; i++) {
                    px[i] += s * (float) noiseRandom.nextGaussian();
                }
            }
        }
    }

    /** Gamma (through a table with linear interpolation: {@code Math.pow} per pixel is too slow), contrast, brightness. */
    private void pointwise(float[] px, int off, int n, double min, double max, double mean, double std) {
        double range = max - min;
        boolean useGamma = gamma != 1 && range > 0;
        float[] table = new float[GAMMA_TABLE + 2];
        if (useGamma) {
            for (int i = 0; i <= GAMMA_TABLE; i++) {
                table[i] = (float) (min + range * Math.pow(i / (double) GAMMA_TABLE, gamma));
            }
            table[GAMMA_TABLE + 1] = table[GAMMA_TABLE];
        }
        float scale = (float) (GAMMA_TABLE / range);
        float lo = (float) min;
        float m = (float) mean;
        float k = (float) contrast;
        float shift = (float) (brightness * std);
        for (int i = off; i < off + n; i++) {
            float v = px[i];
            if (useGamma) {
                float u = (v - lo) * scale;
                int j = Math.min(GAMMA_TABLE, Math.max(0, (int) u));
                float f = u - j;
                v = table[j] + f * (table[j + 1] - table[j]);
            }
            px[i] = m + k * (v - m) + shift;
        }
    }

    /** Separable Gaussian blur of one channel (radius 3 sigma, mirrored at the tile's edges). */
    private void gaussianBlur(float[] px, int off, int h, int w) {
        int r = Math.max(1, (int) Math.ceil(3 * blur));
        float[] kernel = new float[2 * r + 1];
        double total = 0;
        for (int i = -r; i <= r; i++) {
            total += Math.exp(-i * i / (2 * blur * blur));
        }
        for (int i = -r; i <= r; i++) {
            kernel[i + r] = (float) (Math.exp(-i * i / (2 * blur * blur)) / total);
        }
        float[] tmp = new float[h * w];
        int[] xs = new int[w + 2 * r];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Mirror.index(i - r, w);
        }
        for (int y = 0; y < h; y++) {
            int row = off + y * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int k = 0; k <= 2 * r; k++) {
                    s += kernel[k] * px[row + xs[x + k]];
                }
                tmp[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            int row = off + y * w;
            for (int x = 0; x < w; x++) {
                px[row + x] = 0;
            }
            for (int k = 0; k <= 2 * r; k++) {
                float kv = kernel[k];
                int src = Mirror.index(y - r + k, h) * w;
                for (int x = 0; x < w; x++) {
                    px[row + x] += kv * tmp[src + x];
                }
            }
        }
    }
}
