package org.unet4j.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.app.FineTuning;
import org.unet4j.app.ModelSource;
import org.unet4j.app.TrainingRun;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.DataSpec;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.RunConfig;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.TrainConfig;

/**
 * Trains a U-Net on in-memory samples into a run folder: the library form of {@code unet train}.
 * The folder is the same as {@code unet train}'s ({@code config.json}, {@code train.csv},
 * {@code checkpoints/best|last}, {@code curves.png}, {@code report.html}) and is a model for
 * {@link Segmenter#open} and {@code unet predict --model}.
 *
 * <pre>{@code
 * TrainingResult r = Training.of(train, validation, TrainSettings.paper().withMinutes(30))
 *         .onProgress(p -> System.out.println(p.iteration() + " " + p.status()))
 *         .run(Path.of("runs/cells"), cancel);
 * }</pre>
 *
 * <p>Samples hold raw images (they are normalised with {@link #withNormalization}, by default
 * {@link Normalization#DEFAULT}, which the model records for prediction) and per-pixel classes
 * ({@link SegmentationSample#IGNORE} for pixels left out of the loss); samples with instance ids
 * get the paper's separation borders between touching objects in their weight maps. Immutable:
 * every {@code with...}/{@code on...} method returns a new training.
 */
public final class Training {
    private static final Pattern LOSS = Pattern.compile("loss (\\S+?),?(?:\\s|$)");

    private final List<SegmentationSample> train;
    private final List<SegmentationSample> validation;
    private final TrainSettings settings;
    private final LabelConvention convention;
    private final Normalization normalization;
    private final Consumer<TrainingProgress> listener;
    private final boolean report;
    private final Path init;

    private Training(List<SegmentationSample> train, List<SegmentationSample> validation, TrainSettings settings,
            LabelConvention convention, Normalization normalization, Consumer<TrainingProgress> listener, boolean report, Path init) {
        this.init = init;
        this.train = train;
        this.validation = validation;
        this.settings = settings;
        this.convention = convention;
        this.normalization = normalization;
        this.listener = listener;
        this.report = report;
    }

    /**
     * A training on {@code train}, validated on {@code validation} (may be empty: no validation,
     * {@code checkpoints/best} is then not written).
     *
     * @throws InvalidInputException if there are no training samples, or samples differ in channels
     */
    public static Training of(List<SegmentationSample> train, List<SegmentationSample> validation, TrainSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (train == null || train.isEmpty()) {
            throw new InvalidInputException("no training samples; give at least one annotated image");
        }
        List<SegmentationSample> all = new ArrayList<>(train);
        all.addAll(validation);
        int channels = train.get(0).image().channels();
        for (SegmentationSample s : all) {
            if (s.image().channels() != channels) {
                throw new InvalidInputException("sample " + s.name() + " has " + s.image().channels() + " channel(s) but "
                        + train.get(0).name() + " has " + channels + "; give every sample the same channels");
            }
        }
        return new Training(List.copyOf(train), List.copyOf(validation), settings, convention(all), Normalization.DEFAULT, p -> {
        }, true, null);
    }

    /** The label convention of the samples (how validation scores them); by default derived from the samples. */
    public Training withLabels(LabelConvention v) {
        return new Training(train, validation, settings, Objects.requireNonNull(v), normalization, listener, report, init);
    }

    /** How images are normalised before training (recorded in the model for prediction). */
    public Training withNormalization(Normalization v) {
        return new Training(train, validation, settings, convention, Objects.requireNonNull(v), listener, report, init);
    }

    /** Whether {@link #run} writes {@code report.html} at the end (default: yes, as {@code unet train}). */
    public Training withReport(boolean v) {
        return new Training(train, validation, settings, convention, normalization, listener, v, init);
    }

    /** Receives a {@link TrainingProgress} after every step and every validation (on the training thread). */
    public Training onProgress(Consumer<TrainingProgress> v) {
        return new Training(train, validation, settings, convention, normalization, Objects.requireNonNull(v), report, init);
    }

    /**
     * Fine-tuning ({@code unet train --init}): the run starts from the weights of {@code model} (a
     * run folder, a model folder, or a package from {@code unet export}) instead of a random
     * network, and takes its network (the settings' dropout kept), its normalisation (replacing
     * {@link #withNormalization}) and its target. The samples must have the parent's channels and classes.
     */
    public Training withInit(Path model) {
        return new Training(train, validation, settings, convention, normalization, listener, report, Objects.requireNonNull(model));
    }

