package org.unet4j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.unet4j.InvalidInputException;
import org.unet4j.augment.AugmentParams;
import org.unet4j.augment.Augmenter;
import org.unet4j.augment.TrainingTile;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.ClassWeights;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;

/**
 * What training will see, before training: the paper's loss weight map of a label image (the
 * library form of {@code unet weights}) and randomly augmented training tiles (of {@code unet
 * augment}), as plain arrays for a viewer (ImageJ, a notebook, a report). The values are those the
 * commands compute and training uses.
 */
public final class Previews {
    /** Most tiles one {@link #augmented} call draws. */
    public static final int MAX_TILES = 1000;

    private Previews() {
    }

    /** How {@link #weightMap} reads a label image ({@code unet weights --labels-as}). */
    public enum LabelKind {
        /** 0 = background, every other value one object (touching objects are parted by separation borders). */
        INSTANCES,
        /** 0 = background, any other value foreground; the objects are its 8-connected components. */
        BINARY,
        /** {@link #BINARY} when the image holds at most two distinct values, else {@link #INSTANCES} (the default). */
        AUTO
    }

    /**
     * The paper's weight map w(x) = w_c(class(x)) + [class(x) = 0] w0 exp(-(d1 + d2)^2 / (2 sigma^2))
     * of one label image, all maps row-major {@code height x width}.
     *
     * @param height rows
     * @param width columns
     * @param weights the weight map w(x), as {@code unet weights} writes it and training weighs the loss
     * @param classTerm the class part w_c(class(x))
     * @param borderTerm the border part (0 on object pixels; {@code weights = classTerm + borderTerm} up to float rounding)
     * @param classes the training targets after separation borders (0 background, 1 foreground; for
     *     {@link Target#CONTOURS} 0 background, 1 interior, 2 contour)
     * @param objects the objects of the border term (0 = none): the separated instances or the 8-connected components
     * @param classWeights w_c per class, from this image's pixel counts (as {@code unet weights}: one image alone)
     * @param binary whether the labels were read as a binary mask
     */
    public record WeightMap(int height, int width, float[] weights, float[] classTerm, float[] borderTerm, int[] classes, int[] objects,
            double[] classWeights, boolean binary) {
        /** The number of objects of the border term. */
        public long objectCount() {
            return java.util.Arrays.stream(objects).filter(v -> v != 0).distinct().count();
        }
    }

    /**
     * One augmented training tile, row-major, {@code size x size}.
     *
     * @param name the sample it was drawn from
     * @param originY source row of the tile's top-left pixel before the transforms (it may lie outside, mirrored)
     * @param originX source column of that pixel
     * @param channels image channels
     * @param size tile side in pixels
     * @param image the augmented image, channel-major ({@code image[(c * size + y) * size + x]})
     * @param classes the class of every pixel, transformed with the image
     * @param instances the object ids, or null when the sample has no instances
     */
    public record Tile(String name, int originY, int originX, int channels, int size, float[] image, int[] classes, int[] instances) {
        /** The labels {@code unet augment} overlays: the instances when there are, else the classes. */
        public int[] labels() {
            return instances != null ? instances : classes;
        }

