package org.unet4j.train;

/**
 * Where a run stands, saved with every checkpoint ({@code state.json}) so that {@code --resume}
 * continues exactly there.
 *
 * @param iteration optimisation steps done
 * @param elapsedSeconds wall time spent in training so far (all sessions)
 * @param validationSeconds of which validation
 * @param bestValue the best validation value so far (NaN before the first validation)
 * @param bestIteration the iteration it was reached at (-1 before)
 * @param lossAverage the smoothed training loss
 * @param lrScale the factor on the learning rate left by restarts after the network stopped learning
 *     ({@link TrainConfig.StallAction#RESTART}); 1 before any (a state written without it reads as 1)
 * @param restartIteration the iteration of the last restart (its warm-up counts from there); 0 before any
 * @param restarts how many restarts the run has made
 */
public record RunState(long iteration, double elapsedSeconds, double validationSeconds, double bestValue, long bestIteration,
        double lossAverage, double lrScale, long restartIteration, int restarts) {
    public RunState {
        lrScale = lrScale > 0 ? lrScale : 1;
    }

    /** A state without restarts. */
    public RunState(long iteration, double elapsedSeconds, double validationSeconds, double bestValue, long bestIteration,
            double lossAverage) {
        this(iteration, elapsedSeconds, validationSeconds, bestValue, bestIteration, lossAverage, 1, 0, 0);
    }

    public static RunState start() {
        return new RunState(0, 0, 0, Double.NaN, -1, Double.NaN);
    }
}
