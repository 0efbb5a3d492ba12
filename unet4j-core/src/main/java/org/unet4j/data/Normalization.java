package org.unet4j.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.unet4j.InvalidInputException;

/**
 * Per-image, per-channel intensity normalisation, applied to every image before it reaches the
 * network (training, validation and prediction alike, so the network always sees the same range).
 *
 * <ul>
 *   <li>{@link Method#PERCENTILE} (default): {@code (x - p_low) / (p_high - p_low)} with the
 *       {@code low}/{@code high} percentiles (1 and 99.8 by default): robust to a few hot or dead
 *       pixels, as in CSBDeep/StarDist. Values outside are not clipped (they are rare and carry
 *       information).
 *   <li>{@link Method#MINMAX}: {@code (x - min) / (max - min)}, to [0, 1].
 *   <li>{@link Method#ZSCORE}: {@code (x - mean) / std}: for slices whose histograms are clipped
 *       or gappy (ISBI 2012 slices 20/21), where percentiles land on few grey levels.
 *   <li>{@link Method#NONE}: raw values (for data that is already normalised).
 * </ul>
 *
 * A constant channel (zero range or zero standard deviation) becomes all zeros, never NaN.
 * Percentiles interpolate linearly between order statistics, as NumPy's default does.
 *
 * @param method the method
 * @param low the low percentile in [0, 100) (used by {@link Method#PERCENTILE})
 * @param high the high percentile in (low, 100] (used by {@link Method#PERCENTILE})
 */
public record Normalization(Method method, double low, double high) {
    /** Normalisation methods. */
    public enum Method {
        NONE, MINMAX, PERCENTILE, ZSCORE
    }

    /** Percentile 1–99.8, the default. */
    public static final Normalization DEFAULT = new Normalization(Method.PERCENTILE, 1, 99.8);

    public Normalization {
        if (method == null) {
            throw new IllegalArgumentException("normalisation method is null");
        }
        if (!(low >= 0 && low < high && high <= 100)) {
            throw new InvalidInputException("percentiles " + fmt(low) + "," + fmt(high) + " are not valid;"
                    + " expected 0 <= LOW < HIGH <= 100, e.g. 1,99.8");
        }
    }

    /** A method with the default percentiles 1 and 99.8. */
    public static Normalization of(Method method) {
        return new Normalization(method, DEFAULT.low, DEFAULT.high);
    }

    /** A normalised copy of {@code image} (the input is not changed). */
    public Image apply(Image image) {
        return fit(image).apply(image);
    }

    /** The sample with its image normalised. */
    public SegmentationSample apply(SegmentationSample sample) {
        return sample.withImage(apply(sample.image()));
    }

    /** The shift and scale of every channel of {@code image}: {@link #apply} is {@code fit(image).apply(image)}. */
    public Fitted fit(Image image) {
        int n = image.height() * image.width();
        double[] shift = new double[image.channels()];
        double[] scale = new double[image.channels()];
        float[] px = image.pixels();
        for (int c = 0; c < image.channels(); c++) {
            if (method == Method.NONE) {
                scale[c] = 1;
                continue;
            }
            int off = c * n;
            double[] ab = shiftAndScale(px, off, n);
            shift[c] = ab[0];
            scale[c] = ab[1];
        }
        return new Fitted(method, shift, scale);
    }

    /**
     * {@link #fit(Image)} of an image that is read in bands of rows and never held as a whole (the
     * driver of a distributed prediction normalises a large image for its tiles). The result is
     * the same to the last bit: min-max and z-score visit the pixels in the same order, and the
     * percentiles' order statistics are found exactly by two counting passes over the float values
     * instead of a sort ({@link StreamedStatistics}).
     *
     * @param bands {@code bands.rows(y, n)}: rows {@code [y, y + n)} of every channel, read on demand (twice at most)
     */
    public Fitted fit(Bands bands) {
        return StreamedStatistics.fit(this, bands);
    }

    /** An image read band by band: {@link #rows} gives rows {@code [y, y + count)} of every channel. */
    public interface Bands {
        int channels();

        int height();

        int width();

        /** Rows {@code [y, y + count)} of every channel, as an image of {@code count x width()}. */
        Image rows(int y, int count);
    }

