package org.unet4j.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Phrase;
import org.unet4j.Progress;
import org.unet4j.Setting;
import org.unet4j.augment.Augmenter;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.ClassWeights;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.RunLayout;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * The training loop of the paper's recipe: random tiles across the training images, augmented on
 * background threads; the weighted pixel-wise softmax cross-entropy with precomputed weight maps;
 * SGD with momentum 0.99 (or Adam); validation, checkpoints and curves along the way; stops cleanly
 * when asked and resumes exactly.
 *
 * <p>Randomness is a function of the run's seed and the iteration: the batch of iteration i
 * ({@link TileBatches}) and the dropout masks (libtorch's generator is re-seeded with
 * (seed, i) before each step). With the optimizer state and the iteration saved in every checkpoint,
 * a resumed run computes exactly what the uninterrupted run would have.
 */
public final class Trainer {
    /**
     * What a finished (or stopped) run reached.
     *
     * @param stalledAt the iteration at which the network was found to have stopped learning in this
     *     session ({@link StallDetector}), -1 if it was not
     * @param stoppedForStall whether the run stopped because of it ({@link TrainConfig.StallAction#STOP})
     */
    public record Result(RunState state, Map<String, Double> lastValidation, boolean stopped, double stepsPerSecond, long stalledAt,
            boolean stoppedForStall) {
    }

    /** The {@code state} of train.csv rows written while the network counts as stalled. */
    public static final String STALLED = "stalled";

    private final TrainConfig config;
    private final DeviceChoice device;
    private final Progress progress;
    private final BooleanSupplier stopRequested;
    private final double budgetSeconds;
    private final Path init;

    /**
     * @param stopRequested polled after every step; when true the run writes its checkpoint and returns
     */
    public Trainer(TrainConfig config, DeviceChoice device, Progress progress, BooleanSupplier stopRequested) {
        this(config, device, progress, stopRequested, 0);
    }

    /**
     * @param budgetSeconds wall time the whole run may train (validation included, earlier sessions of a
     *     resumed run counted from its checkpoint) before it stops as if the iterations were done;
     *     0 = no limit. The learning-rate schedule then follows the run's training time, so a resumed
     *     run continues the schedule where its checkpoint left it.
     */
    public Trainer(TrainConfig config, DeviceChoice device, Progress progress, BooleanSupplier stopRequested, double budgetSeconds) {
        this(config, device, progress, stopRequested, budgetSeconds, null);
    }

    private Trainer(TrainConfig config, DeviceChoice device, Progress progress, BooleanSupplier stopRequested, double budgetSeconds,
            Path init) {
        this.init = init;
        if (!(budgetSeconds >= 0)) {
            throw new InvalidInputException("time budget " + budgetSeconds + " s must not be negative");
        }
        this.budgetSeconds = budgetSeconds;
        this.config = config;
        this.device = device;
        this.progress = progress == null ? Progress.NONE : progress;
        this.stopRequested = stopRequested == null ? () -> false : stopRequested;
    }

    /**
     * The same trainer, starting a new run from the weights of the model in {@code modelDir} (a
     * model folder; {@link org.unet4j.model.ModelFiles#load}) instead of a random initialisation:
     * fine-tuning. The model's network must be the run's ({@link UNet#copyFrom} refuses another);
     * a resumed run ignores it (its checkpoint holds the weights).
     */
    public Trainer initialisedFrom(Path modelDir) {
        return new Trainer(config, device, progress, stopRequested, budgetSeconds, modelDir);
    }

    /**
     * The samples with their targets after separation borders and their weight maps
     * (computed once per image, in parallel).
     */
    public static List<SegmentationSample> withWeightMaps(List<SegmentationSample> samples, WeightMapParams params,
            TrainConfig.ClassWeightScope scope) {
        ClassWeights dataset = scope == TrainConfig.ClassWeightScope.DATASET
                ? ClassWeights.of(params.classWeights(), samples, params.target()) : null;
        return samples.parallelStream()
                .map(s -> dataset == null ? WeightMaps.apply(s, params) : WeightMaps.apply(s, params, dataset))
                .toList();
    }