    /** The label convention the run will record and score with. */
    public LabelConvention labels() {
        return convention;
    }

    /**
     * Trains into {@code runDir} (new or empty) until the settings' iterations or time budget are
     * used up, or {@code cancel} is cancelled (then after the current step, with a checkpoint).
     *
     * @throws InvalidInputException if {@code runDir} is not new or empty, or the settings do not fit the data
     * @throws InterruptedException if the thread is interrupted while waiting for augmented tiles
     */
    public TrainingResult run(Path runDir, CancelToken cancel) throws InterruptedException {
        RunDirectory.requireNew(runDir);
        if (init == null) {
            return run(runDir, cancel, null, settings.config(), normalization);
        }
        try (ModelSource source = ModelSource.open(init)) {
            FineTuning.ParentModel parent = FineTuning.open(init, source);
            TrainConfig c = settings.config();
            c = c.withNetwork(FineTuning.network(parent, c.network(), EnumSet.noneOf(FineTuning.Shape.class)))
                    .withWeightMaps(c.weightMaps().withTarget(parent.target()));
            return run(runDir, cancel, parent, c, parent.normalization());
        }
    }

    /**
     * Continues the run in {@code runDir} (one this training's samples were trained in, e.g. stopped
     * by a {@link CancelToken}) from its last checkpoint, exactly as {@code unet train --resume}
     * does: with the run's own recorded configuration and normalisation; only a larger number of
     * iterations or another time budget from this training's settings (when they differ from the
     * paper defaults' 5000 iterations and no budget) are taken. A run stopped before its first
     * checkpoint starts again from iteration 0.
     *
     * @throws InvalidInputException if {@code runDir} is not a run folder, another training holds it,
     *     its checkpoint is damaged, or it has already done its iterations
     */
    public TrainingResult resume(Path runDir, CancelToken cancel) throws InterruptedException {
        RunDirectory run = RunDirectory.open(runDir);
        RunConfig recorded = run.runConfig();
        TrainConfig config = recorded.training();
        boolean more = settings.config().iterations() > config.iterations();
        if (more) {
            config = config.withIterations(settings.config().iterations());
        }
        double budget = settings.minutes() > 0 ? settings.minutes() : recorded.budgetMinutes();
        Normalization norm = recorded.data().normalization() != null ? recorded.data().normalization() : normalization;
        NativeEngine.load();
        DeviceChoice device = settings.device().resolve();
        List<SegmentationSample> t = train.stream().map(norm::apply).toList();
        List<SegmentationSample> v = validation.stream().map(norm::apply).toList();
        try (RunDirectory.Lock lock = run.lock()) {
            boolean fromCheckpoint = run.hasCheckpoint();
            if (fromCheckpoint) {
                run.checkResumable(config.iterations(), budget);
            } else {
                run.truncateCsv(0);
            }
            if (more || budget != recorded.budgetMinutes()) {
                run.writeConfig(recorded.withTraining(config, budget));
            }
            Events events = new Events(listener, budget * 60);
            TrainingRun training = new TrainingRun(config, device, budget, events, cancel == null ? CancelToken.none() : cancel)
                    .withValidationListener(events::validated);
            TrainingRun.Outcome o = training.run(run, t, v, norm, convention, fromCheckpoint);
            Path html = report ? training.writeReport(run, v, t) : null;
            return new TrainingResult(run.dir(), o.result().state().iteration(), o.result().state().elapsedSeconds(), o.stopped(),
                    o.result().lastValidation(), o.result().state().bestIteration(), html, o.summary());
        }
    }

