package org.unet4j.augment;

import java.util.random.RandomGenerator;
import org.unet4j.data.SegmentationSample;

/**
 * Random augmentation of segmentation samples, the paper's key to training from a few annotated
 * images: elastic deformation, rotation, mirror images, scaling, shifts and gray-value changes
 * ({@link AugmentParams}), applied to the image, class labels (and with them the ignore mask),
 * instance ids and weight map <em>together</em>.
 *
 * <p>All geometric transforms are composed into one map from tile pixel to source position
 * ({@link CoordinateMap}) and the tile is resampled once from the full source image, mirror-extended
 * only where the image really ends (never cropped first and rotated after, which would pull mirrored
 * content in where real context exists). The image is resampled bicubically, labels and ids by
 * nearest neighbour (ids are never blended); then the gray values change ({@link GrayChange}).
 *
 * <p><b>Weight maps are resampled, not recomputed.</b> The loss package computes the paper's
 * weight map (class balance plus the separation term from the distances to the two nearest cells)
 * once per image. Recomputing it from each deformed tile would cost about 10-20 ms for a 572x572
 * tile of a few hundred cells ({@code docs/BENCHMARKS.md}, weight maps), doubling the cost of a
 * tile against the producer thread's budget of 30 ms; worse, a tile sees only the cells inside it,
 * so distances near its edges would be wrong, and class balance would change from tile to tile.
 * Instead each tile pixel takes the precomputed weight of the very source pixel its labels come
 * from (nearest neighbour): the class-balance term and the ignore pixels (weight 0) stay exactly
 * consistent with the labels, the thin ridges of the separation term between touching cells keep
 * their peak values (an averaging or bicubic interpolation would lower them, or overshoot below
 * zero), and it costs nothing. The price is that the distances in the separation term are those of
 * the undeformed image, off by the local stretch of the deformation (a few percent for the paper's
 * sigma), which does not matter for a loss weight.
 *
 * <p>Determinism: every random choice comes from the {@link RandomGenerator} passed in
 * ({@link java.util.Random} or {@link java.util.SplittableRandom}), in a fixed order, so the same
 * seed gives the same tile. An {@code Augmenter} holds no mutable state and can be shared by
 * producer threads, each with its own generator.
 */
public final class Augmenter {
    private final AugmentParams params;

    public Augmenter(AugmentParams params) {
        if (params == null) {
            throw new IllegalArgumentException("augmentation parameters are required; use AugmentParams.none() for none");
        }
        this.params = params;
    }

    public AugmentParams params() {
        return params;
    }

    /**
     * A random training tile: an output window of {@code outputSize^2} pixels placed uniformly at
     * random over the image (over all positions inside it; an image smaller than the window lies
     * anywhere inside the window, the rest mirrored), its input window of {@code inputSize^2}
     * pixels around it (the network's halo, {@code (inputSize - outputSize) / 2} per side), then
     * transformed. Draws the window position (row, then column) and then as {@link #tileAt}.
     *
     * @param inputSize the network's input tile side (e.g. 572)
     * @param outputSize its output tile side (e.g. 388; equal to {@code inputSize} for SAME padding)
     * @throws IllegalArgumentException if the sizes are not positive, the output is larger than the
     *     input, or their difference is odd
     */
    public TrainingTile tile(SegmentationSample sample, int inputSize, int outputSize, RandomGenerator random) {
        checkSizes(inputSize, outputSize);
        int originY = randomOrigin(sample.height(), outputSize, random);
        int originX = randomOrigin(sample.width(), outputSize, random);
        return tileAt(sample, originY, originX, inputSize, outputSize, random);
    }

    /**
     * A training tile whose output window starts at source pixel ({@code originY}, {@code originX})
     * before the transforms, which act about the window centre.
     */
    public TrainingTile tileAt(SegmentationSample sample, int originY, int originX, int inputSize, int outputSize,
            RandomGenerator random) {
        checkSizes(inputSize, outputSize);
        int halo = (inputSize - outputSize) / 2;
        CoordinateMap map = CoordinateMap.random(params, inputSize, inputSize, originY - halo, originX - halo, random);
        Resampler.Result r = Resampler.resample(sample, map, halo);
        GrayChange.random(params, random).apply(r.image());
        return new TrainingTile(sample.name(), originY, originX, r.image(), r.classes(), r.instances(), r.weights());
    }

    /** The whole sample augmented, at its own size (e.g. for previews of whole images). */
    public SegmentationSample augment(SegmentationSample sample, RandomGenerator random) {
        CoordinateMap map = CoordinateMap.random(params, sample.height(), sample.width(), 0, 0, random);
        Resampler.Result r = Resampler.resample(sample, map, 0);
        GrayChange.random(params, random).apply(r.image());
        return new SegmentationSample(sample.name(), r.image(), r.classes(), r.instances(), r.weights());
    }

    private static int randomOrigin(int imageSize, int windowSize, RandomGenerator random) {
        int lo = Math.min(0, imageSize - windowSize);
        int hi = Math.max(0, imageSize - windowSize);
        return lo + random.nextInt(hi - lo + 1);
    }

    private static void checkSizes(int inputSize, int outputSize) {
        if (outputSize < 1 || inputSize < outputSize || (inputSize - outputSize) % 2 != 0) {
            throw new IllegalArgumentException("tile sizes input " + inputSize + " / output " + outputSize + " are not valid: need"
                    + " 1 <= output <= input with an even difference (twice the halo)");
        }
    }
}