    /**
     * A fitted normalisation: {@code (x - shift[c]) * scale[c]} per channel {@code c} (scale 1/range
     * or 1/std; 0 for a constant channel), computed in double as {@link #apply} does.
     */
    public record Fitted(Method method, double[] shift, double[] scale) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** A normalised copy of {@code image}, which has this fit's channels (any size: a part of the fitted image). */
        public Image apply(Image image) {
            if (image.channels() != shift.length) {
                throw new IllegalArgumentException(image.channels() + " channels, fitted for " + shift.length);
            }
            Image out = image.copy();
            if (method == Method.NONE) {
                return out;
            }
            int n = image.height() * image.width();
            float[] px = out.pixels();
            for (int c = 0; c < image.channels(); c++) {
                int off = c * n;
                double a = shift[c];
                double b = scale[c];
                for (int i = off; i < off + n; i++) {
                    px[i] = (float) ((px[i] - a) * b);
                }
            }
            return out;
        }
    }

    /** {@code {centre, 1/scale}} for one channel; 1/scale is 0 for a constant channel. */
    private double[] shiftAndScale(float[] px, int off, int n) {
        double lo;
        double hi;
        switch (method) {
            case MINMAX -> {
                lo = Double.POSITIVE_INFINITY;
                hi = Double.NEGATIVE_INFINITY;
                for (int i = off; i < off + n; i++) {
                    lo = Math.min(lo, px[i]);
                    hi = Math.max(hi, px[i]);
                }
            }
            case PERCENTILE -> {
                float[] sorted = Arrays.copyOfRange(px, off, off + n);
                Arrays.sort(sorted);
                lo = percentile(sorted, low);
                hi = percentile(sorted, high);
            }
            case ZSCORE -> {
                double sum = 0;
                for (int i = off; i < off + n; i++) {
                    sum += px[i];
                }
                double mean = sum / n;
                double sq = 0;
                for (int i = off; i < off + n; i++) {
                    double d = px[i] - mean;
                    sq += d * d;
                }
                return zscore(mean, sq, n);
            }
            default -> throw new IllegalStateException(method.toString());
        }
        return range(lo, hi);
    }

    /** {@code {lo, 1/(hi - lo)}}, or 0 for a (near) constant channel. */
    static double[] range(double lo, double hi) {
        double range = hi - lo;
        return new double[] {lo, range > 1e-12 * Math.max(1, Math.abs(lo)) ? 1 / range : 0};
    }

    /** {@code {mean, 1/std}} from the sum of squared deviations, or 0 for a (near) constant channel. */
    static double[] zscore(double mean, double squares, long n) {
        double std = Math.sqrt(squares / n);
        return new double[] {mean, std > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / std : 0};
    }

    /** The {@code p}-th percentile of sorted values, linear interpolation (NumPy's default). */
    static double percentile(float[] sorted, double p) {
        return percentile(sorted.length, p, k -> sorted[(int) k]);
    }

    /** Order statistic {@code k} (0-based) of {@code n} values. */
    interface Ranked {
        float at(long k);
    }

    /** The {@code p}-th percentile of {@code n} values given by their order statistics. */
    static double percentile(long n, double p, Ranked ranked) {
        double pos = p / 100 * (n - 1);
        long i = (long) Math.floor(pos);
        if (i >= n - 1) {
            return ranked.at(n - 1);
        }
        double f = pos - i;
        float a = ranked.at(i);
        return a + f * ((double) ranked.at(i + 1) - a);
    }

    /** The order statistics {@link #percentile(long, double, Ranked)} reads for {@code p} ({@code i} and {@code i + 1}, or the last). */
    static long[] ranksOf(long n, double p) {
        double pos = p / 100 * (n - 1);
        long i = (long) Math.floor(pos);
        return i >= n - 1 ? new long[] {n - 1} : new long[] {i, i + 1};
    }

    /** Text for messages and reports, e.g. {@code percentile 1-99.8 per channel}. */
    public String describe() {
        return switch (method) {
            case NONE -> "none (raw values)";
            case MINMAX -> "min-max to [0,1] per image and channel";
            case PERCENTILE -> "percentile " + fmt(low) + "-" + fmt(high) + " per image and channel";
            case ZSCORE -> "z-score (mean 0, std 1) per image and channel";
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
