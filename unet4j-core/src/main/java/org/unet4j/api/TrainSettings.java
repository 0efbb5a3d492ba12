package org.unet4j.api;

import org.unet4j.InvalidInputException;
import org.unet4j.app.TrainingRun;
import org.unet4j.augment.AugmentParams;
import org.unet4j.infer.Precision;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.OptimizerConfig;
import org.unet4j.train.Preset;
import org.unet4j.train.Schedule;
import org.unet4j.train.TrainConfig;

/**
 * Everything a {@link Training} needs besides its data: the training configuration (network,
 * tile, optimizer, loss weights, augmentation, seed, ...), a time budget and the device. Immutable;
 * start from {@link #paper()} and change single settings with the {@code with...} methods. The
 * network's input channels and classes are taken from the training data when the run starts.
 *
 * @param config the training configuration, as {@code unet train} records it in {@code config.json}
 * @param minutes a time budget for the whole run (0 = none: {@code config.iterations()} steps)
 * @param device where the network trains ({@code AUTO}: a CUDA GPU when present)
 */
public record TrainSettings(TrainConfig config, double minutes, DeviceChoice device) {
    /** Validates the settings. */
    public TrainSettings {
        if (config == null || device == null) {
            throw new InvalidInputException("train settings: a training configuration and a device must be given");
        }
        if (!(minutes >= 0 && minutes <= 366 * 24 * 60)) {
            throw new InvalidInputException("time budget " + minutes + " minutes is out of range; use 0 (no limit) or a positive number");
        }
    }

    /**
     * The paper's recipe, as {@code unet train} without options: the paper's U-Net (depth 4, base
     * 64), tile 572, batch 1, 5000 iterations, SGD with learning rate 0.01 and momentum 0.99,
     * weight maps w0 = 10, sigma = 5 with balanced class weights, the paper's augmentation, seed 1,
     * validation every 500 and a checkpoint every 250 iterations, no time budget, on the CPU; and
     * the safety defaults of {@code unet train}: a 500-iteration learning-rate warm-up, gradients
     * limited to norm 1, and a restart at a lower learning rate if the network stops learning.
     */
    public static TrainSettings paper() {
        UNetConfig net = UNetConfig.paper();
        TrainConfig c = new TrainConfig(net, TilePlan.defaultTile(net), 1, 5000,
                new OptimizerConfig(OptimizerConfig.Kind.SGD, TrainingRun.DEFAULT_SGD_LR, 0.99, 0, TrainingRun.DEFAULT_CLIP_NORM),
                new Schedule(Schedule.Kind.CONSTANT, TrainingRun.defaultWarmup(5000), 1),
                new WeightMapParams(10, 5, ClassWeightMode.BALANCED), TrainConfig.ClassWeightScope.IMAGE, AugmentParams.paper(), 1, 500,
                250, TrainConfig.BestMetric.AUTO, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 0,
                TrainConfig.StallAction.RESTART);
        return new TrainSettings(c, 0, DeviceChoice.CPU);
    }

    /**
     * {@code unet train --preset nuclei}: {@link #paper()} with batch norm after every convolution,
     * a poly learning-rate decay, the background / interior / contour target ({@link
     * Target#CONTOURS}; the samples need instances) and square-root class weights ({@code ClassWeightMode.SQRT}).
     */
    public static TrainSettings nuclei() {
        return preset(Preset.NUCLEI);
    }

    /** {@code unet train --preset cells}: {@link #paper()} with batch norm after every convolution and a poly learning-rate decay. */
    public static TrainSettings cells() {
        return preset(Preset.CELLS);
    }

    private static TrainSettings preset(Preset p) {
        TrainSettings s = paper();
        s = s.withNetwork(s.config.network().withNorm(p.norm()));
        TrainConfig c = s.config;
        WeightMapParams w = c.weightMaps();
        return s.withConfig(c.withSchedule(new Schedule(p.schedule(), c.schedule().warmup(), 0.1))
                .withWeightMaps(new WeightMapParams(w.w0(), w.sigma(), p.classWeights(), p.target())));
    }

    /** A time budget in minutes (0 = none). */
    public TrainSettings withMinutes(double v) {
        return new TrainSettings(config, v, device);
    }

    /** With training steps in {@code v} ({@code unet train --precision}; {@code BF16}: mixed precision, faster on CPUs with AVX512-BF16/AMX). */
    public TrainSettings withPrecision(Precision v) {
        return new TrainSettings(config.withPrecision(v), minutes, device);
    }

