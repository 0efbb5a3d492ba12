package org.unet4j.cli;

import org.unet4j.model.UNetConfig;
import picocli.CommandLine.Option;

/** The options that shape a network, shared by {@code info}, {@code bench} and {@code train}. Defaults are the paper's. */
public final class NetworkOptions {
    @Option(names = "--depth", paramLabel = "N", description = "Number of 2x2 max-poolings (default: ${DEFAULT-VALUE}, the paper's).", defaultValue = "4")
    int depth;

    @Option(names = "--base", paramLabel = "N", description = "Channels of the first level; level i has base*2^i (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int base;

    @Option(names = "--in-channels", paramLabel = "N", description = "Input image channels (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int inChannels;

    @Option(names = "--classes", paramLabel = "K", description = "Output classes (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int classes;

    @Option(names = "--padding", paramLabel = "valid|same", description = "Convolution padding: valid (paper) or same (default: ${DEFAULT-VALUE}).", defaultValue = "valid")
    UNetConfig.Padding padding;

    @Option(names = "--upsampling", paramLabel = "transposed|bilinear", description = "Up-sampling: transposed convolution (paper) or bilinear + 1x1 (default: ${DEFAULT-VALUE}).", defaultValue = "transposed")
    UNetConfig.Upsampling upsampling;

    @Option(names = "--norm", paramLabel = "none|batch|instance", description = "Normalisation after each 3x3 conv: none (the paper), batch, or instance (each image by its own statistics, the same in training and prediction) (default: ${DEFAULT-VALUE}; batch with --preset cells and nuclei).", defaultValue = "none")
    UNetConfig.Norm norm;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout at the end of the contracting path (default: ${DEFAULT-VALUE}).", defaultValue = "0.5")
    double dropout;

    /** The validated configuration (throws {@link org.unet4j.InvalidInputException} naming a bad value). */
    public UNetConfig config() {
        return new UNetConfig(inChannels, classes, depth, base, padding, upsampling, norm, dropout);
    }
}
