package org.unet4j.infer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;
import org.unet4j.data.LabelImage;
import org.unet4j.loss.Target;

/**
 * What {@code unet predict} derives from the network's probabilities: the foreground map and the
 * instances.
 *
 * <p>For a model trained on {@link Target#CONTOURS} (background / interior / contour) the
 * instances are always its interiors grown into its objects: the seeds are the 4-connected regions
 * of at least {@link #CONTOUR_MIN_SEED} pixels (or {@code minSize}) whose interior probability is
 * above {@code seedThreshold}; they grow by the {@link Watershed}
 * (highest object probability first, one-pixel lines where two meet) into the pixels whose object
 * probability 1 - p(background) is above {@code floodThreshold}. The foreground map is the object
 * probability with those lines set to 0. {@code method} and {@code foregroundClass} do not apply.
 *
 * @param foregroundClass the class whose probability is the foreground (1 for a two-class model)
 * @param method how instances are separated
 * @param seedThreshold with {@link Method#WATERSHED}: seeds are the regions whose foreground
 *     probability is above this; for a contour model, whose interior probability is
 * @param floodThreshold with {@link Method#WATERSHED}: seeds grow into pixels whose foreground
 *     probability is above this (0: the whole image); for a contour model, whose object probability is
 * @param minSize instances (with {@link Method#WATERSHED} or a contour model: seeds) of fewer pixels are dropped
 * @param target what the model predicts ({@link Target#CLASSES}: the label classes; null reads as that)
 */
