package org.unet4j.eval;

import java.util.List;

/**
 * The ISBI 2012 metrics of a stack, pooled over its slices exactly as the reference scorer (and
 * Fiji) pools them, with the per-threshold tables and a per-slice value of each metric (the value
 * the metric has on that slice alone). A metric that was not computed is {@code null}.
 * Thresholds are {@code NaN} where no threshold gave a score above 0.
 *
 * @param slices number of slices
 * @param height slice height
 * @param width slice width
 * @param pixelError pixel error, or null
 * @param randError foreground-restricted Rand error, N² normalisation (the challenge's), or null
 * @param randErrorPairs the same with the older C(n, 2) normalisation, or null
 * @param warpingError warping error, or null
 * @param vRand V_Rand after border thinning, or null
 * @param vInfo V_Info after border thinning, or null
 */
public record IsbiResult(int slices, int height, int width, PixelError pixelError, RandError randError,
        RandError randErrorPairs, WarpingError warpingError, Score vRand, Score vInfo) {

    /** The pooled value of {@code metric}, or NaN when it was not computed. */
    public double value(IsbiMetric metric) {
        return switch (metric) {
            case PIXEL_ERROR -> pixelError == null ? Double.NaN : pixelError.value();
            case RAND_ERROR -> randError == null ? Double.NaN : randError.value();
            case WARPING_ERROR -> warpingError == null ? Double.NaN : warpingError.value();
            case V_RAND -> vRand == null ? Double.NaN : vRand.value();
            case V_INFO -> vInfo == null ? Double.NaN : vInfo.value();
        };
    }

    /** The value of {@code metric} on slice {@code s} alone, or NaN when it was not computed. */
    public double sliceValue(IsbiMetric metric, int s) {
        double[] v = switch (metric) {
            case PIXEL_ERROR -> pixelError == null ? null : pixelError.perSlice();
            case RAND_ERROR -> randError == null ? null : randError.perSlice();
            case WARPING_ERROR -> warpingError == null ? null : warpingError.perSlice();
            case V_RAND -> vRand == null ? null : vRand.perSlice();
            case V_INFO -> vInfo == null ? null : vInfo.perSlice();
        };
        return v == null ? Double.NaN : v[s];
    }

    /**
     * Pixel error = 1 − max F-score.
     *
     * @param value 1 − maxFScore
     * @param maxFScore the maximal F-score over the thresholds
     * @param bestThreshold where it was reached
     * @param accuracyValue 1 − maximal accuracy (Fiji's {@code getMetricValue}; not the challenge's)
     * @param accuracyBestThreshold where that was reached
     * @param atHalf fraction of wrong pixels at threshold 0.5 (not the challenge's)
     * @param perThreshold counts and scores per threshold, summed over slices
     * @param perSlice the pixel error of each slice alone
     */
    public record PixelError(double value, double maxFScore, double bestThreshold, double accuracyValue,
            double accuracyBestThreshold, double atHalf, List<PixelRow> perThreshold, double[] perSlice) {
    }

    /** Pixel counts at one threshold (interior = positive), summed over slices. */
    public record PixelRow(double threshold, long tp, long fp, long fn, long tn, double fScore, double accuracy) {
    }

    /**
     * Foreground-restricted Rand error = 1 − max F-score.
     *
     * @param variant {@code n2} or {@code pairs}
     * @param value 1 − maxFScore
     * @param maxFScore maximal F-score over the thresholds
     * @param bestThreshold where it was reached
     * @param perThreshold pair counts (exact integers, or NaN when a slice has no ground-truth
     *     interior) summed over slices
     * @param perSlice the Rand error of each slice alone
     */
    public record RandError(String variant, double value, double maxFScore, double bestThreshold,
            List<CountRow> perThreshold, double[] perSlice) {
    }

    /** Pair counts and their F-score at one threshold. */
    public record CountRow(double threshold, double tp, double fp, double fn, double fScore) {
    }

    /**
     * Warping error: minimum over thresholds of (split + merge pixels) / pixels of the stack.
     *
     * @param value the minimum
     * @param bestThreshold the first threshold reaching it
     * @param errorPixels split and merge pixels at that threshold
     * @param radius the classification window radius used
     * @param perThreshold counts of every mismatch type per threshold
     * @param perSlice the warping error of each slice alone
     */
    public record WarpingError(double value, double bestThreshold, long errorPixels, int radius,
            List<WarpingRow> perThreshold, double[] perSlice) {
    }

    /**
     * Mismatches of one threshold, summed over slices.
     *
     * @param counts pixels of each type, in the order merge, split, hole addition, object
     *     deletion, object addition, hole deletion ({@link #typeNames()})
     */
    public record WarpingRow(double threshold, double error, long errorPixels, long[] counts) {
        /** The scorer's names of the mismatch types, in the order of {@link #counts()}. */
        public static List<String> typeNames() {
            return List.of(SimplePointWarping.NAMES);
        }
    }

    /**
     * V_Rand or V_Info: maximum over thresholds of the per-slice F-score averaged over slices.
     *
     * @param value the maximum (0 when no threshold scores above 0)
     * @param bestThreshold where it was reached
     * @param perThreshold the slice-averaged score per threshold
     * @param perSlice the score of each slice alone
     */
    public record Score(double value, double bestThreshold, List<ScoreRow> perThreshold, double[] perSlice) {
    }

    /** A slice-averaged score at one threshold. */
    public record ScoreRow(double threshold, double score) {
    }
}
