package org.unet4j.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Notices a training run whose network has stopped learning while everything else looks normal:
 * the "all-black prediction" of U-Net trainers. Plain numbers in, a verdict out; no tensors.
 *
 * <p>Two signs, either of which is enough:
 * <ul>
 *   <li><b>Constant output.</b> The spread over the pixels of the class-score difference of a
 *       training tile ({@link NetworkProbe#outputSpread()}, probed every {@link #PROBE_EVERY}
 *       iterations) stays below {@link #FLAT_SPREAD} for {@link #FLAT_PROBES} probes in a row, or
 *       the foreground probability of the validation images varies by less than
 *       {@link #FLAT_VALIDATION} (standard deviation over their pixels). At initialisation the spread
 *       is about 0.3; a learning network's grows to several units. A collapsed one falls to
 *       0.001-0.01 (docs/TRAINING.md, "Training that dies").
 *   <li><b>Loss at the constant-prediction level.</b> Over the last {@link #PLATEAU_WINDOW}
 *       iterations the training loss averaged at least {@link #PLATEAU_RATIO} of the loss that the
 *       best constant prediction would have on the same tiles (the entropy of their weighted class
 *       frequencies; 0.693 for balanced classes): whatever the network does, it does not beat
 *       predicting one class probability everywhere.
 * </ul>
 *
 * <p>A verdict is given once; if the network recovers (spread and loss well clear of both limits)
 * the detector re-arms and reports the recovery.
 */
public final class StallDetector {
    /** Iterations between probes of the network's output during training. */
    public static final int PROBE_EVERY = 25;
    /** Output spread (standard deviation of the class-score difference) below which a tile's output counts as constant. */
    public static final double FLAT_SPREAD = 0.05;
    /** Consecutive constant probes that make a verdict (100 iterations). */
    public static final int FLAT_PROBES = 4;
    /** Standard deviation of the validation images' foreground probability below which their prediction counts as constant. */
    public static final double FLAT_VALIDATION = 0.01;
    /** Iterations over which the loss is compared with the constant-prediction loss. */
    public static final int PLATEAU_WINDOW = 500;
    /** The loss ratio (network / constant prediction) at or above which the network is no better than a constant. */
    public static final double PLATEAU_RATIO = 0.98;

    /** Why the network counts as stalled. */
    public enum Reason {
        /** The training tiles' output is the same at every pixel. */
        CONSTANT_OUTPUT,
        /** The validation images' prediction is the same at every pixel. */
        CONSTANT_VALIDATION,
        /** The loss has stayed at the level of a constant prediction. */
        LOSS_AT_BASELINE
    }

    /**
     * A change of state.
     *
     * @param iteration when it was noticed
     * @param stalled true: the network stopped learning; false: it learns again
     * @param reason why (null for a recovery)
     * @param detail the numbers behind it, for the message
     */
    public record Event(long iteration, boolean stalled, Reason reason, String detail) {
    }

    private final long startAfter;
    private final Deque<double[]> window = new ArrayDeque<>();
    private double lossSum;
    private double baselineSum;
    private int flatProbes;
    private double lastSpread = Double.NaN;
    private boolean stalled;
    private Event pending;

    /**
     * @param startAfter iterations before which no verdict is given (the learning-rate warm-up: a
     *     network may look constant while its steps are still tiny)
     */
    public StallDetector(long startAfter) {
        this.startAfter = Math.max(0, startAfter);
    }

    /** Records the loss of the step at {@code iteration} and the loss a constant prediction would have had on its tiles. */
    public void observeStep(long iteration, double loss, double baselineLoss) {
        if (!Double.isFinite(loss) || !Double.isFinite(baselineLoss)) {
            return;
        }
        window.addLast(new double[] {loss, baselineLoss});
        lossSum += loss;
        baselineSum += baselineLoss;
        if (window.size() > PLATEAU_WINDOW) {
            double[] old = window.removeFirst();
            lossSum -= old[0];
            baselineSum -= old[1];
        }
        if (window.size() == PLATEAU_WINDOW && iteration >= startAfter + PLATEAU_WINDOW && baselineSum > 0) {
            double ratio = lossSum / baselineSum;
            if (ratio >= PLATEAU_RATIO) {
                stall(iteration, Reason.LOSS_AT_BASELINE, String.format(Locale.ROOT,
                        "over the last %d iterations the loss averaged %.4f, %.0f %% of the %.4f a constant prediction would have",
                        PLATEAU_WINDOW, lossSum / PLATEAU_WINDOW, 100 * ratio, baselineSum / PLATEAU_WINDOW));
            } else if (stalled && ratio < PLATEAU_RATIO - 0.05 && lastSpread > 4 * FLAT_SPREAD) {
                recover(iteration);
            }
        }
    }

    /** Records a probe of the network's output on a training tile (see {@link NetworkProbe#outputSpread()}). */
    public void observeProbe(long iteration, double outputSpread, NetworkProbe.LayerStats quietest) {
        if (Double.isNaN(outputSpread)) {
            return;
        }
        lastSpread = outputSpread;
        flatProbes = outputSpread < FLAT_SPREAD ? flatProbes + 1 : 0;
        if (flatProbes >= FLAT_PROBES && iteration >= startAfter) {
            String layer = quietest == null ? "" : String.format(Locale.ROOT, "; %.0f %% of the units of %s are inactive",
                    100 * quietest.zeroFraction(), quietest.layer());
            stall(iteration, Reason.CONSTANT_OUTPUT, String.format(Locale.ROOT,
                    "its output is nearly the same at every pixel (class-score spread %.4f over a tile; about 0.3 at"
                    + " initialisation, several units once it has learned)%s", outputSpread, layer));
        } else if (stalled && outputSpread > 4 * FLAT_SPREAD && window.size() >= PROBE_EVERY && lossSum / baselineSum < PLATEAU_RATIO - 0.05) {
            recover(iteration);
        }
    }

    /** Records a validation: the standard deviation of the foreground probability over all validation pixels. */
    public void observeValidation(long iteration, double probabilitySpread) {
        if (!Double.isNaN(probabilitySpread) && probabilitySpread < FLAT_VALIDATION && iteration >= startAfter) {
            stall(iteration, Reason.CONSTANT_VALIDATION, String.format(Locale.ROOT,
                    "it predicts the same foreground probability at every pixel of the validation images (spread %.5f)",
                    probabilitySpread));
        }
    }

    /** Whether the network counts as stalled now. */
    public boolean stalled() {
        return stalled;
    }

    /** The change of state since the last call, or null. */
    public Event poll() {
        Event e = pending;
        pending = null;
        return e;
    }

    private void stall(long iteration, Reason reason, String detail) {
        if (!stalled) {
            stalled = true;
            pending = new Event(iteration, true, reason, detail);
        }
    }

    private void recover(long iteration) {
        stalled = false;
        flatProbes = 0;
        pending = new Event(iteration, false, null, String.format(Locale.ROOT, "class-score spread %.3f, loss %.0f %% of a constant"
                + " prediction's", lastSpread, 100 * lossSum / baselineSum));
    }

    /**
     * The loss of the best constant prediction on a batch: with W_c the summed weights of the pixels
     * of class c and W their total, the prediction p_c = W_c / W everywhere gives
     * -sum_c (W_c / W) log(W_c / W), the entropy of the weighted class frequencies. NaN when all weights are 0.
     *
     * @param targets class indices (negative: ignored)
     * @param weights the pixels' loss weights
     * @param classes the number of classes
     */
    public static double constantPredictionLoss(int[] targets, float[] weights, int classes) {
        double[] w = new double[classes];
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            int t = targets[i];
            if (t >= 0 && t < classes && weights[i] > 0) {
                w[t] += weights[i];
                total += weights[i];
            }
        }
        if (total <= 0) {
            return Double.NaN;
        }
        double h = 0;
        for (double wc : w) {
            if (wc > 0) {
                double p = wc / total;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
