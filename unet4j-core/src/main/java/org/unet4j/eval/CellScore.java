package org.unet4j.eval;

import org.unet4j.InvalidInputException;

/**
 * A cell metric with its IoU threshold where it has one: AP at IoU τ. The key is the metric's
 * ({@code ap}) at the default threshold {@link CellMetrics#AP_THRESHOLD}, else {@code ap@τ}
 * ({@code ap@0.75}).
 *
 * @param kind the metric
 * @param threshold the IoU threshold of AP in (0, 1]; NaN for the metrics without one
 */
public record CellScore(CellMetric kind, double threshold) {
    /** Validates the threshold against the kind. */
    public CellScore {
        if (kind == null) {
            throw new InvalidInputException("a cell metric must be given");
        }
        if (kind.hasThreshold() ? !(threshold > 0 && threshold <= 1) : !Double.isNaN(threshold)) {
            throw new InvalidInputException(kind.key() + (kind.hasThreshold() ? ": IoU threshold " + threshold
                    + " is not in (0, 1]; give a threshold such as 0.5" : " has no threshold"));
        }
    }

    /** {@code kind} at its default threshold (AP: {@link CellMetrics#AP_THRESHOLD}). */
    public static CellScore of(CellMetric kind) {
        return new CellScore(kind, kind.hasThreshold() ? CellMetrics.AP_THRESHOLD : Double.NaN);
    }

    /** {@code iou}, {@code dice}, {@code seg}, {@code ap}, or {@code ap@0.75} for another threshold. */
    public String key() {
        if (!kind.hasThreshold() || threshold == CellMetrics.AP_THRESHOLD) {
            return kind.key();
        }
        return EvaluationJson.apKey(threshold);
    }
}
