package org.unet4j.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a training log: the state after {@code iteration} steps.
 *
 * @param iteration the number of optimisation steps done
 * @param loss the training loss (of this step, or averaged since the previous row); NaN if unknown
 * @param lr the learning rate; NaN if unknown
 * @param seconds wall-clock seconds since training started; NaN if unknown
 * @param validation validation results at this iteration, by metric name without the {@code val_}
 *     prefix ("loss", "iou", "dice", "pixel_error", "rand_error", ...), in column order; empty on
 *     rows without validation
 */
public record CurvePoint(long iteration, double loss, double lr, double seconds, Map<String, Double> validation) {
    public CurvePoint {
        validation = validation == null || validation.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    }

    /** A row without validation. */
    public static CurvePoint training(long iteration, double loss, double lr, double seconds) {
        return new CurvePoint(iteration, loss, lr, seconds, Map.of());
    }

    public boolean hasValidation() {
        return !validation.isEmpty();
    }
}
