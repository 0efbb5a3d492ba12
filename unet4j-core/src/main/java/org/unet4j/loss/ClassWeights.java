package org.unet4j.loss;

import java.util.Arrays;
import java.util.List;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

/**
 * The class term w_c of the weight map: one weight per class index. With
 * {@link ClassWeightMode#BALANCED}, w_c(c) = N_max / N_c from the pixel counts N_c of the classes
 * (the majority class weighs 1, and every present class then carries the same total weight
 * N_max); with {@link ClassWeightMode#SQRT} the square roots of those; with {@link
 * ClassWeightMode#NONE}, every class weighs 1. {@link SegmentationSample#IGNORE}
 * pixels are not counted and weigh 0. A class with no pixels in the counted targets weighs 1
 * (it has no pixels there to balance).
 *
 * <p>Counted per image by {@link WeightMaps#apply(SegmentationSample, WeightMapParams)}, or once
 * over a whole training set with {@link #of(ClassWeightMode, List)} and passed to
 * {@link WeightMaps#apply(SegmentationSample, WeightMapParams, ClassWeights)}. Counts are taken on
 * the targets the loss sees, i.e. after the separation borders have become background.
 */
public final class ClassWeights {
    private static final ClassWeights NONE = new ClassWeights(new double[0]);

    private final double[] weights;

    private ClassWeights(double[] weights) {
        this.weights = weights;
    }

    /** Every class weighs 1. */
    public static ClassWeights none() {
        return NONE;
    }

    /** Balanced weights N_max / N_c from per-class pixel counts ({@code counts[c]} = N_c). */
    public static ClassWeights balanced(long[] counts) {
        long max = 0;
        for (long n : counts) {
            if (n < 0) {
                throw new IllegalArgumentException("negative class count in " + Arrays.toString(counts));
            }
            max = Math.max(max, n);
        }
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 1 : (double) max / counts[c];
        }
        return new ClassWeights(w);
    }

    /** The class weights of one target image (classes after separation borders). */
    public static ClassWeights of(ClassWeightMode mode, LabelImage targets) {
        return mode == ClassWeightMode.NONE ? none() : of(mode, counts(targets));
    }

    /** The weights of {@code mode} from per-class pixel counts. */
    static ClassWeights of(ClassWeightMode mode, long[] counts) {
        return switch (mode) {
            case NONE -> none();
            case BALANCED -> balanced(counts);
            case SQRT -> {
                double[] w = balanced(counts).weights;
                for (int c = 0; c < w.length; c++) {
                    w[c] = Math.sqrt(w[c]);
                }
                yield new ClassWeights(w);
            }
        };
    }

    /**
     * The class weights of a whole training set: the pixel counts of all samples' targets (after
     * separation borders) added up, so that rare classes weigh the same in every image.
     */
    public static ClassWeights of(ClassWeightMode mode, List<SegmentationSample> samples) {
        return of(mode, samples, Target.CLASSES);
    }

    /** As {@link #of(ClassWeightMode, List)} for the classes of {@code target}. */
    public static ClassWeights of(ClassWeightMode mode, List<SegmentationSample> samples, Target target) {
        if (mode == ClassWeightMode.NONE) {
            return none();
        }
        long[] total = new long[0];
        for (SegmentationSample s : samples) {
            long[] n = counts(WeightMaps.targets(s, target).classes());
            if (n.length > total.length) {
                total = Arrays.copyOf(total, n.length);
            }
            for (int c = 0; c < n.length; c++) {
                total[c] += n[c];
            }
        }
        return of(mode, total);
    }

    /**
     * Pixel counts per class index 0..max ({@link SegmentationSample#IGNORE} pixels not counted).
     *
     * @throws IllegalArgumentException on a negative class other than IGNORE
     */
    public static long[] counts(LabelImage classes) {
        long[] n = new long[Math.max(0, classes.max()) + 1];
        for (int c : classes.labels()) {
            if (c >= 0) {
                n[c]++;
            } else if (c != SegmentationSample.IGNORE) {
                throw new IllegalArgumentException("class " + c + " is not a class index (0..K-1) nor IGNORE (-1)");
            }
        }
        return n;
    }

    /** The weight of class {@code c}: 0 for {@link SegmentationSample#IGNORE}, 1 for a class not counted. */
    public double weight(int c) {
        if (c == SegmentationSample.IGNORE) {
            return 0;
        }
        return c >= 0 && c < weights.length ? weights[c] : 1;
    }

    /** The weights of the counted classes 0..n-1 (empty for {@link #none()}; other classes weigh 1). */
    public double[] values() {
        return weights.clone();
    }

    @Override
    public String toString() {
        return "ClassWeights" + Arrays.toString(weights);
    }
}
