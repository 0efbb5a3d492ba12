package org.unet4j.train;

import java.util.Map;

/**
 * Which validation has been the best so far, by the run's best metric, and whether the network
 * saved then was alive (its validation probabilities varied), so that a restart may go back to it.
 */
final class BestCheckpoint {
    private double value;
    private long iteration;
    private boolean alive = true;

    BestCheckpoint(RunState start) {
        value = start.bestValue();
        iteration = start.bestIteration();
    }

    /**
     * Whether {@code metrics}' value of {@code key} at {@code iteration} beats the best so far (a
     * missing value never does); if so it becomes the best.
     *
     * @param outputSpread the spread of the validation's foreground probabilities
     */
    boolean offer(String key, Map<String, Double> metrics, long iteration, double outputSpread) {
        double v = metrics.getOrDefault(key, Double.NaN);
        if (Double.isNaN(v) || !(Double.isNaN(value) || (Trainer.higherIsBetter(key) ? v > value : v < value))) {
            return false;
        }
        value = v;
        this.iteration = iteration;
        alive = !(outputSpread < Trainer.ALIVE_VALIDATION_SPREAD);
        return true;
    }

    double value() {
        return value;
    }

    long iteration() {
        return iteration;
    }

    /** Whether checkpoints/best holds a live network of this session's run to restart from. */
    boolean liveCheckpoint() {
        return alive && iteration > 0;
    }
}
