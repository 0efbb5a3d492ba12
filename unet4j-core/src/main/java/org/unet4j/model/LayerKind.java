package org.unet4j.model;

/**
 * The kinds of layers of the U-Net, one vocabulary for the network ({@link UNet}'s He
 * initialisation), its geometry and its cost estimates ({@link TileGeometry}).
 */
public enum LayerKind {
    /** A convolution followed by ReLU: the 3x3 convolutions of every level (and the 1x1 reduction after bilinear up-sampling). */
    CONV,
    /** 2x2 max-pooling. */
    POOL,
    /** 2x2 stride-2 up-convolution (transposed), or bilinear up-sampling and a 1x1 convolution. */
    UP_CONV,
    /** Concatenation of the cropped contracting-path map with the up-sampled one. */
    CONCAT,
    /** The final 1x1 convolution to the class scores. */
    HEAD;

    /**
     * He initialisation's N, the inputs that feed one output unit, of a weight of this kind with
     * libtorch's shape: {@code [out, in, k, k]} for a convolution (N = in * k * k), {@code [in, out,
     * k, k]} for a transposed convolution (N = in * k * k too, the paper's N = k*k*C_in; each output
     * pixel of a stride-2 2x2 transposed convolution sees one tap per input channel, so N = in would
     * also be defensible).
     */
    public long fanIn(long[] weightShape) {
        if (weightShape.length != 4) {
            throw new IllegalArgumentException("a convolution weight has 4 dimensions, got " + weightShape.length);
        }
        long in = this == UP_CONV ? weightShape[0] : weightShape[1];
        return in * weightShape[2] * weightShape[3];
    }

    /** Whether the layer is a convolution with weights (its MACs count in the compute estimate). */
    public boolean hasWeights() {
        return this == CONV || this == UP_CONV || this == HEAD;
    }
}
