package org.unet4j.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.Setting;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.Json;
import org.unet4j.loss.Target;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.RunLayout;
import org.unet4j.train.RunCurves;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.RunState;
import org.unet4j.train.TrainConfig;
import org.unet4j.train.Trainer;
import org.unet4j.train.ValidationScorer;
import org.unet4j.train.Validator;

/**
 * A whole training run as {@code unet train} and {@code unet demo} do it: weight maps, the
 * validation scorer, the {@link Trainer}, and the model metadata every checkpoint carries (the
 * normalisation prediction must repeat, the label convention).
 */
public final class TrainingRun {
    /**
     * Default SGD learning rate with momentum 0.99 and the weight-normalised loss: the fastest of
     * 0.01, 0.003 and 0.001 on ISBI 2012 (docs/TRAINING.md), none of which diverged there.
     */
    public static final double DEFAULT_SGD_LR = 0.01;
    /**
     * Default learning-rate warm-up (iterations): without it the paper's SGD (0.01, momentum 0.99)
     * killed the network within 100 steps on DIC-HeLa for both seeds tried, 1 and 3 (docs/TRAINING.md, "Training that dies").
     */
    public static final int DEFAULT_WARMUP = 500;
    /** The default warm-up of a run of {@code iterations}: {@link #DEFAULT_WARMUP}, but at most a tenth of the run. */
    public static int defaultWarmup(int iterations) {
        return Math.min(DEFAULT_WARMUP, iterations / 10);
    }

    /** Default gradient-norm limit of one step (docs/TRAINING.md, "Training that dies"). */
    public static final double DEFAULT_CLIP_NORM = 1.0;
    /** Default Adam learning rate. */
    public static final double DEFAULT_ADAM_LR = 0.0005;

    /** Example images in the report written at the end. */
    public static final int REPORT_EXAMPLES = 3;

    /** How the run ended, and one line for people. */
    public record Outcome(Trainer.Result result, boolean stopped, String summary) {
    }

    private final TrainConfig config;
    private final DeviceChoice device;
    private final double minutes;
    private final Progress progress;
    private final BooleanSupplier stop;
    private final Consumer<Map<String, Double>> onValidation;
    private final Path init;

    public TrainingRun(TrainConfig config, DeviceChoice device, double minutes, Progress progress, BooleanSupplier stop) {
        this(config, device, minutes, progress, stop, m -> {
        }, null);
    }

    private TrainingRun(TrainConfig config, DeviceChoice device, double minutes, Progress progress, BooleanSupplier stop,
            Consumer<Map<String, Double>> onValidation, Path init) {
        checkMinutes(minutes);
        this.init = init;
        this.config = config;
        this.device = device;
        this.minutes = minutes;
        this.progress = progress == null ? Progress.NONE : progress;
        this.stop = stop;
        this.onValidation = onValidation;
    }

    /** The same run, also telling {@code listener} the metrics of every validation. */
    public TrainingRun withValidationListener(Consumer<Map<String, Double>> listener) {
        return new TrainingRun(config, device, minutes, progress, stop, listener, init);
    }

    /**
     * The same run, starting from the weights of the unet4j model folder {@code modelDir} (see
     * {@link FineTuning}) instead of a random initialisation; null for a random one.
     */
    public TrainingRun withInit(Path modelDir) {
        return new TrainingRun(config, device, minutes, progress, stop, onValidation, modelDir);
    }

    /**
     * Trains (or resumes) on normalised samples.
     *
     * @param normalization the normalisation the images went through (recorded for prediction)
     */
    public Outcome run(RunDirectory run, List<SegmentationSample> train, List<SegmentationSample> validation,
            Normalization normalization, LabelConvention convention, boolean resume) throws InterruptedException {
        long t0 = System.nanoTime();
        List<SegmentationSample> weighted = Trainer.withWeightMaps(train, config.weightMaps(), config.classWeightScope());
        Validator scorer = validation.isEmpty() ? null : new ValidationScorer(validation, convention, config.weightMaps(), device);
        Validator validator = scorer == null ? null : net -> {
            Map<String, Double> metrics = scorer.validate(net);
            onValidation.accept(metrics);
            return metrics;
        };
        run.log(String.format(Locale.ROOT, "weight maps of %d training and %d validation images in %.1f s", train.size(),
                validation.size(), (System.nanoTime() - t0) / 1e9));
        Trainer trainer = new Trainer(config, device, progress, stop, minutes * 60);
        if (init != null) {
            trainer = trainer.initialisedFrom(init);
        }
        Trainer.Result r = trainer.train(run, weighted, validator,
                modelMetadata(normalization, convention, config.weightMaps().target()), resume);
        RunCurves.writeCurves(run);
        return new Outcome(r, r.stopped(), summary(run, r));
    }

