package org.unet4j.fiji.bridge;

import java.nio.file.Path;

/**
 * What {@code unet4j Segment} asks of the engine: the options of {@code unet predict}.
 *
 * @param model a run folder, a model (checkpoint) folder or a bioimage.io package (.zip, its folder or rdf.yaml)
 * @param tile the input tile side, 0 = automatic
 * @param tta average the eight flips/rotations
 * @param precision {@code fp32} or {@code bf16}
 * @param postprocess {@code none} or {@code watershed}
 * @param seedThreshold the watershed's seed threshold, NaN = the model's default
 * @param floodThreshold the watershed's flood threshold, NaN = the model's default
 * @param minSize smaller instances are dropped (0 keeps all)
 * @param instances whether instances are computed
 */
public record SegmentRequest(Path model, int tile, boolean tta, String precision, String postprocess, double seedThreshold,
        double floodThreshold, int minSize, boolean instances) {
}