    private TrainingResult run(Path runDir, CancelToken cancel, FineTuning.ParentModel parent, TrainConfig given, Normalization normalization)
            throws InterruptedException {
        NativeEngine.load();
        DeviceChoice device = settings.device().resolve();
        TrainingRun.checkTarget(given.weightMaps().target(), convention);
        UNetConfig net = given.network().withNumClasses(given.weightMaps().target().classes(convention.classes())).withInChannels(train.get(0).image().channels());
        if (parent != null) {
            FineTuning.checkData(parent, net.inChannels(), net.numClasses());
        }
        TrainConfig config = new TrainConfig(net, given.tile(), given.batch(), given.iterations(), given.optimizer(), given.schedule(),
                given.weightMaps(), given.classWeightScope(), given.augmentation(), given.seed(), given.validateEvery(),
                given.checkpointEvery(), given.bestMetric(), given.workers(), given.diagnostics(), given.onStall(), given.precision(),
                given.ema());
        List<SegmentationSample> t = train.stream().map(normalization::apply).toList();
        List<SegmentationSample> v = validation.stream().map(normalization::apply).toList();
        RunConfig record = runConfig(config, t, v, normalization);
        RunDirectory run = RunDirectory.create(runDir, parent == null ? record : record.withParent(parent.parent()));
        Events events = new Events(listener, settings.minutes() * 60);
        TrainingRun training = new TrainingRun(config, device, settings.minutes(), events, cancel == null ? CancelToken.none() : cancel)
                .withValidationListener(events::validated).withInit(parent == null ? null : parent.modelDir());
        TrainingRun.Outcome o = training.run(run, t, v, normalization, convention, false);
        Path html = report ? training.writeReport(run, v, t) : null;
        return new TrainingResult(run.dir(), o.result().state().iteration(), o.result().state().elapsedSeconds(), o.stopped(),
                o.result().lastValidation(), o.result().state().bestIteration(), html, o.summary());
    }

    private RunConfig runConfig(TrainConfig config, List<SegmentationSample> t, List<SegmentationSample> v, Normalization normalization) {
        DataSpec data = new DataSpec("in-memory samples", null, null, null, null, null, null, normalization, null, null, null, null,
                null, null, null, null, null).withConvention(convention).withNames(t, v);
        return new RunConfig(null, Instant.now().toString(), "org.unet4j.api.Training", settings.minutes(), data, config,
                config.network());
    }

    /** Instances when every sample has instance ids; else binary for two classes, class indices for more. */
    private static LabelConvention convention(List<SegmentationSample> samples) {
        int max = 1;
        boolean instances = true;
        for (SegmentationSample s : samples) {
            max = Math.max(max, s.classes().max());
            instances &= s.instances() != null;
        }
        if (instances && max == 1) {
            return new LabelConvention(LabelConvention.Kind.INSTANCES, 2, null, false, "in-memory instance labels");
        }
        return max == 1 ? new LabelConvention(LabelConvention.Kind.BINARY, 2, null, false, "in-memory binary labels")
                : new LabelConvention(LabelConvention.Kind.CLASSES, max + 1, null, false, "in-memory class labels");
    }

    /** Turns the engine's progress calls into {@link TrainingProgress} events. */
    private static final class Events implements Progress {
        private final Consumer<TrainingProgress> listener;
        private final double budgetSeconds;
        private final long started = System.nanoTime();
        private long total;
        private long first = -1;
        private long iteration;
        private double loss = Double.NaN;

        Events(Consumer<TrainingProgress> listener, double budgetSeconds) {
            this.listener = listener;
            this.budgetSeconds = budgetSeconds;
        }

        @Override
        public void start(String task, long total) {
            this.total = Math.max(0, total);
        }

        @Override
        public void step(long done, String status) {
            iteration = done;
            if (first < 0) {
                first = done;
            }
            Matcher m = LOSS.matcher(status == null ? "" : status);
            if (m.find()) {
                try {
                    loss = Double.parseDouble(m.group(1));
                } catch (NumberFormatException e) {
                    loss = Double.NaN;
                }
            }
            listener.accept(new TrainingProgress(TrainingProgress.Kind.STEP, done, total, loss, secondsLeft(), status == null ? ""
                    : status, Map.of()));
        }

        void validated(Map<String, Double> metrics) {
            listener.accept(new TrainingProgress(TrainingProgress.Kind.VALIDATION, iteration, total, loss, secondsLeft(), "validation",
                    metrics));
        }

        private double secondsLeft() {
            double elapsed = (System.nanoTime() - started) / 1e9;
            if (budgetSeconds > 0) {
                return Math.max(0, budgetSeconds - elapsed);
            }
            long steps = iteration - first;
            return total > 0 && steps > 0 ? elapsed / steps * (total - iteration) : Double.NaN;
        }

        @Override
        public void done() {
        }
    }
}