    /**
     * Writes the run's report.html as {@link RunReport#writeRun} does: summary cards and curves from
     * train.csv, the first {@link #REPORT_EXAMPLES} validation images (else training images)
     * predicted by the best checkpoint.
     */
    public Path writeReport(RunDirectory run, List<SegmentationSample> validation, List<SegmentationSample> train) {
        return RunReport.writeRun(run, run.dir().resolve(RunLayout.REPORT), validation, train, REPORT_EXAMPLES, List.of(),
                config.weightMaps(), device);
    }

    /** What each checkpoint's config.json records besides the network: how to prepare images, what the classes are. */
    public static ObjectNode modelMetadata(Normalization normalization, LabelConvention convention) {
        return modelMetadata(normalization, convention, Target.CLASSES);
    }

    /**
     * As {@link #modelMetadata(Normalization, LabelConvention)}, with the target the network learnt
     * ({@code labels.target}, which tells prediction how to find the instances of a contour model).
     */
    public static ObjectNode modelMetadata(Normalization normalization, LabelConvention convention, Target target) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode pre = meta.putObject("preprocessing");
        pre.set("normalization", Json.MAPPER.valueToTree(normalization));
        ObjectNode labels = meta.putObject("labels");
        labels.put("convention", convention.kind().name());
        labels.put("classes", convention.classes());
        labels.put("description", convention.describe());
        labels.put("target", target.name());
        if (target == Target.CONTOURS) {
            labels.put("network_classes", "0 background, 1 interior, 2 contour");
        }
        return meta;
    }

    /**
     * Checks a run's time budget, before anything is loaded or written (the command line calls it
     * first; the constructor again for library callers).
     *
     * @throws InvalidInputException for a negative or NaN number of minutes
     */
    public static void checkMinutes(double minutes) {
        if (!(minutes >= 0)) {
            throw InvalidInputException.of("%s must not be negative (0 = no time limit)", Setting.MINUTES.is(minutes));
        }
    }

    /**
     * Checks that {@code target} can be derived from labels read with {@code convention}.
     *
     * @throws InvalidInputException for {@link Target#CONTOURS} without instance labels
     */
    public static void checkTarget(Target target, LabelConvention convention) {
        if (target == Target.CONTOURS && convention.kind() != LabelConvention.Kind.INSTANCES) {
            throw InvalidInputException.of("%s needs instance labels (0 background, each object its own value), but the labels are read"
                    + " as %s; give instance labels (%s) or use %s", Setting.TARGET.is("contours"),
                    convention.kind().name().toLowerCase(Locale.ROOT), Setting.LABELS_AS.is("instances"), Setting.TARGET.is("classes"));
        }
    }

    private static String summary(RunDirectory run, Trainer.Result r) {
        StringBuilder sb = new StringBuilder();
        RunState s = r.state();
        sb.append(String.format(Locale.ROOT, "%s after %d iterations (%.1f min, %.2f it/s training, %.1f s validation)",
                r.stoppedForStall() ? "stopped (the network stopped learning)" : r.stopped() ? "stopped" : "done", s.iteration(), s.elapsedSeconds() / 60, r.stepsPerSecond(), s.validationSeconds()));
        Map<String, Double> v = r.lastValidation();
        if (v != null && !v.isEmpty()) {
            sb.append("\nvalidation:");
            v.forEach((k, x) -> sb.append(String.format(Locale.ROOT, " %s %.4f", k, x)));
        }
        if (s.bestIteration() >= 0) {
            sb.append(String.format(Locale.ROOT, "\nbest checkpoint: iteration %d (%.4f)", s.bestIteration(), s.bestValue()));
        }
        if (r.stalledAt() >= 0) {
            sb.append(String.format(Locale.ROOT, "\nwarning: the network stopped learning at iteration %d (log.txt says why and what to try)",
                    r.stalledAt()));
        }
        sb.append("\nrun folder: ").append(run.dir()).append(r.stopped() && !r.stoppedForStall() ? "  (continue with: unet train --resume " + run.dir() + ")" : "");
        return sb.toString();
    }
}
