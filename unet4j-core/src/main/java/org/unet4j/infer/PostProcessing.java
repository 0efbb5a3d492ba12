package org.unet4j.infer;

import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.data.LabelImage;

/**
 * What {@code unet predict} derives from the network's probabilities: the foreground map and the
 * instances.
 *
 * @param foregroundClass the class whose probability is the foreground (1 for a two-class model)
 * @param method how instances are separated
 * @param seedThreshold with {@link Method#WATERSHED}: seeds are the regions whose foreground
 *     probability is above this
 * @param floodThreshold with {@link Method#WATERSHED}: seeds grow into pixels whose foreground
 *     probability is above this (0: the whole image)
 * @param minSize instances (with {@link Method#WATERSHED}: seeds) of fewer pixels are dropped
 */
public record PostProcessing(int foregroundClass, Method method, double seedThreshold, double floodThreshold, int minSize) {

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

    public PostProcessing {
        if (method == null) {
            throw new InvalidInputException("post-processing method must be given (none or watershed)");
        }
        if (foregroundClass < 0) {
            throw new InvalidInputException("--foreground-class " + foregroundClass + " is negative; use 1 for a two-class model");
        }
        if (minSize < 0) {
            throw new InvalidInputException("--min-size " + minSize + " is negative; use 0 to keep every instance");
        }
        if (method == Method.WATERSHED) {
            Watershed.checkThresholds(seedThreshold, floodThreshold);
        }
    }

    /** The paper's output: probabilities as they are, instances as connected components. */
    public static PostProcessing none(int foregroundClass, int minSize) {
        return new PostProcessing(foregroundClass, Method.NONE, DEFAULT_SEED_THRESHOLD, 0, minSize);
    }

    /** The foreground map and (when asked for, else null) the instances of one slice. */
    public record Outputs(float[] foreground, LabelImage instances) {
    }

    /** Applies this post-processing to {@code p}; the instances only {@code withInstances}. */
    public Outputs apply(Prediction p, boolean withInstances) {
        requireClasses(p.numClasses());
        float[] fg = p.probability(foregroundClass);
        if (method == Method.NONE) {
            return new Outputs(fg, withInstances ? Instances.fromClasses(p.labels(), foregroundClass, minSize) : null);
        }
        Watershed.Basins basins = Watershed.split(fg, p.height(), p.width(), seedThreshold, floodThreshold, minSize);
        return new Outputs(basins.sealed(fg), withInstances ? basins.instances() : null);
    }

    /** Checks that a model with {@code classes} classes has the foreground class. */
    public void requireClasses(int classes) {
        if (foregroundClass >= classes) {
            throw new InvalidInputException("--foreground-class " + foregroundClass + " is out of range; the model has " + classes
                    + " classes (0.." + (classes - 1) + ")");
        }
    }

    /** One line for logs, e.g. {@code "watershed (seeds > 0.5, flood > 0)"}. */
    public String describe() {
        if (method == Method.NONE) {
            return "no post-processing";
        }
        return String.format(Locale.ROOT, "watershed (seeds > %s, flood > %s%s)", trim(seedThreshold), trim(floodThreshold),
                minSize > 1 ? ", seeds >= " + minSize + " px" : "");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
