package org.unet4j.eval;

import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link IsbiMetrics} computes and how.
 *
 * @param metrics the metrics to compute (not empty)
 * @param thresholds binarisation thresholds of the pixel error, Rand error, V_Rand and V_Info
 *     (challenge: {@link FijiThresholds#challenge()}, 0.0 .. 1.0 step 0.1)
 * @param warpingThresholds thresholds of the warping error (challenge:
 *     {@link FijiThresholds#challengeWarping()}, 0.0 .. 0.9 step 0.1)
 * @param warpingRadius radius of the window that classifies the remaining warping mismatches
 *     (challenge: 20)
 * @param threads slices scored in parallel (1 = on the calling thread only)
 */
public record IsbiOptions(Set<IsbiMetric> metrics, double[] thresholds, double[] warpingThresholds, int warpingRadius,
        int threads) {
    /** The challenge's radius of the mismatch classification window. */
    public static final int CHALLENGE_RADIUS = 20;

    public IsbiOptions {
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("no ISBI metric selected");
        }
        metrics = Set.copyOf(metrics);
        thresholds = checked(thresholds, "thresholds");
        warpingThresholds = checked(warpingThresholds, "warping thresholds");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** All five metrics with the challenge's thresholds and radius, on one thread. */
    public static IsbiOptions challenge() {
        return new IsbiOptions(EnumSet.allOf(IsbiMetric.class), FijiThresholds.challenge(),
                FijiThresholds.challengeWarping(), CHALLENGE_RADIUS, 1);
    }

    /** These options computing only {@code selected}. */
    public IsbiOptions withMetrics(Set<IsbiMetric> selected) {
        return new IsbiOptions(selected, thresholds, warpingThresholds, warpingRadius, threads);
    }

    /** These options on {@code n} threads. */
    public IsbiOptions withThreads(int n) {
        return new IsbiOptions(metrics, thresholds, warpingThresholds, warpingRadius, n);
    }

    /** Whether {@code metric} is selected. */
    public boolean has(IsbiMetric metric) {
        return metrics.contains(metric);
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public double[] warpingThresholds() {
        return warpingThresholds.clone();
    }

    private static double[] checked(double[] values, String what) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("no " + what);
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be finite, got " + v);
            }
        }
        return values.clone();
    }
}
