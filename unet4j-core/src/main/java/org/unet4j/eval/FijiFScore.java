package org.unet4j.eval;

/**
 * The F-score rules of Fiji's {@code ClassificationStatistics}, used wherever the ISBI 2012
 * metrics turn tp/fp/fn into a score: precision is 1 when fp = 0, recall is 1 when fn = 0,
 * F = 2PR/(P+R) and 0 when P + R = 0; NaN counts give NaN. Maxima over thresholds start at 0
 * and keep strictly larger values, so NaN never wins.
 */
final class FijiFScore {
    private FijiFScore() {
    }

    /** The F-score of the counts (exact integers held in doubles, or NaN). */
    static double of(double tp, double fp, double fn) {
        if (Double.isNaN(tp) || Double.isNaN(fp) || Double.isNaN(fn)) {
            return Double.NaN;
        }
        double precision = fp == 0 ? 1.0 : tp / (tp + fp);
        double recall = fn == 0 ? 1.0 : tp / (tp + fn);
        return precision + recall > 0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
    }

    /** Index of Fiji's maximum (start at 0, keep strictly larger values), or -1 when no value is above 0. */
    static int argMax(double[] values) {
        double best = 0.0;
        int at = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > best) {
                best = values[i];
                at = i;
            }
        }
        return at;
    }

    /** The maximum as {@link #argMax} takes it (0 when no value is above 0). */
    static double max(double[] values) {
        int i = argMax(values);
        return i < 0 ? 0.0 : values[i];
    }
}
