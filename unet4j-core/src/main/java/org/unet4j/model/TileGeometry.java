package org.unet4j.model;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;
import org.unet4j.model.UNetConfig.Padding;

/**
 * Everything about sizes: which input sizes a network accepts, the output size of an input size,
 * the halo (the context lost on each side), and the cost of a tile. For the paper's network a
 * 572x572 input gives a 388x388 output and a halo of 92 px per side.
 *
 * <p>Sizes are per axis; height and width follow the same rule. With {@link Padding#VALID} every
 * 3x3 convolution loses one pixel per side, every feature map must have an even size before each
 * 2x2 max-pooling and at least one pixel everywhere. With {@link Padding#SAME} the output is as large
 * as the input, which must be a multiple of {@code 2^depth}.
 */
public final class TileGeometry {
    private final UNetConfig config;
    private final int halo;
    private final int minInput;

    public TileGeometry(UNetConfig config) {
        this.config = config;
        int n = 1;
        while (simulate(n) < 1) {
            n++;
        }
        this.minInput = n;
        this.halo = (n - simulate(n)) / 2;
    }

    public static TileGeometry of(UNetConfig config) {
        return new TileGeometry(config);
    }

    public UNetConfig config() {
        return config;
    }

    /** Output size along one axis for an input size, or -1 if the input size is not valid. */
    private int simulate(int n) {
        int depth = config.depth();
        if (config.padding() == Padding.SAME) {
            int f = 1 << depth;
            return n >= f && n % f == 0 ? n : -1;
        }
        for (int level = 0; level < depth; level++) {
            n -= 4;
            if (n < 2 || n % 2 != 0) {
                return -1;
            }
            n /= 2;
        }
        n -= 4;
        if (n < 1) {
            return -1;
        }
        for (int level = 0; level < depth; level++) {
            n = 2 * n - 4;
            if (n < 1) {
                return -1;
            }
        }
        return n;
    }

    /** Whether the network accepts this input size along one axis. */
    public boolean isValidInput(int n) {
        return n >= 1 && simulate(n) >= 1;
    }

    /**
     * The output size for a valid input size.
     *
     * @throws InvalidInputException naming the nearest valid sizes if {@code n} is not valid
     */
    public int outputSize(int n) {
        requireValid(n, "tile");
        return simulate(n);
    }

    /** Context lost on each side, in pixels: {@code (input - output) / 2}; 0 for SAME padding. */
    public int halo() {
        return halo;
    }

    /** The smallest valid input size. */
    public int minInputSize() {
        return minInput;
    }

    /** The largest valid size {@code <= n}, or -1 if there is none. */
    public int validAtOrBelow(int n) {
        for (int m = n; m >= minInput; m--) {
            if (isValidInput(m)) {
                return m;
            }
        }
        return -1;
    }

    /** The smallest valid size {@code >= n}. */
    public int validAtOrAbove(int n) {
        int m = Math.max(n, minInput);
        while (!isValidInput(m)) {
            m++;
        }
        return m;
    }

    /** The smallest valid input size whose output is at least {@code out} pixels. */
    public int inputForOutput(int out) {
        int m = validAtOrAbove(Math.max(minInput, out + 2 * halo));
        while (simulate(m) < out) {
            m = validAtOrAbove(m + 1);
        }
        return m;
    }

    /**
     * Checks an input size.
     *
     * @param what how the size is called in the message, e.g. "tile"
     * @throws InvalidInputException e.g. "tile 570 is not valid for depth 4; nearest valid sizes are 556 and 572"
     */
    public void requireValid(int n, String what) {
        if (!isValidInput(n)) {
            throw new InvalidInputException(what + " " + n + notValid(n));
        }
    }

    /**
     * Checks an input size that the user set.
     *
     * @param setting the setting the size came from, named in each naming of the message
     * @throws InvalidInputException e.g. "tile 570 is not valid for depth 4; nearest valid sizes are
     *     556 and 572" ("--tile 570 ..." on the command line)
     */
    public void requireValid(int n, Setting setting) {
        if (!isValidInput(n)) {
            throw InvalidInputException.of("%s%s", setting.is(n), notValid(n));
        }
    }

    /** " is not valid for depth 4; nearest valid sizes are 556 and 572" for an invalid size {@code n}. */
    private String notValid(int n) {
        String net = "depth " + config.depth() + (config.padding() == Padding.SAME ? " with same padding" : "");
        int below = validAtOrBelow(n);
        int above = validAtOrAbove(n);
        String sizes = below > 0 ? "nearest valid sizes are " + below + " and " + above
                : "the smallest valid size is " + above;
        return " is not valid for " + net + "; " + sizes;
    }

    /** One feature map of the forward pass: which layer made it (name and kind), its channels and size. */
    public record Layer(String name, LayerKind kind, int channels, int height, int width) {
        /** A layer of a traced forward pass, its kind known from the name's last part ({@code down0.conv1} is a convolution). */
        public Layer(String name, int channels, int height, int width) {
            this(name, kindOf(name), channels, height, width);
        }

