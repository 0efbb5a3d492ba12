package org.unet4j.api;

import java.util.Map;

/**
 * One event of a running {@link Training}: an optimisation step or a validation.
 *
 * @param kind what happened
 * @param iteration steps done so far (of the whole run)
 * @param totalIterations the run's steps in all; 0 when a time budget ends the run
 * @param loss the running average of the training loss; NaN before the first step
 * @param secondsLeft the estimated time to the end (from the pace so far or the time budget); NaN when unknown
 * @param status a short human-readable text ({@code "loss 0.2311, 2 min 10 s left"})
 * @param validation with {@link Kind#VALIDATION}: the metrics on the validation images
 *                   ({@code loss}, {@code iou}, {@code dice}, {@code rand_error}, ...); else empty
 */
public record TrainingProgress(Kind kind, long iteration, long totalIterations, double loss, double secondsLeft, String status,
        Map<String, Double> validation) {
    /** The kinds of events. */
    public enum Kind {
        /** A step (or a resumed start) was done. */
        STEP,
        /** The network was scored on the validation images. */
        VALIDATION
    }

    /** Copies the validation map. */
    public TrainingProgress {
        validation = Map.copyOf(validation);
    }
}