public record PostProcessing(int foregroundClass, Method method, double seedThreshold, double floodThreshold, int minSize,
        Target target) {

    /** How instances are separated. */
    public enum Method {
        /**
         * None: the foreground map is the network's probability and the instances are the
         * 4-connected components of the pixels classified as foreground (the paper's output).
         */
        NONE,
        /**
         * {@link Watershed}: seeds grow until they meet; the instances are separated by one-pixel
         * lines, and the foreground map is the probability with those lines set to 0, so that a gap
         * in a faint boundary no longer merges two objects.
         */
        WATERSHED
    }

    /** Default seed threshold: the pixels the network calls foreground. */
    public static final double DEFAULT_SEED_THRESHOLD = 0.5;
    /** Default flood threshold for membranes and tissue: the whole image is divided. */
    public static final double DEFAULT_FLOOD_THRESHOLD = 0;
    /**
     * Default flood threshold for objects on a background (models trained on instance labels):
     * the seeds do not flood the background.
     */
    public static final double OBJECTS_FLOOD_THRESHOLD = 0.5;
    /**
     * Default seed threshold for objects on a background: the confident cores, so that two
     * touching objects joined by a weaker bridge start as two seeds (DSB2018, docs/RESULTS.md).
     */
    public static final double OBJECTS_SEED_THRESHOLD = 0.8;
    /**
     * Default interior (seed) threshold of a contour model: confident interiors, so that two
     * touching objects whose interiors the network joins faintly start as two seeds (DSB2018:
     * merged touching pairs 103 of 162 with thresholds 0.5 / 0.5, 52 with 0.8 / 0.6; docs/RESULTS.md).
     */
    public static final double CONTOUR_SEED_THRESHOLD = 0.8;
    /**
     * Default object (flood) threshold of a contour model. On DSB2018 with seeds 0.8, three models
     * gave their best mean AP (0.5:0.95) at 0.7 rather than 0.6 (0.471 / 0.466, 0.484 / 0.472 and
     * 0.492 / 0.486), AP@0.5 within ±0.006; objects grown to 0.6 came out a median 1.09 times
     * their true area (docs/RESULTS.md).
     */
    public static final double CONTOUR_FLOOD_THRESHOLD = 0.7;
    /**
     * The smallest seed of a contour model, in pixels: a speck of interior of one or two pixels is
     * noise, and inside a nucleus that has its own seed it splits it. On DSB2018 (two models,
     * flood 0.7) dropping seeds under 3 pixels raised mean AP by 0.007 and 0.008 and AP@0.5 by
     * 0.006 each (docs/RESULTS.md). {@code minSize} raises it.
     */
    public static final int CONTOUR_MIN_SEED = 3;

    public PostProcessing {
        if (method == null) {
            throw new InvalidInputException("post-processing method must be given (none or watershed)");
        }
        if (target == null) {
            target = Target.CLASSES;
        }
        if (foregroundClass < 0) {
            throw InvalidInputException.of("%s is negative; use 1 for a two-class model", Setting.FOREGROUND_CLASS.is(foregroundClass));
        }
        if (minSize < 0) {
            throw InvalidInputException.of("%s is negative; use 0 to keep every instance", Setting.MIN_SIZE.is(minSize));
        }
        if (target == Target.CONTOURS) {
            checkProbability(Setting.SEED_THRESHOLD, seedThreshold, CONTOUR_SEED_THRESHOLD);
            checkProbability(Setting.FLOOD_THRESHOLD, floodThreshold, CONTOUR_FLOOD_THRESHOLD);
        } else if (method == Method.WATERSHED) {
            Watershed.checkThresholds(seedThreshold, floodThreshold);
        }
    }

    /** Post-processing of a {@link Target#CLASSES} model. */
    public PostProcessing(int foregroundClass, Method method, double seedThreshold, double floodThreshold, int minSize) {
        this(foregroundClass, method, seedThreshold, floodThreshold, minSize, Target.CLASSES);
    }

    /** The paper's output: probabilities as they are, instances as connected components. */
    public static PostProcessing none(int foregroundClass, int minSize) {
        return new PostProcessing(foregroundClass, Method.NONE, DEFAULT_SEED_THRESHOLD, 0, minSize);
    }

    /**
     * The post-processing a model's own metadata calls for, with the thresholds not given (null)
     * chosen for it: a contour model's {@link #CONTOUR_SEED_THRESHOLD} and {@link
     * #CONTOUR_FLOOD_THRESHOLD}; for a model trained on instance labels (objects on a background)
     * seeds {@link #OBJECTS_SEED_THRESHOLD} and flood {@link #OBJECTS_FLOOD_THRESHOLD} (a seed
     * threshold given at or below that flood default floods above half the seed threshold); else
     * (membranes, class maps) seeds 0.5 and flood 0.
     *
     * @param metadata the model's config.json metadata (its "labels" section), may be null
     */
    public static PostProcessing forModel(JsonNode metadata, int foregroundClass, Method method, Double seedThreshold,
            Double floodThreshold, int minSize) {
        Target target = targetOf(metadata);
        if (target == Target.CONTOURS) {
            return new PostProcessing(foregroundClass, method, seedThreshold != null ? seedThreshold : CONTOUR_SEED_THRESHOLD,
                    floodThreshold != null ? floodThreshold : CONTOUR_FLOOD_THRESHOLD, minSize, target);
        }
        boolean objects = trainedOnInstances(metadata);
        double seed = seedThreshold != null ? seedThreshold : objects ? OBJECTS_SEED_THRESHOLD : DEFAULT_SEED_THRESHOLD;
        double flood = floodThreshold != null ? floodThreshold : objects ? OBJECTS_FLOOD_THRESHOLD : DEFAULT_FLOOD_THRESHOLD;
        if (floodThreshold == null && flood >= seed) {
            flood = seed / 2; // a low seed threshold given alone: still keep the background out
        }
        return new PostProcessing(foregroundClass, method, seed, flood, minSize, target);
    }

    /** The target a model was trained on, from its metadata ({@link Target#CLASSES} when not recorded). */
    public static Target targetOf(JsonNode metadata) {
        String t = metadata == null ? "" : metadata.path("labels").path("target").asText("");
        return t.equals(Target.CONTOURS.name()) ? Target.CONTOURS : Target.CLASSES;
    }

    private static boolean trainedOnInstances(JsonNode metadata) {
        return metadata != null && "INSTANCES".equals(metadata.path("labels").path("convention").asText(""));
    }

    /** The foreground map and (when asked for, else null) the instances of one slice. */
    public record Outputs(float[] foreground, LabelImage instances) {
    }

    /** Applies this post-processing to {@code p}; the instances only {@code withInstances}. */
    public Outputs apply(Prediction p, boolean withInstances) {
        requireClasses(p.numClasses());
        if (target == Target.CONTOURS) {
            float[] objects = objectProbability(p);
            Watershed.Basins basins = Watershed.split(p.probability(Target.INTERIOR), objects, p.height(), p.width(), seedThreshold,
                    floodThreshold, contourMinSeed());
            return new Outputs(basins.sealed(objects), withInstances ? basins.instances() : null);
        }
        float[] fg = p.probability(foregroundClass);
        if (method == Method.NONE) {
            return new Outputs(fg, withInstances ? Instances.fromClasses(p.labels(), foregroundClass, minSize) : null);
        }
        Watershed.Basins basins = Watershed.split(fg, p.height(), p.width(), seedThreshold, floodThreshold, minSize);
        return new Outputs(basins.sealed(fg), withInstances ? basins.instances() : null);
    }

    /** The instances of {@code p} alone (validation during training). */
    public LabelImage instances(Prediction p) {
        return apply(p, true).instances();
    }

    /** 1 - p(background): the probability that a pixel belongs to any object. */
    public static float[] objectProbability(Prediction p) {
        float[] bg = p.probability(0);
        float[] fg = new float[bg.length];
        for (int i = 0; i < bg.length; i++) {
            fg[i] = 1 - bg[i];
        }
        return fg;
    }

    /** Checks that a model with {@code classes} classes has the foreground class (a contour model: 3 classes). */
    public void requireClasses(int classes) {
        if (target == Target.CONTOURS) {
            if (classes != 3) {
                throw new InvalidInputException("the model says it was trained on contours but has " + classes
                        + " classes instead of 3 (background, interior, contour); its config.json is damaged, restore it");
            }
            return;
        }
        if (foregroundClass >= classes) {
            throw InvalidInputException.of("%s is out of range; the model has %d classes (0..%d)", Setting.FOREGROUND_CLASS.is(foregroundClass),
                    classes, classes - 1);
        }
    }

    /** One line for logs, e.g. {@code "watershed (seeds > 0.5, flood > 0)"}. */
    public String describe() {
        if (target == Target.CONTOURS) {
            return String.format(Locale.ROOT, "contour model: interiors (p > %s) grown into objects (p > %s), seeds >= %d px",
                    trim(seedThreshold), trim(floodThreshold), contourMinSeed());
        }
        if (method == Method.NONE) {
            return "no post-processing";
        }
        return String.format(Locale.ROOT, "watershed (seeds > %s, flood > %s%s)", trim(seedThreshold), trim(floodThreshold),
                minSize > 1 ? ", seeds >= " + minSize + " px" : "");
    }

    /** The smallest seed of a contour model: {@link #CONTOUR_MIN_SEED}, or {@code minSize} when larger. */
    private int contourMinSeed() {
        return Math.max(minSize, CONTOUR_MIN_SEED);
    }

    private static void checkProbability(Setting option, double v, double example) {
        if (!(v >= 0 && v < 1)) {
            throw InvalidInputException.of("%s is not a probability in [0, 1); use e.g. %s", option.is(v), trim(example));
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
