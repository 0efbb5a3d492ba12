package org.unet4j.train;

import org.unet4j.InvalidInputException;
import org.unet4j.Setting;
import org.unet4j.augment.AugmentParams;
import org.unet4j.infer.Precision;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNetConfig;

/**
 * Everything a training run needs besides its data; saved in the run's {@code config.json} next
 * to the data's description, so a run can be reproduced and resumed.
 *
 * @param network the network's shape
 * @param tile input tile side (a valid size for the network; 572 for the paper's)
 * @param batch tiles per step (the paper: one large tile)
 * @param iterations optimisation steps in all
 * @param optimizer SGD with momentum (paper) or Adam, learning rate, momentum
 * @param schedule learning rate over the iterations
 * @param weightMaps w0, sigma and the class weights of the loss's weight maps
 * @param classWeightScope whether class frequencies for balanced weights come from each image or the whole set
 * @param augmentation the random transforms applied to every training tile
 * @param seed the one seed of the run: initialisation, tile choice, augmentation, dropout
 * @param validateEvery iterations between validations (0 = only at the end)
 * @param checkpointEvery iterations between checkpoints of {@code checkpoints/last}
 * @param bestMetric the validation metric that selects {@code checkpoints/best}
 * @param workers threads producing augmented tiles
 * @param diagnostics iterations between records of the network's per-layer statistics in
 *     {@code diagnostics.csv} ({@link NetworkProbe}; 0 = none, 1 = every step)
 * @param onStall what to do when the network stops learning ({@link StallDetector}); null = warn
 * @param precision the number format of the training steps ({@link Precision#BF16}: mixed precision,
 *     {@link TrainStep}); null = float32
 * @param ema the decay per step of an exponential moving average of the weights, which validation
 *     scores, {@code checkpoints/best} keeps and prediction uses ({@link Trainer}); 0 = none (the
 *     paper: the last step's weights). 0.999 averages about the last 1,000 steps.
 */
