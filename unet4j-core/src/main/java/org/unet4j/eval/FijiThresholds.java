package org.unet4j.eval;

import java.util.Arrays;
import org.unet4j.InvalidInputException;

/**
 * Threshold lists exactly as the Fiji evaluation code builds them:
 * {@code for (double th = min; th <= max; th += step)} in double arithmetic. So
 * {@code (0.0, 1.0, 0.1)} gives 11 values, the fourth being 0.30000000000000004 and the last
 * 0.9999999999999999, and {@code (0.0, 0.9, 0.1)} gives 10 values ending in 0.8999999999999999.
 * The metrics binarise with {@code value > th}, so these exact values matter.
 */
public final class FijiThresholds {
    private static final double[] CHALLENGE = range(0.0, 1.0, 0.1);
    private static final double[] CHALLENGE_WARPING = range(0.0, 0.9, 0.1);

    private FijiThresholds() {
    }

    /**
     * The thresholds {@code min, min + step, ...} accumulated in doubles while {@code <= max}.
     *
     * @throws InvalidInputException if {@code step} is not positive or the list would be empty
     *     or longer than 10,000 values
     */
    public static double[] range(double min, double max, double step) {
        if (!(step > 0) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new InvalidInputException("thresholds " + min + ":" + max + ":" + step
                    + " are not valid; use min:max:step with finite bounds and a positive step, e.g. 0:1:0.1");
        }
        if ((max - min) / step > 10_000) {
            throw new InvalidInputException("thresholds " + min + ":" + max + ":" + step
                    + " give more than 10000 values; use a larger step");
        }
        double[] out = new double[16];
        int n = 0;
        for (double th = min; th <= max; th += step) {
            if (n == out.length) {
                out = Arrays.copyOf(out, 2 * n);
            }
            out[n++] = th;
        }
        if (n == 0) {
            throw new InvalidInputException("thresholds " + min + ":" + max + ":" + step
                    + " are empty (min > max); give min <= max");
        }
        return Arrays.copyOf(out, n);
    }

    /** The 11 thresholds of the pixel, Rand, V_Rand and V_Info metrics: 0.0 .. 1.0 step 0.1. */
    public static double[] challenge() {
        return CHALLENGE.clone();
    }

    /** The 10 thresholds of the warping error: 0.0 .. 0.9 step 0.1. */
    public static double[] challengeWarping() {
        return CHALLENGE_WARPING.clone();
    }
}
