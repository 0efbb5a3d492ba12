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
 */
public record RunState(long iteration, double elapsedSeconds, double validationSeconds, double bestValue, long bestIteration,
        double lossAverage) {
    public static RunState start() {
        return new RunState(0, 0, 0, Double.NaN, -1, Double.NaN);
    }
}
