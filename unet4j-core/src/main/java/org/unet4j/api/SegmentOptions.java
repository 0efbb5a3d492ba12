package org.unet4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.unet4j.InvalidInputException;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Precision;
import org.unet4j.infer.TestTimeAugmentation;
import org.unet4j.model.DeviceChoice;

/**
 * How a {@link Segmenter} segments: the overlap-tile settings of {@code unet predict} and what is
 * derived from the probabilities. Immutable; start from {@link #defaults()} and change single
 * settings with the {@code with...} methods.
 *
 * @param tile input tile side, or {@link #AUTO_TILE} for the largest valid tile that fits {@code memoryBytes}
 * @param batch tiles per forward pass
 * @param memoryBytes the memory budget of the automatic tile choice
 * @param tta whether to average the eight flips/rotations of every tile (test-time augmentation)
 * @param precision number format of the network ({@code FP32} or {@code BF16})
 * @param device where the network runs ({@code AUTO}: a CUDA GPU when present)
 * @param postProcess how foreground and instances are derived: {@code NONE} (the arg-max class map)
 *                    or {@code WATERSHED} (seeded watershed on the foreground probability); a model
 *                    trained on contours always grows its interiors into its objects
 * @param foregroundClass the class whose probability is the foreground
 * @param minSize instances smaller than this many pixels are dropped (0 keeps all)
 * @param instances whether {@link Segmentation#instances()} is computed
 * @param seedThreshold the watershed's seed threshold ({@code unet predict --seed-threshold}), or
 *                      null for the model's default (see {@link #withThresholds})
 * @param floodThreshold the watershed's flood threshold ({@code --flood-threshold}), or null for the model's default
 */
public record SegmentOptions(int tile, int batch, long memoryBytes, boolean tta, Precision precision, DeviceChoice device,
        PostProcessing.Method postProcess, int foregroundClass, int minSize, boolean instances, Double seedThreshold,
        Double floodThreshold) {
    /** {@link #tile()} value: choose the tile from the memory budget. */
    public static final int AUTO_TILE = PredictOptions.AUTO_TILE;

    /** Validates the settings; the tile size itself is checked against the model when a segmenter opens. */
    public SegmentOptions {
        if (precision == null || device == null || postProcess == null) {
            throw new InvalidInputException("segment options: precision, device and post-processing must be given");
        }
        predictOptions(tile, batch, memoryBytes, tta, precision, device); // validates tile, batch and memory
        postProcessing(foregroundClass, postProcess, minSize); // validates the class and the minimum size
        checkThreshold("seed", seedThreshold);
        checkThreshold("flood", floodThreshold);
    }

    /** The options without thresholds of their own (the model's defaults), as before thresholds existed. */
    public SegmentOptions(int tile, int batch, long memoryBytes, boolean tta, Precision precision, DeviceChoice device,
            PostProcessing.Method postProcess, int foregroundClass, int minSize, boolean instances) {
        this(tile, batch, memoryBytes, tta, precision, device, postProcess, foregroundClass, minSize, instances, null, null);
    }

    /** {@code unet predict}'s defaults: automatic tile within 2 GiB, batch 1, no TTA, fp32, CPU, no post-processing, instances on. */
    public static SegmentOptions defaults() {
        PredictOptions p = PredictOptions.defaults();
        return new SegmentOptions(p.tile(), p.batch(), p.memoryBytes(), false, p.precision(), DeviceChoice.CPU,
                PostProcessing.Method.NONE, 1, 0, true);
    }

    public SegmentOptions withTile(int v) {
        return new SegmentOptions(v, batch, memoryBytes, tta, precision, device, postProcess, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withBatch(int v) {
        return new SegmentOptions(tile, v, memoryBytes, tta, precision, device, postProcess, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withMemoryBytes(long v) {
        return new SegmentOptions(tile, batch, v, tta, precision, device, postProcess, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withTta(boolean v) {
        return new SegmentOptions(tile, batch, memoryBytes, v, precision, device, postProcess, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withPrecision(Precision v) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, v, device, postProcess, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withDevice(DeviceChoice v) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, precision, v, postProcess, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withPostProcess(PostProcessing.Method v) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, precision, device, v, foregroundClass, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withForegroundClass(int v) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, precision, device, postProcess, v, minSize, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withMinSize(int v) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, precision, device, postProcess, foregroundClass, v, instances,
                seedThreshold, floodThreshold);
    }

    public SegmentOptions withInstances(boolean v) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, precision, device, postProcess, foregroundClass, minSize, v,
                seedThreshold, floodThreshold);
    }

    /**
     * These options with the watershed's thresholds of {@code unet predict --seed-threshold
     * --flood-threshold}: a probability in [0, 1) each, or null for the model's default (for a
     * model trained on instance labels 0.8 and 0.5, for a contour model 0.8 and 0.7 on its
     * interior and object probabilities, else 0.5 and 0; a seed threshold given alone at or below
     * the default flood threshold floods above half of it). They apply with {@code WATERSHED} and
     * to contour models; whether the pair fits the model is checked when a segmenter opens.
     */
    public SegmentOptions withThresholds(Double seed, Double flood) {
        return new SegmentOptions(tile, batch, memoryBytes, tta, precision, device, postProcess, foregroundClass, minSize, instances, seed,
                flood);
    }

    /** The predictor's options (tile loop) for {@code device}. */
    PredictOptions predictOptions(DeviceChoice resolved) {
        return predictOptions(tile, batch, memoryBytes, tta, precision, resolved);
    }

    /**
     * The post-processing of {@code unet predict --postprocess} for a model with this metadata, with
     * the thresholds given, else {@code unet predict}'s default thresholds for it (a contour model's interiors grown into its
     * objects; for a model trained on instance labels the watershed keeps out the background).
     */
    PostProcessing postProcessing(JsonNode modelMetadata) {
        return PostProcessing.forModel(modelMetadata, foregroundClass, postProcess, seedThreshold, floodThreshold, minSize);
    }

    private static void checkThreshold(String which, Double v) {
        if (v != null && !(v >= 0 && v < 1)) {
            throw new InvalidInputException(which + " threshold " + v + " is not a probability in [0, 1); give e.g. 0.5, or null for the"
                    + " model's default");
        }
    }

    /** Validation only: seeds above {@link PostProcessing#DEFAULT_SEED_THRESHOLD}, flooding every pixel. */
    private static PostProcessing postProcessing(int foregroundClass, PostProcessing.Method method, int minSize) {
        return new PostProcessing(foregroundClass, method, PostProcessing.DEFAULT_SEED_THRESHOLD, 0, minSize);
    }

    private static PredictOptions predictOptions(int tile, int batch, long memoryBytes, boolean tta, Precision precision,
            DeviceChoice device) {
        return new PredictOptions(tile, batch, memoryBytes, tta ? TestTimeAugmentation.DIHEDRAL : TestTimeAugmentation.NONE, precision,
                device);
    }
}