    /**
     * With an exponential moving average of the weights, decay {@code v} per step ({@code unet train
     * --ema}; 0 = none, the paper's): validation scores it, {@code checkpoints/best} keeps it.
     */
    public TrainSettings withEma(double v) {
        return new TrainSettings(config.withEma(v), minutes, device);
    }

    public TrainSettings withDevice(DeviceChoice v) {
        return new TrainSettings(config, minutes, v);
    }

    /** Another network; the tile becomes that network's default tile ({@link TilePlan#defaultTile(UNetConfig)}). */
    public TrainSettings withNetwork(UNetConfig v) {
        return with(v, TilePlan.defaultTile(v), config.batch(), config.iterations(), config.optimizer(), config.augmentation(),
                config.seed(), config.validateEvery(), config.checkpointEvery());
    }

    /** The input tile side (a valid size for the network). */
    public TrainSettings withTile(int v) {
        return with(config.network(), v, config.batch(), config.iterations(), config.optimizer(), config.augmentation(), config.seed(),
                config.validateEvery(), config.checkpointEvery());
    }

    public TrainSettings withBatch(int v) {
        return with(config.network(), config.tile(), v, config.iterations(), config.optimizer(), config.augmentation(), config.seed(),
                config.validateEvery(), config.checkpointEvery());
    }

    /**
     * The number of iterations. A warm-up still at its default for the old number follows the new
     * one ({@link TrainingRun#defaultWarmup}: 500, at most a tenth of the run), as in {@code unet train}.
     */
    public TrainSettings withIterations(int v) {
        TrainSettings s = with(config.network(), config.tile(), config.batch(), v, config.optimizer(), config.augmentation(),
                config.seed(), config.validateEvery(), config.checkpointEvery());
        Schedule old = config.schedule();
        if (old.warmup() != TrainingRun.defaultWarmup(config.iterations())) {
            return s;
        }
        return s.withConfig(s.config.withSchedule(new Schedule(old.kind(), TrainingRun.defaultWarmup(v), old.finalFraction())));
    }

    /** The optimizer: kind, learning rate, momentum, weight decay. */
    public TrainSettings withOptimizer(OptimizerConfig v) {
        return with(config.network(), config.tile(), config.batch(), config.iterations(), v, config.augmentation(), config.seed(),
                config.validateEvery(), config.checkpointEvery());
    }

    public TrainSettings withAugmentation(AugmentParams v) {
        return with(config.network(), config.tile(), config.batch(), config.iterations(), config.optimizer(), v, config.seed(),
                config.validateEvery(), config.checkpointEvery());
    }

    public TrainSettings withSeed(long v) {
        return with(config.network(), config.tile(), config.batch(), config.iterations(), config.optimizer(), config.augmentation(), v,
                config.validateEvery(), config.checkpointEvery());
    }

    /** Iterations between validations (0 = only at the end) and between checkpoints of {@code checkpoints/last}. */
    public TrainSettings withValidationAndCheckpoints(int validateEvery, int checkpointEvery) {
        return with(config.network(), config.tile(), config.batch(), config.iterations(), config.optimizer(), config.augmentation(),
                config.seed(), validateEvery, checkpointEvery);
    }

    /**
     * The loss's weight maps: w0, sigma, class weights and the target ({@code
     * Target.CONTOURS}: background / interior / contour from instance labels, for nuclei).
     */
    public TrainSettings withWeightMaps(WeightMapParams v) {
        return withConfig(config.withWeightMaps(v));
    }

    /** Any other change: a whole training configuration. */
    public TrainSettings withConfig(TrainConfig v) {
        return new TrainSettings(v, minutes, device);
    }

    private TrainSettings with(UNetConfig network, int tile, int batch, int iterations, OptimizerConfig optimizer,
            AugmentParams augmentation, long seed, int validateEvery, int checkpointEvery) {
        TrainConfig c = config;
        return new TrainSettings(new TrainConfig(network, tile, batch, iterations, optimizer, c.schedule(), c.weightMaps(),
                c.classWeightScope(), augmentation, seed, validateEvery, checkpointEvery, c.bestMetric(), c.workers(), c.diagnostics(),
                c.onStall(), c.precision(), c.ema()), minutes, device);
    }
}