public record TrainConfig(
        UNetConfig network,
        int tile,
        int batch,
        int iterations,
        OptimizerConfig optimizer,
        Schedule schedule,
        WeightMapParams weightMaps,
        ClassWeightScope classWeightScope,
        AugmentParams augmentation,
        long seed,
        int validateEvery,
        int checkpointEvery,
        BestMetric bestMetric,
        int workers,
        int diagnostics,
        StallAction onStall,
        Precision precision,
        double ema) {

    /** Where balanced class weights count class frequencies. */
    public enum ClassWeightScope {
        /** In each image separately (the paper's w_c per training image). */
        IMAGE,
        /** Over the whole training set. */
        DATASET
    }

    /** What a run does when its network stops learning ({@link StallDetector}). */
    public enum StallAction {
        /** Say so (console, log.txt, train.csv, report) and go on training. */
        WARN,
        /** Say so, write a checkpoint and stop the run. */
        STOP,
        /**
         * Say so, go back to the best checkpoint (or a new initialisation when there is no live one)
         * with the learning rate divided by 3, the optimizer state reset and the warm-up repeated; at
         * most {@link Trainer#MAX_RESTARTS} times, then warn only.
         */
        RESTART
    }

    /** The validation metric that picks the best checkpoint. */
    public enum BestMetric {
        /** Rand error for binary membrane-style labels, AP for a contour target, else foreground IoU. */
        AUTO,
        /** Foreground IoU (higher is better). */
        IOU,
        /** Dice (higher is better). */
        DICE,
        /** ISBI 2012 foreground-restricted Rand error (lower is better). */
        RAND_ERROR,
        /** ISBI 2012 pixel error (lower is better). */
        PIXEL_ERROR,
        /** The weighted validation loss (lower is better). */
        LOSS,
        /** CTC SEG of the predicted instances, for instance labels (higher is better). */
        SEG,
        /** AP at IoU 0.5 of the predicted instances, for instance labels (higher is better). */
        AP
    }

    public TrainConfig {
        onStall = onStall == null ? StallAction.WARN : onStall;
        precision = precision == null ? Precision.FP32 : precision;
        if (network == null || optimizer == null || schedule == null || weightMaps == null || classWeightScope == null
                || augmentation == null || bestMetric == null) {
            throw new InvalidInputException("incomplete training configuration");
        }
        TileGeometry.of(network).requireValid(tile, Setting.TILE);
        if (batch < 1 || batch > 256) {
            throw InvalidInputException.of("%s is out of range; use 1 (paper) to 256", Setting.BATCH.is(batch));
        }
        if (iterations < 1) {
            throw InvalidInputException.of("%s must be at least 1", Setting.ITERATIONS.is(iterations));
        }
        if (validateEvery < 0 || checkpointEvery < 1) {
            throw InvalidInputException.of("%s must be >= 0 and %s >= 1 (got %d and %d)", Setting.VALIDATE_EVERY, Setting.CHECKPOINT_EVERY,
                    validateEvery, checkpointEvery);
        }
        if (workers < 1 || workers > 64) {
            throw InvalidInputException.of("%s is out of range; use 1 to 64 augmentation threads", Setting.WORKERS.is(workers));
        }
        if (!(ema >= 0 && ema < 1)) {
            throw InvalidInputException.of("%s is out of range; use 0 (no average) or a decay below 1, e.g. 0.999 (about the last 1,000"
                    + " steps)", Setting.EMA.is(ema));
        }
        if (diagnostics < 0) {
            throw new InvalidInputException("diagnostics interval " + diagnostics + " is negative; use 0 (none) or a number of iterations");
        }
    }

    /** A configuration without a moving average of the weights (the paper's: the last step's weights). */
    public TrainConfig(UNetConfig network, int tile, int batch, int iterations, OptimizerConfig optimizer, Schedule schedule,
            WeightMapParams weightMaps, ClassWeightScope classWeightScope, AugmentParams augmentation, long seed, int validateEvery,
            int checkpointEvery, BestMetric bestMetric, int workers, int diagnostics, StallAction onStall, Precision precision) {
        this(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed, validateEvery,
                checkpointEvery, bestMetric, workers, diagnostics, onStall, precision, 0);
    }

    /** A configuration in float32 ({@link Precision#FP32}), as before the precision was configurable. */
    public TrainConfig(UNetConfig network, int tile, int batch, int iterations, OptimizerConfig optimizer, Schedule schedule,
            WeightMapParams weightMaps, ClassWeightScope classWeightScope, AugmentParams augmentation, long seed, int validateEvery,
            int checkpointEvery, BestMetric bestMetric, int workers, int diagnostics, StallAction onStall) {
        this(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed, validateEvery,
                checkpointEvery, bestMetric, workers, diagnostics, onStall, Precision.FP32, 0);
    }

    /** With another number format for the training steps. */
    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, diagnostics, onStall, p, ema);
    }

    /** With another decay of the weights' moving average (0: none). */
    public TrainConfig withEma(double decay) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, diagnostics, onStall, precision, decay);
    }

    /** Whether the run keeps a moving average of its weights ({@link #ema()} above 0). */
    public boolean averagesWeights() {
        return ema > 0;
    }

    /**
     * The decay of the moving average after step {@code t} (1-based: the number of steps averaged):
     * {@code ema * (1 - ema^(t-1)) / (1 - ema^t)}, so that the average is the steps' weights weighted
     * by {@code ema^age} and normalised, as Adam corrects its moments' bias: its first value is
     * the first step's weights (the random initialisation counts for nothing), and the decay nears
     * {@link #ema()} after a few multiples of 1 / (1 - ema) steps.
     */
    public double emaDecayAt(long t) {
        if (t <= 1) {
            return 0;
        }
        double all = -Math.expm1(t * Math.log(ema)); // 1 - ema^t, accurate for ema near 1
        double before = -Math.expm1((t - 1) * Math.log(ema));
        return ema * before / all;
    }

    /** The network's output side for {@link #tile()}. */
    public int outputSize() {
        return TileGeometry.of(network).outputSize(tile);
    }

    public TrainConfig withWorkers(int n) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, n, diagnostics, onStall, precision, ema);
    }

    public TrainConfig withSchedule(Schedule s) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, s, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, diagnostics, onStall, precision, ema);
    }

    public TrainConfig withDiagnostics(int every) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, every, onStall, precision, ema);
    }

    public TrainConfig withIterations(int n) {
        return new TrainConfig(network, tile, batch, n, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, diagnostics, onStall, precision, ema);
    }

    /** With another network (its tile must suit it). */
    public TrainConfig withNetwork(UNetConfig n) {
        return new TrainConfig(n, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, diagnostics, onStall, precision, ema);
    }

    public TrainConfig withWeightMaps(WeightMapParams w) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, schedule, w, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, bestMetric, workers, diagnostics, onStall, precision, ema);
    }

    public TrainConfig withBestMetric(BestMetric m) {
        return new TrainConfig(network, tile, batch, iterations, optimizer, schedule, weightMaps, classWeightScope, augmentation, seed,
                validateEvery, checkpointEvery, m, workers, diagnostics, onStall, precision, ema);
    }
}