        private static LayerKind kindOf(String name) {
            String last = name.substring(name.lastIndexOf('.') + 1);
            return switch (last) {
                case "conv1", "conv2" -> LayerKind.CONV;
                case "pool" -> LayerKind.POOL;
                case "upconv" -> LayerKind.UP_CONV;
                case "concat" -> LayerKind.CONCAT;
                case "head" -> LayerKind.HEAD;
                default -> throw new IllegalArgumentException("unknown layer " + name);
            };
        }
    }

    /**
     * The output shape of every layer for an input of {@code h x w}, in forward order: per level
     * "down{i}.conv1", "down{i}.conv2", "down{i}.pool"; "bottom.conv1", "bottom.conv2"; per up level
     * "up{i}.upconv", "up{i}.concat", "up{i}.conv1", "up{i}.conv2"; and "head".
     */
    public List<Layer> layers(int h, int w) {
        requireValid(h, "input height");
        requireValid(w, "input width");
        int shrink = config.padding() == Padding.VALID ? 2 : 0;
        List<Layer> out = new ArrayList<>();
        int[] skipH = new int[config.depth()];
        int[] skipW = new int[config.depth()];
        for (int i = 0; i < config.depth(); i++) {
            int c = config.channels(i);
            h -= shrink;
            w -= shrink;
            out.add(new Layer("down" + i + ".conv1", LayerKind.CONV, c, h, w));
            h -= shrink;
            w -= shrink;
            out.add(new Layer("down" + i + ".conv2", LayerKind.CONV, c, h, w));
            skipH[i] = h;
            skipW[i] = w;
            h /= 2;
            w /= 2;
            out.add(new Layer("down" + i + ".pool", LayerKind.POOL, c, h, w));
        }
        int cb = config.channels(config.depth());
        h -= shrink;
        w -= shrink;
        out.add(new Layer("bottom.conv1", LayerKind.CONV, cb, h, w));
        h -= shrink;
        w -= shrink;
        out.add(new Layer("bottom.conv2", LayerKind.CONV, cb, h, w));
        for (int i = config.depth() - 1; i >= 0; i--) {
            int c = config.channels(i);
            h *= 2;
            w *= 2;
            out.add(new Layer("up" + i + ".upconv", LayerKind.UP_CONV, c, h, w));
            out.add(new Layer("up" + i + ".concat", LayerKind.CONCAT, 2 * c, h, w));
            h -= shrink;
            w -= shrink;
            out.add(new Layer("up" + i + ".conv1", LayerKind.CONV, c, h, w));
            h -= shrink;
            w -= shrink;
            out.add(new Layer("up" + i + ".conv2", LayerKind.CONV, c, h, w));
            assert skipH[i] >= h && skipW[i] >= w;
        }
        out.add(new Layer("head", LayerKind.HEAD, config.numClasses(), h, w));
        return out;
    }

    /** Multiply-accumulate operations of the convolutions of one forward pass on an {@code h x w} input. */
    public long forwardMacs(int h, int w) {
        long macs = 0;
        int in = config.inChannels();
        int upIn = 0;
        for (Layer l : layers(h, w)) {
            long px = (long) l.height() * l.width();
            switch (l.kind()) {
                case CONV -> macs += px * 9L * in * l.channels();
                // a 2x2 stride-2 transposed conv does in*out MACs per output pixel; bilinear + 1x1 likewise
                case UP_CONV -> macs += px * upIn * l.channels();
                case HEAD -> macs += px * in * l.channels();
                case POOL, CONCAT -> {
                }
            }
            if (l.kind() != LayerKind.POOL) {
                in = l.channels();
            }
            if (l.kind() == LayerKind.CONV) {
                upIn = l.channels(); // the last convolution's output feeds the next up-convolution
            }
        }
        return macs;
    }

    /** Floating-point operations (2 per MAC) of the convolutions of one forward pass. */
    public double forwardFlops(int h, int w) {
        return 2.0 * forwardMacs(h, w);
    }

    /**
     * Estimated bytes of one training step (batch {@code batch}, float32): the activations kept for
     * the backward pass and their gradients, plus parameters, gradients and momentum buffers.
     */
    public long trainingBytes(int h, int w, int batch) {
        long act = 0;
        for (Layer l : layers(h, w)) {
            long n = (long) l.channels() * l.height() * l.width();
            // each conv keeps its output and its ReLU output; pooling, up-conv and concat keep one map
            act += l.kind() == LayerKind.CONV ? 2 * n : n;
        }
        long inputs = (long) h * w * (config.inChannels() + 2);
        return 4L * (2 * act * batch + inputs * batch + 3 * config.parameterCount());
    }

    /**
     * Estimated peak bytes of one inference batch of {@code batch} tiles (float32, no gradients):
     * the skip maps that wait for the expanding path plus the largest producer/consumer pair.
     */
    public long inferenceBytes(int h, int w, int batch) {
        long skips = 0;
        long peak = 0;
        long prev = (long) h * w * config.inChannels();
        for (Layer l : layers(h, w)) {
            long n = (long) l.channels() * l.height() * l.width();
            if (l.kind() == LayerKind.POOL) {
                skips += prev; // the map before each pooling waits for the expanding path
            }
            peak = Math.max(peak, prev + n);
            prev = n;
        }
        return 4L * (batch * (skips + peak) + config.parameterCount());
    }
}
