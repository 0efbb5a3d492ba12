package org.unet4j.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the report's metrics table: an image (or "mean", "all") and its scores by metric
 * name, in column order ("IoU", "Dice", "SEG", "AP@0.5", "pixel error", ...). A missing or NaN
 * value is shown as a dash.
 *
 * @param name what the row scores
 * @param values the scores
 * @param summary whether the row aggregates the others (shown bold, after a rule)
 */
public record MetricRow(String name, Map<String, Double> values, boolean summary) {
    public MetricRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A row of one image. */
    public static MetricRow of(String name, Map<String, Double> values) {
        return new MetricRow(name, values, false);
    }

    /** A row that aggregates the others (mean, over all images). */
    public static MetricRow summaryOf(String name, Map<String, Double> values) {
        return new MetricRow(name, values, true);
    }
}
