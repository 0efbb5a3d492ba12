package org.unet4j.train;

/**
 * The {@code --on-stall restart} policy's state: the stall detector, how often the run has
 * restarted, the learning-rate factor that each restart divided by {@link Trainer#RESTART_LR_FACTOR},
 * and the iteration of the last restart (where the warm-up starts again). Carried across sessions
 * in {@link RunState}.
 */
final class Restarts {
    private final long warmup;
    private double lrScale;
    private long restartIteration;
    private int count;
    private StallDetector stall;

    Restarts(RunState start, long warmup) {
        this.warmup = warmup;
        lrScale = start.lrScale();
        restartIteration = start.restartIteration();
        count = start.restarts();
        stall = new StallDetector(restartIteration + warmup);
    }

    StallDetector detector() {
        return stall;
    }

    /** The factor on the schedule's learning rate. */
    double lrScale() {
        return lrScale;
    }

    /** Iterations since the last restart (the schedule's position, so that its warm-up repeats). */
    long sinceRestart(long iteration) {
        return iteration - restartIteration;
    }

    int count() {
        return count;
    }

    /** Whether {@code action} calls for a restart now ({@link TrainConfig.StallAction#RESTART}, not yet {@link Trainer#MAX_RESTARTS} times). */
    boolean allowed(TrainConfig.StallAction action) {
        return action == TrainConfig.StallAction.RESTART && count < Trainer.MAX_RESTARTS;
    }

    /** Records a restart at {@code iteration}: a lower rate, the warm-up again, a fresh detector. */
    void restarted(long iteration) {
        count++;
        lrScale /= Trainer.RESTART_LR_FACTOR;
        restartIteration = iteration;
        stall = new StallDetector(iteration + warmup);
    }

    /** The run's state at {@code iteration}, for checkpoints. */
    RunState state(long iteration, RunClock clock, BestCheckpoint best, double lossAverage) {
        return new RunState(iteration, clock.elapsed(), clock.validationSeconds(), best.value(), best.iteration(), lossAverage, lrScale,
                restartIteration, count);
    }
}
