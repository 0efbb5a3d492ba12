package org.unet4j.data;

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
        Image out = image.copy();
        if (method == Method.NONE) {
            return out;
        }
        int n = image.height() * image.width();
        float[] px = out.pixels();
        for (int c = 0; c < image.channels(); c++) {
            int off = c * n;
            double[] ab = shiftAndScale(px, off, n);
            for (int i = off; i < off + n; i++) {
                px[i] = (float) ((px[i] - ab[0]) * ab[1]);
            }
        }
        return out;
    }

    /** The sample with its image normalised. */
    public SegmentationSample apply(SegmentationSample sample) {
        return sample.withImage(apply(sample.image()));
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
                double std = Math.sqrt(sq / n);
                return new double[] {mean, std > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / std : 0};
            }
            default -> throw new IllegalStateException(method.toString());
        }
        double range = hi - lo;
        return new double[] {lo, range > 1e-12 * Math.max(1, Math.abs(lo)) ? 1 / range : 0};
    }

    /** The {@code p}-th percentile of sorted values, linear interpolation (NumPy's default). */
    static double percentile(float[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double f = pos - i;
        return sorted[i] + f * ((double) sorted[i + 1] - sorted[i]);
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
