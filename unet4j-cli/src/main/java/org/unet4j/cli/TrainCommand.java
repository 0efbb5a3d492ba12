package org.unet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Progress;
import org.unet4j.app.FineTuning;
import org.unet4j.app.ModelSource;
import org.unet4j.app.RunInputs;
import org.unet4j.app.TrainingRun;
import org.unet4j.augment.AugmentParams;
import org.unet4j.data.SegmentationSample;
import org.unet4j.data.Split;
import org.unet4j.infer.Bf16Support;
import org.unet4j.infer.Precision;
import org.unet4j.io.DataSpec;
import org.unet4j.io.OutputException;
import org.unet4j.io.TrainingSet;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.OptimizerConfig;
import org.unet4j.train.Preset;
import org.unet4j.train.RunConfig;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.Schedule;
import org.unet4j.train.TrainConfig;
import org.unet4j.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet train}: the paper's training recipe on a folder or stack of annotated images. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a U-Net with the paper's recipe: random large tiles across the training images, elastic"
                + " deformation and other augmentation, weight maps with separation borders, weighted pixel-wise softmax"
                + " cross-entropy, SGD with momentum 0.99. Writes a run folder (config.json, train.csv, curves.png,"
                + " checkpoints/last and best, log.txt, report.html) that 'unet predict --model RUN_DIR' accepts as is.",
            "Ctrl-C stops after the current step and writes a checkpoint; --resume RUN_DIR continues exactly there."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Validation validation;

    /** Validation folders or a validation fraction, not both. */
    static final class Validation {
        @ArgGroup(exclusive = false, multiplicity = "1")
        ValidationFiles files;

        @Option(names = "--val-fraction", paramLabel = "F", description = "Fraction of the training files held out for validation, split by file with --seed (default: 0.2; 0 = none).")
        Double fraction;
    }

    /** {@code --val-images} with {@code --val-labels}. */
    static final class ValidationFiles {
        @Option(names = "--val-images", paramLabel = "DIR|STACK", required = true, description = "Validation images (with --val-labels); default: a --val-fraction of the training files.")
        Path images;

        @Option(names = "--val-labels", paramLabel = "DIR|STACK", required = true, description = "Validation labels, paired like --labels.")
        Path labels;
    }

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "The run folder to create (must not exist or be empty).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last checkpoint, with its own settings (only --iterations, --minutes, --device, --threads and --workers may change).")
    Path resume;

    @Option(names = "--precision", paramLabel = "fp32|bf16", defaultValue = "fp32", description = "Number format of the training steps: fp32, or bf16 mixed precision (bfloat16 convolutions, float32 weights, loss and optimizer; faster on CPUs with AVX512-BF16/AMX and on GPUs; docs/TRAINING.md) (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = "--init", paramLabel = "MODEL", description = "Fine-tune: start from the weights of MODEL (a run folder, a model folder or a package from 'unet export') instead of a random network. Its network, normalisation, label reading and target are taken unless given; a different network is refused. config.json records it as \"parent\".")
    Path init;

    @Mixin
    NetworkOptions network;

    @Option(names = "--tile", paramLabel = "N", description = "Input tile side (default: 572 for depth 4, else the valid size nearest 572).")
    Integer tile;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Tiles per step; the paper uses one large tile (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5000", description = "Optimisation steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0", description = "Stop after M minutes of training (validation included) even if --iterations are not done; with --resume the whole run's minutes, as for --iterations (default: the run's own; 0 = no limit). With a time limit the learning-rate schedule follows time.")
    double minutes;

    @Option(names = "--optimizer", paramLabel = "sgd|adam", defaultValue = "sgd", description = "SGD with momentum (paper) or Adam (default: ${DEFAULT-VALUE}).")
    OptimizerConfig.Kind optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: " + TrainingRun.DEFAULT_SGD_LR + " for SGD, " + TrainingRun.DEFAULT_ADAM_LR + " for Adam; see docs/TRAINING.md).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.99", description = "SGD momentum (default: ${DEFAULT-VALUE}, the paper's).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-grad", paramLabel = "X", defaultValue = "" + TrainingRun.DEFAULT_CLIP_NORM, description = "Largest total L2 norm of one step's gradients; larger ones are scaled down to it, a safety measure against gradient spikes (default: ${DEFAULT-VALUE}; 0 = no limit, the paper's).")
    double clipGrad;

    @Option(names = "--preset", paramLabel = "paper|cells|nuclei", defaultValue = "paper", description = "Recipe whose defaults the other options start from: paper (the paper's network and fixed learning rate), cells (batch norm after every convolution and a poly learning-rate decay, for dense cells in light microscopy) or nuclei (cells plus --target contours and --class-weights sqrt, for nuclei and other small objects on a background, from instance labels); docs/TRAINING.md. Options given explicitly win (default: ${DEFAULT-VALUE}).")
    Preset preset;

    @Option(names = "--target", paramLabel = "classes|contours", description = "What the network learns: classes (the label classes as given, the paper's) or contours (three classes background / interior / object contour derived from instance labels; 'unet predict --instances' then grows each interior into its contour, which keeps touching objects apart). Default: classes; contours with --preset nuclei.")
    Target target;

    @Option(names = "--schedule", paramLabel = "constant|step|poly|cosine", description = "Learning rate schedule (default: constant, the paper's fixed rate; poly with --preset cells).")
    Schedule.Kind schedule;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "" + TrainingRun.DEFAULT_WARMUP, description = "Iterations of linear learning-rate warm-up: a safety measure against networks that die in their first large steps (default: ${DEFAULT-VALUE}, at most a tenth of --iterations; 0 = the paper's none).")
    int warmup;

    @Option(names = "--final-lr-fraction", paramLabel = "F", defaultValue = "0.1", description = "Learning rate at the end of step/poly/cosine schedules, as a fraction of --lr (default: ${DEFAULT-VALUE}).")
    double finalFraction;

    @Option(names = "--ema", paramLabel = "DECAY", defaultValue = "0", description = "Keep an exponential moving average of the weights, DECAY per step (0.999: about the last 1,000 steps), and validate, keep (checkpoints/best) and predict with it instead of the last step's weights, which SGD with momentum 0.99 leaves noisy (default: 0 = off, the paper's).")
    double ema;

    @Option(names = "--w0", paramLabel = "X", defaultValue = "10", description = "Weight of the separation-border term (default: ${DEFAULT-VALUE}, the paper's).")
    double w0;

    @Option(names = "--sigma", paramLabel = "PX", defaultValue = "5", description = "Width of the separation-border term in pixels (default: ${DEFAULT-VALUE}, the paper's).")
    double sigma;

    @Option(names = "--class-weights", paramLabel = "balanced|sqrt|none", description = "Class-balancing weights w_c: balanced (N_max / N_c), sqrt (its square root) or none (default: balanced; sqrt with --preset nuclei, where fully balancing 4 %% foreground made every nucleus too large).")
    ClassWeightMode classWeights;

    @Option(names = "--class-weight-scope", paramLabel = "image|dataset", defaultValue = "image", description = "Count class frequencies per image or over the training set (default: ${DEFAULT-VALUE}).")
    TrainConfig.ClassWeightScope classWeightScope;

    @Option(names = "--augment", paramLabel = "none|light|paper|strong|FACTOR", defaultValue = "paper", converter = Converters.Augment.class, description = "Augmentation strength (default: ${DEFAULT-VALUE}; see 'unet augment').")
    AugmentParams augment;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of initialisation, tiles, augmentation, dropout and the validation split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validate-every", paramLabel = "N", defaultValue = "500", description = "Iterations between validations (default: ${DEFAULT-VALUE}; 0 = only at the end).")
    int validateEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "250", description = "Iterations between checkpoints of checkpoints/last (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--best-metric", paramLabel = "auto|iou|dice|rand_error|pixel_error|loss|seg|ap", defaultValue = "auto", description = "Validation metric that selects checkpoints/best; auto = Rand error for binary labels, AP for --target contours, else IoU; seg and ap need instance labels (default: ${DEFAULT-VALUE}).")
    TrainConfig.BestMetric bestMetric;

    @Option(names = "--diagnostics", paramLabel = "N", defaultValue = "0", description = "Every N iterations, record each layer's activations (mean, spread, inactive units, dead channels) and each parameter's norm and gradient norm in RUN_DIR/diagnostics.csv (default: ${DEFAULT-VALUE} = off; 1 = every step).")
    int diagnostics;

    @Option(names = "--on-stall", paramLabel = "restart|warn|stop", defaultValue = "restart", description = "When the network stops learning (its output the same at every pixel, or its loss no better than a constant prediction's): warn, go back to the best checkpoint (or a new initialisation) and go on at a third of the learning rate, at most " + Trainer.MAX_RESTARTS + " times (restart); warn and go on (warn); or warn and stop the run with exit status " + Main.EXIT_STALLED + " (stop). Default: ${DEFAULT-VALUE}.")
    TrainConfig.StallAction onStall;

    @Option(names = "--workers", paramLabel = "N", description = "Threads producing augmented tiles (default: 1 per 2 cores, at least 1).")
    Integer workers;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter w = spec.commandLine().getOut();
        TrainingRun.checkMinutes(minutes);
        AtomicBoolean stop = new AtomicBoolean();
        Interrupts.onInterrupt(stop, spec.commandLine().getErr());
        TrainingRun.Outcome outcome;
        if (resume != null) {
            outcome = resume(w, stop);
        } else if (init != null) {
            try (ModelSource source = ModelSource.open(init)) {
                outcome = start(w, stop, FineTuning.open(init, source));
            }
        } else {
            outcome = start(w, stop, null);
        }
        w.println(outcome.summary());
        w.flush();
        return outcome.result().stoppedForStall() ? Main.EXIT_STALLED : outcome.stopped() ? Main.EXIT_INTERRUPTED : 0;
    }

    private TrainingRun.Outcome start(PrintWriter w, AtomicBoolean stop, FineTuning.ParentModel parent) throws InterruptedException {
        if (out == null) {
            throw new InvalidInputException("missing --out RUN_DIR: the folder for the run (or --resume RUN_DIR to continue one)");
        }
        if (!data.given()) {
            throw new InvalidInputException("missing --images and --labels: the annotated training images (see 'unet train --help')");
        }
        Path valImages = validation != null && validation.files != null ? validation.files.images : null;
        Path valLabels = validation != null && validation.files != null ? validation.files.labels : null;
        Double valFraction = validation != null ? validation.fraction : null;
        UNetConfig net = network.config();
        if (preset != Preset.PAPER && !given("--norm")) {
            net = net.withNorm(preset.norm());
        }
        if (parent != null) {
            net = FineTuning.network(parent, net, givenShape());
            takeFromParent(parent, w);
        }
        config(net);
        RunDirectory.requireNew(out);
        DeviceChoice device = engine.apply();
        String bf16 = Bf16Support.warning(precision, device, "--precision bf16");
        if (bf16 != null) {
            spec.commandLine().getErr().println("unet train: warning: " + bf16);
        }
        int classes = classesGiven() ? net.numClasses() : 0;
        w.println("loading " + data.images() + " and " + data.labels() + " ...");
        w.flush();
        TrainingSet set = data.load(classes, Progress.NONE);
        w.println("labels: " + set.convention().describe(Naming.CLI));
        TrainingRun.checkTarget(target(), set.convention());
        if (target() == Target.CONTOURS) {
            w.println("target: contours (network classes 0 background, 1 interior, 2 contour of each object)");
        }
        if (set.selectionSummary() != null) {
            w.println("files: " + set.selectionSummary(Naming.CLI));
        }
        net = net.withNumClasses(target().classes(set.convention().classes())).withInChannels(set.channels());
        if (parent != null) {
            FineTuning.checkData(parent, set.channels(), net.numClasses());
        }
        List<SegmentationSample> train = set.samples();
        warnAllBackground(train);
        List<SegmentationSample> val = List.of();
        DataSpec dataSpec = data.toSpec().withConvention(set.convention());
        if (valImages != null) {
            TrainingSet vs = dataSpec.loadValidation(valImages, valLabels, set.convention().classes(), Progress.NONE);
            if (vs.channels() != set.channels()) {
                throw new InvalidInputException("--val-images have " + vs.channels() + " channels but --images have " + set.channels()
                        + "; validation images must be like the training images");
            }
            val = vs.samples();
            dataSpec = dataSpec.withValidationFiles(valImages, valLabels);
        } else {
            double f = valFraction != null ? valFraction : (train.size() >= 2 ? 0.2 : 0);
            if (valFraction == null && train.size() < 2) {
                spec.commandLine().getErr().println("unet train: note: a single training image cannot be split, so nothing is held out"
                        + " for validation; give --val-images/--val-labels to validate");
            }
            if (f > 0) {
                Split<SegmentationSample> split = Split.byFile(train, f, seed);
                train = split.train();
                val = split.validation();
            }
            dataSpec = dataSpec.withValidationFraction(f);
        }
        dataSpec = dataSpec.withNames(train, val);
        TrainConfig config = config(net);
        w.printf(Locale.ROOT, "train: %d images, validation: %d images; network: depth %d, base %d, %,d parameters, tile %d -> %d%n",
                train.size(), val.size(), net.depth(), net.baseChannels(), net.parameterCount(), config.tile(), config.outputSize());
        RunConfig root = new RunConfig(null, Instant.now().toString(),
                "unet " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), minutes, dataSpec, config, net);
        if (parent != null) {
            root = root.withParent(parent.parent());
        }
        RunDirectory run = RunDirectory.create(out, root);
        w.println("run folder: " + out);
        w.flush();
        TrainingRun training = new TrainingRun(config, device, minutes, ProgressBar.forConsole(spec.commandLine().getErr()), stop::get)
                .withInit(parent == null ? null : parent.modelDir());
        List<SegmentationSample> t = train;
        List<SegmentationSample> v = val;
        TrainingRun.Outcome outcome = resumable(run, () -> training.run(run, t, v, set.normalization(), set.convention(), false));
        resumable(run, () -> {
            report(training, run, outcome, v, t);
            return outcome;
        });
        return outcome;
    }

    private TrainingRun.Outcome resume(PrintWriter w, AtomicBoolean stop) throws InterruptedException {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (CommandLine.Model.OptionSpec o : pr.matchedOptions()) {
            String name = o.longestName();
            if (!List.of("--resume", "--iterations", "--minutes", "--device", "--threads", "--workers", "--verbose").contains(name)) {
                throw new InvalidInputException("--resume continues a run with its own settings; " + name
                        + " cannot be changed (start a new run with --out instead)");
            }
        }
        RunDirectory run = RunDirectory.open(resume);
        TrainConfig saved = RunInputs.trainConfig(run);
        if (pr.hasMatchedOption("--iterations")) {
            saved = saved.withIterations(iterations);
        }
        TrainConfig config = workers != null ? saved.withWorkers(workers) : saved;
        // --minutes, like --iterations, is the whole run's: the budget it was started with unless given anew
        RunConfig recorded = run.runConfig();
        double budget = pr.hasMatchedOption("--minutes") ? minutes : recorded.budgetMinutes();
        // the lock and every check come first: a refused resume changes nothing in the run
        try (RunDirectory.Lock lock = run.lock()) {
            boolean fromCheckpoint = run.hasCheckpoint();
            if (fromCheckpoint) {
                run.checkResumable(config.iterations(), budget);
            }
            DeviceChoice device = engine.apply();
            w.println("loading " + RunInputs.describe(run) + " ...");
            w.flush();
            RunInputs.Data d = RunInputs.load(run, config.seed(), false);
            String changes = RunInputs.changes(run, d);
            if (changes != null) {
                spec.commandLine().getErr().println("unet train: warning: " + changes + "; the resumed run trains on the images as they are now");
                spec.commandLine().getErr().flush();
            }
            if (pr.hasMatchedOption("--iterations") || pr.hasMatchedOption("--minutes")) {
                run.writeConfig(recorded.withTraining(saved, budget));
            }
            if (fromCheckpoint) {
                w.println("resuming " + resume + " ...");
            } else {
                // killed before its first checkpoint: the same run again from the start, with its recorded settings
                w.println("resuming " + resume + ": no checkpoint yet, starting again from iteration 0 with the run's settings ...");
                run.truncateCsv(0);
            }
            w.flush();
            TrainingRun training = new TrainingRun(config, device, budget, ProgressBar.forConsole(spec.commandLine().getErr()), stop::get);
            TrainingRun.Outcome outcome = resumable(run, () -> training.run(run, d.train(), d.validation(), d.set().normalization(),
                    d.set().convention(), fromCheckpoint));
            resumable(run, () -> {
                report(training, run, outcome, d.validation(), d.train());
                return outcome;
            });
            return outcome;
        }
    }

    /** Work on a run folder that can fail for want of space: the message then says how to go on. */
    @FunctionalInterface
    private interface RunWork {
        TrainingRun.Outcome run() throws InterruptedException;
    }

    private static TrainingRun.Outcome resumable(RunDirectory run, RunWork work) throws InterruptedException {
        try {
            return work.run();
        } catch (OutputException e) {
            throw e.withAdvice((e.noSpace() ? "free space" : "make it writable") + " and run 'unet train --resume " + run.dir() + "'"
                    + (run.hasCheckpoint() ? " (the last checkpoint is intact)" : ""));
        }
    }

    private void report(TrainingRun training, RunDirectory run, TrainingRun.Outcome outcome, List<SegmentationSample> val,
            List<SegmentationSample> train) {
        if (!outcome.stopped()) {
            PrintWriter w = spec.commandLine().getOut();
            w.println("writing the report ...");
            w.flush();
            training.writeReport(run, val, train);
        }
    }

    /** The warm-up: as given, else the default but at most a tenth of the run's iterations. */
    private int warmup() {
        return spec.commandLine().getParseResult().hasMatchedOption("--warmup") ? warmup : TrainingRun.defaultWarmup(iterations);
    }

    /** The messages of the validation options' group, in the words of the checks they replace; null for other errors. */
    static String explain(CommandLine.ParameterException ex) {
        String m = String.valueOf(ex.getMessage());
        if ((ex instanceof CommandLine.MutuallyExclusiveArgsException || ex instanceof CommandLine.MaxValuesExceededException)
                && m.contains("--val-fraction") && m.contains("--val-images")) {
            return "give either --val-images/--val-labels or --val-fraction, not both";
        }
        if (ex instanceof CommandLine.MissingParameterException && (m.contains("--val-images") || m.contains("--val-labels"))) {
            return "--val-images and --val-labels go together; give both, or use --val-fraction";
        }
        return null;
    }

    /** Warns about label images with no foreground pixel: they teach the network only background. */
    private void warnAllBackground(List<SegmentationSample> samples) {
        List<String> empty = new ArrayList<>();
        for (SegmentationSample s : samples) {
            boolean foreground = false;
            for (int c : s.classes().labels()) {
                if (c > 0) {
                    foreground = true;
                    break;
                }
            }
            if (!foreground) {
                empty.add(s.name());
            }
        }
        if (!empty.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("unet train: warning: " + empty.size() + " of " + samples.size() + " label images are all background ("
                    + String.join(", ", empty.subList(0, Math.min(3, empty.size()))) + (empty.size() > 3 ? ", ..." : "")
                    + "); check the label files and the label convention ('unet inspect')");
            err.flush();
        }
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The architecture options given on the command line (a fine-tuning run takes the others from its parent). */
    private EnumSet<FineTuning.Shape> givenShape() {
        EnumSet<FineTuning.Shape> s = EnumSet.noneOf(FineTuning.Shape.class);
        Map<String, FineTuning.Shape> options = Map.of("--depth", FineTuning.Shape.DEPTH, "--base", FineTuning.Shape.BASE, "--padding",
                FineTuning.Shape.PADDING, "--upsampling", FineTuning.Shape.UPSAMPLING, "--norm", FineTuning.Shape.NORM);
        options.forEach((option, shape) -> {
            if (given(option)) {
                s.add(shape);
            }
        });
        return s;
    }

    /** The parent's normalisation, label reading and target, where the command line does not give them. */
    private void takeFromParent(FineTuning.ParentModel parent, PrintWriter w) {
        if (!given("--normalize") && !given("--percentiles")) {
            data.normalize = parent.normalization().method();
            data.percentiles = new double[] {parent.normalization().low(), parent.normalization().high()};
        }
        if (!given("--labels-as") && parent.labels() != null) {
            data.labelsAs = parent.labels();
        }
        if (target == null) {
            target = parent.target();
        }
        w.println("fine-tuning " + parent.given() + ": " + parent.network().depth() + " levels, base " + parent.network().baseChannels()
                + ", normalisation " + data.normalization().describe() + ", target " + target().name().toLowerCase(Locale.ROOT));
    }

    private Target target() {
        return target != null ? target : preset.target();
    }

    private boolean classesGiven() {
        return given("--classes");
    }

    /** The training configuration from the options (validated: tile, learning rate, ...). */
    private TrainConfig config(UNetConfig net) {
        TileGeometry g = TileGeometry.of(net);
        int t = tile != null ? tile : TilePlan.defaultTile(g);
        g.requireValid(t, "--tile");
        double rate = lr != null ? lr : optimizer == OptimizerConfig.Kind.SGD ? TrainingRun.DEFAULT_SGD_LR : TrainingRun.DEFAULT_ADAM_LR;
        int threads = workers != null ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new TrainConfig(net, t, batch, iterations, new OptimizerConfig(optimizer, rate, momentum, weightDecay, clipGrad),
                new Schedule(schedule != null ? schedule : preset.schedule(), warmup(), finalFraction),
                new WeightMapParams(w0, sigma, classWeights != null ? classWeights : preset.classWeights(), target()), classWeightScope,
                augment, seed, validateEvery, checkpointEvery, bestMetric, threads, diagnostics, onStall, precision,
                ema);
    }
}