        /** The mean over channels ({@code size x size}): the gray picture {@code unet augment} shows. */
        public float[] gray() {
            int plane = size * size;
            float[] mean = new float[plane];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < plane; i++) {
                    mean[i] += image[c * plane + i] / channels;
                }
            }
            return mean;
        }
    }

    /** {@link #weightMap(LabelImage, WeightMapParams, LabelKind)} with the kind detected ({@link LabelKind#AUTO}). */
    public static WeightMap weightMap(LabelImage labels, WeightMapParams params) {
        return weightMap(labels, params, LabelKind.AUTO);
    }

    /**
     * The weight map of {@code labels} as {@code unet weights} computes it: instance labels are
     * parted by separation borders (made background), class weights come from this image alone.
     *
     * @param labels 0 = background, other values objects (or foreground, read as {@code kind} says)
     * @param params w0, sigma, the class-weight mode and the target ({@link WeightMapParams#paper()}: the paper's)
     * @param kind how to read the labels; null reads as {@link LabelKind#AUTO}
     * @throws InvalidInputException for negative labels, or contour targets on labels read as binary
     */
    public static WeightMap weightMap(LabelImage labels, WeightMapParams params, LabelKind kind) {
        if (labels == null || params == null) {
            throw new InvalidInputException("weight map: give a label image and weight-map parameters (WeightMapParams.paper())");
        }
        LabelKind k = kind == null ? LabelKind.AUTO : kind;
        boolean binary = k == LabelKind.BINARY || (k == LabelKind.AUTO && distinctValues(labels) <= 2);
        if (binary && params.target() == Target.CONTOURS) {
            throw new InvalidInputException("the contours target needs instance labels (each object its own value), but these labels are"
                    + " read as a binary mask; read them as instances or use the classes target");
        }
        int[] l = labels.labels();
        int[] fg = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < 0) {
                throw new InvalidInputException("label value " + l[i] + " is negative; labels must be 0 (background) or positive ids");
            }
            fg[i] = l[i] != 0 ? 1 : 0;
        }
        int h = labels.height();
        int w = labels.width();
        SegmentationSample sample = new SegmentationSample("labels", Image.zeros(1, h, w), new LabelImage(h, w, fg),
                binary ? null : labels.copy(), null);
        WeightMaps.Targets targets = WeightMaps.targets(sample, params.target());
        ClassWeights cw = ClassWeights.of(params.classWeights(), targets.classes());
        float[] weights = WeightMaps.weights(targets, params, cw);
        float[] border = WeightMaps.borderTerm(targets.objects(), params.w0(), params.sigma());
        int[] classes = targets.classes().labels().clone();
        float[] classTerm = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] != SegmentationSample.IGNORE) {
                classTerm[i] = (float) cw.weight(classes[i]);
                if (classes[i] != 0) {
                    border[i] = 0;
                }
            } else {
                border[i] = 0;
            }
        }
        return new WeightMap(h, w, weights, classTerm, border, classes, targets.objects().labels().clone(), cw.values().clone(), binary);
    }

    /** {@link #augmented(List, AugmentParams, int, int, long)} of one sample. */
    public static List<Tile> augmented(SegmentationSample sample, AugmentParams params, int count, int tileSize, long seed) {
        if (sample == null) {
            throw new InvalidInputException("augmentation preview: give a sample (Samples.fromInstances or Samples.fromClasses)");
        }
        return augmented(List.of(sample), params, count, tileSize, seed);
    }

    /**
     * {@code count} random training tiles drawn as training draws them (a random window, mirrored at
     * the image borders; elastic deformation, rotation, flips, scaling, gray values; the labels
     * transformed with the image), from the samples in turn, as {@code unet augment} draws them: the
     * same samples, parameters and seed give the same tiles. Samples are used as given: normalise
     * them first as training does ({@code Normalization.DEFAULT.apply(sample)}, {@code unet
     * augment}'s default) so that the gray-value changes act on the range they are meant for.
     *
     * @param params the augmentation ({@link AugmentParams#paper()}, or {@link AugmentParams#parse} of none|light|paper|strong|FACTOR)
     * @param count 1 to {@link #MAX_TILES} tiles
     * @param tileSize the tile side, 8 to 4096 pixels
     * @param seed the random seed
     * @throws InvalidInputException for no samples, or a count or tile size out of range
     */
    public static List<Tile> augmented(List<SegmentationSample> samples, AugmentParams params, int count, int tileSize, long seed) {
        if (samples == null || samples.isEmpty()) {
            throw new InvalidInputException("augmentation preview: no samples given; give at least one image with its labels");
        }
        if (params == null) {
            throw new InvalidInputException("augmentation preview: no augmentation given; use AugmentParams.paper() or AugmentParams.none()");
        }
        if (count < 1 || count > MAX_TILES) {
            throw new InvalidInputException("count " + count + " is out of range; use 1 to " + MAX_TILES + " tiles");
        }
        if (tileSize < 8 || tileSize > 4096) {
            throw new InvalidInputException("tile " + tileSize + " is out of range; use 8 to 4096 pixels");
        }
        Augmenter augmenter = new Augmenter(params);
        Random random = new Random(seed);
        List<Tile> tiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TrainingTile t = augmenter.tile(samples.get(i % samples.size()), tileSize, tileSize, random);
            tiles.add(new Tile(t.name(), t.originY(), t.originX(), t.image().channels(), tileSize, t.image().pixels(),
                    t.classes().labels(), t.instances() == null ? null : t.instances().labels()));
        }
        return tiles;
    }

    private static int distinctValues(LabelImage l) {
        int[] v = l.labels();
        int first = v[0];
        int second = first;
        for (int x : v) {
            if (x != first) {
                if (second == first) {
                    second = x;
                } else if (x != second) {
                    return 3;
                }
            }
        }
        return second == first ? 1 : 2;
    }
}