    /**
     * Trains on {@code train} (images normalised, weight maps computed) into {@code run}.
     *
     * @param validator scores the network every {@code validateEvery} iterations and at the end (may be null)
     * @param modelMetadata extra fields for every checkpoint's config.json (normalisation, labels)
     * @param resume continue from {@code run}'s last checkpoint instead of a new network
     * @throws InvalidInputException if another training holds {@code run}, or on resume if the
     *     checkpoint is missing or damaged or the run has already done its iterations
     */
    public Result train(RunDirectory run, List<SegmentationSample> train, Validator validator, ObjectNode modelMetadata,
            boolean resume) throws InterruptedException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training samples");
        }
        try (RunDirectory.Lock lock = run.lock()) {
            return train(run, train, validator, modelMetadata, resume ? run.lastCheckpoint() : null);
        }
    }

    private Result train(RunDirectory run, List<SegmentationSample> train, Validator validator, ObjectNode modelMetadata,
            Path last) throws InterruptedException {
        boolean resume = last != null;
        RunState state = RunState.start();
        UNet net;
        if (resume) {
            state = run.resumeState(config.iterations());
            net = ModelFiles.load(last);
            run.truncateCsv(state.iteration());
            run.log("resumed from " + last + " at iteration " + state.iteration());
        } else {
            UNet.seed(config.seed());
            net = UNet.create(config.network());
            if (init != null) {
                try (UNet parent = ModelFiles.load(init)) {
                    net.copyFrom(parent);
                } catch (IllegalArgumentException e) {
                    net.close();
                    throw InvalidInputException.of("%s: %s; the model's network differs from this run's", Setting.INIT.is(init), e.getMessage());
                }
                run.log("initialised from the weights of " + init);
            }
            run.log("started: " + config.network() + ", tile " + config.tile() + " -> " + config.outputSize() + ", batch "
                    + config.batch() + ", " + config.iterations() + " iterations, " + config.optimizer()
                    + (config.averagesWeights() ? ", moving average of the weights (decay " + config.ema() + ") validated and kept" : ""));
        }
        Device dev = device.torchDevice();
        try (net) {
            net.to(dev);
            try (TrainStep step = new TrainStep(net, config.optimizer(), dev, config.precision());
                    TileBatches batches = new TileBatches(train, new Augmenter(config.augmentation()), config.tile(),
                            config.outputSize(), config.batch(), config.seed(), state.iteration(), config.workers())) {
                if (resume) {
                    loadOptimizer(step, last.resolve(RunDirectory.OPTIMIZER));
                }
                if (!config.averagesWeights()) {
                    return loop(run, net, step, batches, validator, modelMetadata, state, null);
                }
                try (UNet average = resume ? loadAverage(last) : UNet.create(config.network())) {
                    average.to(dev);
                    if (!resume) {
                        average.copyFrom(net);
                    }
                    average.eval();
                    return loop(run, net, step, batches, validator, modelMetadata, state, average);
                }
            }
        }
    }

    /**
     * @param average the moving average of the weights ({@link TrainConfig#ema()}), which validation
     *     scores and checkpoints/best keeps; null = none
     */
    private Result loop(RunDirectory run, UNet net, TrainStep step, TileBatches batches, Validator validator,
            ObjectNode metadata, RunState start, UNet average) throws InterruptedException {
        long total = config.iterations();
        long iteration = start.iteration();
        RunClock clock = new RunClock(start, budgetSeconds);
        BestCheckpoint best = new BestCheckpoint(start);
        Restarts restarts = new Restarts(start, config.schedule().warmup());
        double lossAverage = start.lossAverage();
        Map<String, Double> lastValidation = Map.of();
        String bestKey = bestMetricKey(Map.of());
        long sessionIterations = 0;
        boolean stopped = false;
        boolean stoppedForStall = false;
        long stalledAt = -1;
        int classes = config.network().numClasses();
        if (clock.budgetUsed()) {
            throw InvalidInputException.of("run %s has already trained %.1f of its %.1f minutes; give a larger %s to continue it", run.dir(),
                    clock.elapsed() / 60, budgetSeconds / 60, Setting.MINUTES);
        }
        run.log(String.format(Locale.ROOT, "training from iteration %d; resident memory %d MiB", iteration, rssMib()));
        // with a time budget the number of iterations is not known in advance: no ETA, the time left instead
        progress.start("iterations", clock.hasBudget() ? 0 : total);
        progress.step(iteration, "");
        while (iteration < total) {
            TileBatches.Batch b = batches.next();
            // after a restart the warm-up starts again, at the lowered rate
            double lr = restarts.lrScale() * config.schedule().rate(config.optimizer().learningRate(), restarts.sinceRestart(iteration),
                    clock.done(iteration, total));
            step.setLearningRate(lr);
            torch.manual_seed(TileBatches.mix(config.seed(), iteration, -1));
            boolean record = config.diagnostics() > 0 && iteration % config.diagnostics() == 0;
            NetworkProbe probe = record ? new NetworkProbe(true)
                    : iteration % StallDetector.PROBE_EVERY == 0 ? new NetworkProbe(false) : null;
            double loss = step.step(b, probe);
            if (record) {
                run.appendDiagnostics(iteration, lr, loss, probe);
            }
            iteration++;
            if (average != null) {
                average.updateAverage(net, config.emaDecayAt(iteration));
            }
            sessionIterations++;
            if (!Double.isFinite(loss)) {
                run.log("iteration " + iteration + ": the loss is " + loss + "; training diverged");
                throw new DivergedException(iteration, lr);
            }
            restarts.detector().observeStep(iteration, loss, StallDetector.constantPredictionLoss(b.targets(), b.weights(), classes));
            if (probe != null) {
                restarts.detector().observeProbe(iteration, probe.outputSpread(), probe.quietest());
            }
            lossAverage = Double.isNaN(lossAverage) ? loss : 0.98 * lossAverage + 0.02 * loss;
            clock.tick();
            boolean last = iteration == total || clock.budgetUsed();
            boolean validate = validator != null && (last || (config.validateEvery() > 0 && iteration % config.validateEvery() == 0));
            Map<String, Double> metrics = null;
            if (validate) {
                metrics = validate(run, net, average, validator, iteration, lossAverage, clock, best, restarts.detector(), metadata);
                lastValidation = metrics;
                bestKey = bestMetricKey(metrics);
            }
            StallDetector.Event event = restarts.detector().poll();
            if (event != null && onStallEvent(run, net, average, step, event, iteration, best, restarts)) {
                stalledAt = iteration;
            }
            // the row of a stall says so also when a restart has already re-armed the detector
            run.appendCsv(iteration, loss, lr, clock.elapsed(), metrics,
                    restarts.detector().stalled() || (event != null && event.stalled()) ? STALLED : "");
            boolean stopForStall = event != null && event.stalled() && config.onStall() == TrainConfig.StallAction.STOP;
            if (validate) {
                RunCurves.writeCurves(run);
            }
            stopped = stopRequested.getAsBoolean() || stopForStall;
            if (last && average != null && validator == null) {
                // no validation to choose by: the average is the run's model
                run.saveCheckpoint(RunLayout.Checkpoint.BEST, average, metadata, null, null);
                run.log("checkpoints/best: the moving average of the weights at iteration " + iteration + " (no validation data)");
            }
            if (last || stopped || iteration % config.checkpointEvery() == 0) {
                run.saveCheckpoint(RunLayout.Checkpoint.LAST, net, metadata, step, restarts.state(iteration, clock, best, lossAverage),
                        average);
                run.log(String.format(Locale.ROOT, "checkpoint at iteration %d; resident memory %d MiB", iteration, rssMib()));
            }
            progress.step(iteration, clock.hasBudget()
                    ? String.format(Locale.ROOT, "loss %.4f, %s left", lossAverage, RunCurves.duration(clock.secondsLeft()))
                    : String.format(Locale.ROOT, "loss %.4f", lossAverage));
            if (last) {
                break;
            }
            if (stopForStall) {
                stoppedForStall = true;
                run.log(naming().format("stopped at iteration %d because the network stopped learning (%s); start a new run with the"
                        + " changes suggested above", iteration, Setting.ON_STALL.is("stop")));
                break;
            }
            if (stopped) {
                run.log(naming().format("stopped on request at iteration %d; %s", iteration,
                        Phrase.format("resume with %s", Setting.RESUME.is(run.dir())).inLibrary("resume the run to continue")));
                break;
            }
        }
        progress.done();
        double stepsPerSecond = sessionIterations / Math.max(1e-9, clock.sessionTrainingSeconds());
        if (!stopped) {
            run.log(String.format(Locale.ROOT, "finished %d iterations in %.1f s (%.1f s validation, %.3f training steps/s this"
                    + " session); best %s %.5g at iteration %d; resident memory %d MiB", iteration, clock.elapsed(),
                    clock.validationSeconds(), stepsPerSecond, bestKey, best.value(), best.iteration(), rssMib()));
        }
        return new Result(restarts.state(iteration, clock, best, lossAverage), lastValidation, stopped, stepsPerSecond, stalledAt,
                stoppedForStall);
    }

    /**
     * Validates at {@code iteration} the network, or its moving average when there is one (may be
     * null), keeps a new best checkpoint, logs the line; returns the metrics.
     */
    private Map<String, Double> validate(RunDirectory run, UNet net, UNet weightAverage, Validator validator, long iteration,
            double average, RunClock clock, BestCheckpoint best, StallDetector stall, ObjectNode metadata) {
        long v0 = System.nanoTime();
        UNet scored = weightAverage != null ? weightAverage : net;
        scored.eval();
        Map<String, Double> metrics = validator.validate(scored);
        net.train();
        // an average of weights that still change fast says little about whether the network has died
        if (weightAverage == null || iteration >= 1 / (1 - config.ema())) {
            stall.observeValidation(iteration, validator.outputSpread());
        }
        double seconds = (System.nanoTime() - v0) / 1e9;
        clock.validated(seconds);
        clock.tick();
        boolean better = best.offer(bestMetricKey(metrics), metrics, iteration, validator.outputSpread());
        if (better) {
            run.saveCheckpoint(RunLayout.Checkpoint.BEST, scored, metadata, null, null);
        }
        run.log(String.format(Locale.ROOT, "iteration %d: loss %.4f, validation %s (%.1f s)%s; resident memory %d MiB", iteration,
                average, format(metrics), seconds, better ? " - best so far" : "", rssMib()));
        return metrics;
    }

    /**
     * Says what the stall detector found and, for a stall under {@link TrainConfig.StallAction#RESTART}, restarts;
     * returns whether the network counts as stalled.
     */
    private boolean onStallEvent(RunDirectory run, UNet net, UNet average, TrainStep step, StallDetector.Event event, long iteration,
            BestCheckpoint best, Restarts restarts) {
        String message = event.stalled() ? stalledMessage(event) : String.format(Locale.ROOT,
                "the network is learning again at iteration %d (%s)", event.iteration(), event.detail());
        run.log(event.stalled() ? message : "note: " + message);
        progress.warn(event.stalled() ? message : "note: " + message);
        if (!event.stalled()) {
            return false;
        }
        if (restarts.allowed(config.onStall())) {
            String from = restart(run, net, step, best.liveCheckpoint(), restarts.count() + 1);
            step.resetOptimizer();
            if (average != null) {
                average.copyFrom(net); // the average starts again from where the network starts again
            }
            restarts.restarted(iteration);
            String line = naming().format("restart %d of %d at iteration %d: %s, learning rate x%.3g (%.3g), warm-up again over %d"
                    + " iterations, optimizer state reset (%s)", restarts.count(), MAX_RESTARTS, iteration, from, restarts.lrScale(),
                    restarts.lrScale() * config.optimizer().learningRate(), config.schedule().warmup(), Setting.ON_STALL.is("restart"));
            run.log(line);
            progress.warn("note: " + line);
        }
        return true;
    }

    /** Restarts a run of a network that stopped learning at most this often; then it only warns. */
    public static final int MAX_RESTARTS = 3;
    /** Each restart divides the learning rate by this. */
    public static final double RESTART_LR_FACTOR = 3;
    /** A best checkpoint whose validation foreground probability varied less than this counts as dead already. */
    static final double ALIVE_VALIDATION_SPREAD = 4 * StallDetector.FLAT_VALIDATION;

    /**
     * Puts {@code net} back where it last learned: the weights of checkpoints/best when that was a
     * live network, else a new initialisation (seeded by the run's seed and the restart number, so a
     * resumed run repeats it). Returns what it did, for the log.
     */
    private String restart(RunDirectory run, UNet net, TrainStep step, boolean fromBest, int restarts) {
        if (fromBest) {
            try (UNet best = ModelFiles.load(run.checkpoint(RunLayout.Checkpoint.BEST))) {
                net.copyFrom(best);
            }
            return "back to checkpoints/best";
        }
        UNet.seed(TileBatches.mix(config.seed(), restarts, -2));
        net.initialise();
        return "a new initialisation (no live best checkpoint yet)";
    }

    /** The one-line warning for a stalled network, with the likely cause and what to try given this run's settings. */
    String stalledMessage(StallDetector.Event e) {
        List<Phrase> tries = new ArrayList<>();
        OptimizerConfig o = config.optimizer();
        if (o.clipNorm() == 0) {
            tries.add(Setting.CLIP_GRAD.is(1));
        }
        if (config.schedule().warmup() < 500) {
            tries.add(Setting.WARMUP.is(500));
        }
        tries.add(Phrase.format("a lower %s (e.g. %.2g)", Setting.LR, o.learningRate() / 3));
        if (config.network().norm() == UNetConfig.Norm.NONE) {
            tries.add(Setting.NORM.is("batch"));
        }
        return naming().format("warning: the network has stopped learning at iteration %d: %s; likely cause: its ReLU units went"
                + " inactive after large early steps (momentum %.2g, learning rate %.2g), so it predicts one class probability"
                + " everywhere; try %s (docs/TRAINING.md, \"Training that dies\")", e.iteration(), e.detail(), o.momentum(),
                o.learningRate(), Phrase.join(", ", tries));
    }

    /** The words of the log and the warnings: those of the caller's progress ({@link Progress#naming()}). */
    private Naming naming() {
        return progress.naming();
    }

    private static long rssMib() {
        return StepBenchmark.procStatusKb("VmRSS") >> 10;
    }

    /** The moving average of the weights saved with checkpoint {@code last} ({@link RunDirectory#AVERAGE}). */
    private static UNet loadAverage(Path last) {
        Path dir = last.resolve(RunDirectory.AVERAGE);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(last + ": the checkpoint lacks the moving average of the weights (" + RunDirectory.AVERAGE
                    + "/) that this run keeps; restore it or start a new run");
        }
        return ModelFiles.load(dir);
    }

    private static void loadOptimizer(TrainStep step, Path file) {
        try {
            step.loadState(file);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0].strip();
            throw new InvalidInputException(file + ": the optimizer state cannot be read (" + why + "); the checkpoint is damaged,"
                    + " restore it or start a new run", e);
        }
    }

    /** The name of the metric that selects the best checkpoint, among {@code m}'s ({@link #bestMetric}'s key). */
    String bestMetricKey(Map<String, Double> m) {
        return bestMetric(m).key();
    }

    /** The metric that selects the best checkpoint, among {@code m}'s. */
    ValidationMetric bestMetric(Map<String, Double> m) {
        return switch (config.bestMetric()) {
            case AUTO -> m.containsKey(ValidationMetric.RAND_ERROR.key()) ? ValidationMetric.RAND_ERROR
                    : config.weightMaps().target() == Target.CONTOURS && m.containsKey(ValidationMetric.AP.key()) ? ValidationMetric.AP
                    : m.containsKey(ValidationMetric.IOU.key()) ? ValidationMetric.IOU : ValidationMetric.LOSS;
            case IOU -> ValidationMetric.IOU;
            case DICE -> ValidationMetric.DICE;
            case RAND_ERROR -> ValidationMetric.RAND_ERROR;
            case PIXEL_ERROR -> ValidationMetric.PIXEL_ERROR;
            case LOSS -> ValidationMetric.LOSS;
            case SEG -> ValidationMetric.SEG;
            case AP -> ValidationMetric.AP;
        };
    }

    /** Whether a larger value of metric {@code key} is better (overlaps and scores) or worse (losses and errors). */
    static boolean higherIsBetter(String key) {
        ValidationMetric m = ValidationMetric.fromKey(key);
        return m != null && m.higherIsBetter();
    }

    private static String format(Map<String, Double> metrics) {
        List<String> parts = new ArrayList<>();
        new LinkedHashMap<>(metrics).forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.4f", k, v)));
        return String.join(", ", parts);
    }

    /** The loss became NaN or infinite: the learning rate is too high for this network and data. */
    public static final class DivergedException extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        DivergedException(long iteration, double lr) {
            super(null, "training diverged at iteration %d (the loss is not finite) with learning rate %g; %s (e.g. by 10x) or use %s",
                    iteration, lr, Phrase.format("lower %s", Setting.LR).cliOnly("lower the learning rate"), Setting.OPTIMIZER.is("adam"));
        }
    }
}
