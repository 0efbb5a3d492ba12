package org.unet4j.fiji.bridge;

import java.util.Map;

/**
 * One step or validation of a running training.
 *
 * @param validation whether this is a validation (then {@code metrics} holds its scores)
 * @param iteration steps done
 * @param total steps in all (0 when a time budget ends the run)
 * @param loss the running training loss (NaN before the first step)
 * @param secondsLeft estimated seconds left (NaN when unknown)
 * @param status a short text
 * @param metrics validation metrics ({@code loss}, {@code iou}, {@code dice}, ...), else empty
 */
public record TrainEvent(boolean validation, long iteration, long total, double loss, double secondsLeft, String status,
        Map<String, Double> metrics) {
}
