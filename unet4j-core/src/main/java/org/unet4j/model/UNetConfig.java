package org.unet4j.model;

import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/**
 * The shape of a U-Net. The defaults are the paper's (Ronneberger et al. 2015, Fig. 1): one input
 * channel, two classes, four poolings, 64 channels at the first level doubling to 1024, unpadded
 * ("valid") 3x3 convolutions, 2x2 transposed ("up-") convolutions, no normalisation, and dropout 0.5
 * at the end of the contracting path.
 *
 * @param inChannels channels of the input image (1..64)
 * @param numClasses output classes K of the final 1x1 convolution (2..255)
 * @param depth number of 2x2 max-poolings (1..6); the paper uses 4
 * @param baseChannels channels of the first level (1..256); level i has {@code base * 2^i}
 * @param padding {@link Padding#VALID} (paper) or {@link Padding#SAME}
 * @param upsampling {@link Upsampling#TRANSPOSED} (paper) or {@link Upsampling#BILINEAR}
 * @param norm {@link Norm#NONE} (paper), {@link Norm#BATCH} or {@link Norm#INSTANCE}
 * @param dropout drop probability at the end of the contracting path, in [0, 1)
 */
public record UNetConfig(
        int inChannels,
        int numClasses,
        int depth,
        int baseChannels,
        Padding padding,
        Upsampling upsampling,
        Norm norm,
        double dropout) {

    /** Convolution padding. */
    public enum Padding {
        /** Unpadded 3x3 convolutions: each shrinks the map by 2 px; output smaller than input (paper). */
        VALID,
        /** Zero-padded 3x3 convolutions: output as large as input, which must be a multiple of 2^depth. */
        SAME
    }

    /** How the expanding path doubles the resolution. */
    public enum Upsampling {
        /** 2x2 transposed convolution with stride 2 halving the channels (the paper's "up-convolution"). */
        TRANSPOSED,
        /** Bilinear x2 up-sampling followed by a 1x1 convolution halving the channels. */
        BILINEAR
    }

    /** Normalisation after each 3x3 convolution. */
    public enum Norm {
        /** None (paper). */
        NONE,
        /** Batch normalisation before each ReLU. */
        BATCH,
        /**
         * Instance normalisation (with a learned scale and shift) before each ReLU: every image's
         * channels are normalised by their own statistics, in training and in prediction alike, so
         * there are no running statistics to disagree with one image (nnU-Net's default for
         * batches of one or two tiles).
         */
        INSTANCE
    }

    public static final int MAX_DEPTH = 6;

    public UNetConfig {
        check(inChannels, 1, 64, "input channels", Setting.IN_CHANNELS);
        check(numClasses, 2, 255, "classes", Setting.CLASSES);
        check(depth, 1, MAX_DEPTH, "depth", Setting.DEPTH);
        check(baseChannels, 1, 256, "base channels", Setting.BASE);
        if (padding == null || upsampling == null || norm == null) {
            throw new InvalidInputException("padding, up-sampling and normalisation must be given");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new InvalidInputException("dropout " + dropout + " is out of range; use a value in [0, 1), e.g. 0.5 (paper) or 0 to disable");
        }
    }

    private static void check(int value, int min, int max, String what, Setting option) {
        if (value < min || value > max) {
            throw InvalidInputException.of("%s %d is out of range; %s must be in %d..%d", what, value, option, min, max);
        }
    }

    /** The paper's network: 1 input channel, 2 classes, depth 4, base 64, valid, transposed, no norm, dropout 0.5. */
    public static UNetConfig paper() {
        return new UNetConfig(1, 2, 4, 64, Padding.VALID, Upsampling.TRANSPOSED, Norm.NONE, 0.5);
    }

    public UNetConfig withInChannels(int v) {
        return new UNetConfig(v, numClasses, depth, baseChannels, padding, upsampling, norm, dropout);
    }

    public UNetConfig withNumClasses(int v) {
        return new UNetConfig(inChannels, v, depth, baseChannels, padding, upsampling, norm, dropout);
    }

    public UNetConfig withDepth(int v) {
        return new UNetConfig(inChannels, numClasses, v, baseChannels, padding, upsampling, norm, dropout);
    }

    public UNetConfig withBaseChannels(int v) {
        return new UNetConfig(inChannels, numClasses, depth, v, padding, upsampling, norm, dropout);
    }

    public UNetConfig withPadding(Padding v) {
        return new UNetConfig(inChannels, numClasses, depth, baseChannels, v, upsampling, norm, dropout);
    }

    public UNetConfig withUpsampling(Upsampling v) {
        return new UNetConfig(inChannels, numClasses, depth, baseChannels, padding, v, norm, dropout);
    }

    public UNetConfig withNorm(Norm v) {
        return new UNetConfig(inChannels, numClasses, depth, baseChannels, padding, upsampling, v, dropout);
    }

    public UNetConfig withDropout(double v) {
        return new UNetConfig(inChannels, numClasses, depth, baseChannels, padding, upsampling, norm, v);
    }

    /** Channels of the feature maps at level {@code level} (0 = first, {@code depth} = bottom). */
    public int channels(int level) {
        return baseChannels << level;
    }

    /** Number of convolution layers: two 3x3 per level and at the bottom, one up-convolution and two 3x3 per up level, one 1x1. */
    public int convLayers() {
        return 2 * (depth + 1) + 3 * depth + 1;
    }

    /** Number of trainable parameters (weights and biases; with BATCH norm also its scales and shifts). */
    public long parameterCount() {
        long n = 0;
        int in = inChannels;
        for (int level = 0; level <= depth; level++) {
            int c = channels(level);
            n += conv(in, c, 3) + conv(c, c, 3);
            in = c;
        }
        for (int level = depth - 1; level >= 0; level--) {
            int c = channels(level);
            n += conv(channels(level + 1), c, upsampling == Upsampling.TRANSPOSED ? 2 : 1);
            n += conv(2 * c, c, 3) + conv(c, c, 3);
        }
        n += conv(channels(0), numClasses, 1);
        return n;
    }

    private long conv(int in, int out, int k) {
        long n = (long) k * k * in * out + out;
        if (norm != Norm.NONE && k == 3) {
            n += 2L * out;
        }
        return n;
    }
}
