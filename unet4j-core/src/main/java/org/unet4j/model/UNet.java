package org.unet4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.InstanceNorm2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.model.UNetConfig.Norm;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig.Upsampling;

/**
 * The U-Net of Ronneberger, Fischer and Brox (2015, Fig. 1) as libtorch modules.
 *
 * <p>Contracting path: per level two 3x3 convolutions + ReLU, then 2x2 max-pooling; the channels
 * double per level. At the bottom two more 3x3 convolutions and dropout ("drop-out layers at the
 * end of the contracting path"). Expanding path: per level a 2x2 up-convolution halving the
 * channels, concatenation with the centre-cropped feature map of the contracting path, two 3x3
 * convolutions + ReLU. A final 1x1 convolution maps to the class scores (logits; softmax is part
 * of the loss and of prediction).
 *
 * <p>Owns its parameters (native memory): create it outside any {@link PointerScope}, and
 * {@link #close()} it when done. Weights are initialised as in the paper: Gaussian with standard
 * deviation sqrt(2/N), N = k*k*C_in the inputs of one output unit; biases zero.
 */
public final class UNet implements AutoCloseable {
    /** The name of the dropout at the end of the contracting path in a {@link Trace} ({@link Trace#operation}) and in {@link #parts()}. */
    public static final String DROPOUT = "bottom.dropout";

    private final UNetConfig config;
    private final Module root;
    private final DoubleConv[] down;
    private final DoubleConv bottom;
    private final Up[] up;
    private final Conv2dImpl head;
    private boolean channelsLast;

    private UNet(UNetConfig config) {
        this.config = config;
        this.root = new Module("UNet");
        int depth = config.depth();
        int pad = config.padding() == Padding.SAME ? 1 : 0;
        Norm norm = config.norm();
        down = new DoubleConv[depth];
        up = new Up[depth];
        int in = config.inChannels();
        for (int i = 0; i < depth; i++) {
            down[i] = root.register_module("down" + i, new DoubleConv(in, config.channels(i), pad, norm));
            in = config.channels(i);
        }
        bottom = root.register_module("bottom", new DoubleConv(in, config.channels(depth), pad, norm));
        for (int i = depth - 1; i >= 0; i--) {
            up[i] = root.register_module("up" + i, new Up(config.channels(i + 1), config.channels(i), pad, norm,
                    config.upsampling()));
        }
        head = root.register_module("head", Layers.conv(config.channels(0), config.numClasses(), 1, 0));
    }

    /**
     * A new network with the paper's initialisation from libtorch's global generator (seed it with
     * {@link #seed(long)} for reproducible weights).
     *
     * @throws IllegalStateException if called inside a {@link PointerScope}, which would free the
     *     modules when it closes
     */
    public static UNet create(UNetConfig config) {
        NativeEngine.load();
        if (PointerScope.getInnerScope() != null) {
            throw new IllegalStateException("create the network outside a PointerScope: it owns long-lived native memory");
        }
        UNet net = new UNet(config);
        net.initialise();
        return net;
    }

    /** Seeds libtorch's global random generator (initialisation, dropout). */
    public static void seed(long seed) {
        NativeEngine.load();
        torch.manual_seed(seed);
    }

    public UNetConfig config() {
        return config;
    }

    /** The network of the paper's figure: logits [N, K, H', W'] for an input [N, C, H, W]. */
    public Tensor forward(Tensor x) {
        return forward(x, Trace.NONE);
    }

    /**
     * {@link #forward(Tensor)}, reporting every layer's output to {@code trace} (names as in {@link TileGeometry#layers}).
     *
     * <p>Every intermediate map is released ({@link Tensor#close()}) as soon as the forward pass no
     * longer needs it. Inside a {@link PointerScope} every tensor would otherwise stay alive until the
     * scope closes, so one inference pass would hold the sum of all its feature maps instead of the
     * few that are live at a time (measured: 4.0 GB instead of about 1.5 GB for a 1212x1212 tile of the
     * paper's net). Autograd keeps its own references to what the backward pass needs, so training is
     * unaffected. Wrappers returned by in-place operations such as {@code relu_()} only alias their
     * owner and are never used after it is closed.
     */
    public Tensor forward(Tensor x, Trace trace) {
        if (channelsLast && !x.is_contiguous(torch.MemoryFormat.ChannelsLast)) {
            x = x.contiguous(torch.MemoryFormat.ChannelsLast);
        }
        Tensor input = x;
        Tensor[] skip = new Tensor[config.depth()];
        for (int i = 0; i < config.depth(); i++) {
            skip[i] = down[i].forward(x, trace, "down" + i);
            release(x, input);
            x = torch.max_pool2d(skip[i], 2, 2);
            trace.layer("down" + i + ".pool", x);
        }
        Tensor bottomOut = bottom.forward(x, trace, "bottom");
        release(x, input);
        x = dropout(bottomOut);
        bottomOut.close();
        trace.operation(DROPOUT, x);
        for (int i = config.depth() - 1; i >= 0; i--) {
            Tensor y = up[i].forward(x, skip[i], trace, "up" + i);
            x.close();
            skip[i].close();
            x = y;
        }
        Tensor out = head.forward(x);
        x.close();
        trace.layer("head", out);
        return out;
    }

    private Tensor dropout(Tensor x) {
        return torch.dropout(x, config.dropout(), root.is_training());
    }

    /**
     * One layer of the network on its own, computed by the same code as {@link #forward(Tensor, Trace)}
     * (for timing each layer in isolation on inputs of the shapes the whole network feeds it:
     * {@code train.StepProfiler}). A convolution's part includes its normalisation and ReLU.
     *
     * @param name the layer's name in a {@link Trace}: {@code down0.conv1}, ..., {@code down0.pool}, ...,
     *     {@link #DROPOUT}, {@code up3.upconv}, {@code up3.concat} (centre crop and concatenation), ..., {@code head}
     * @param inputs the names of the outputs it reads, in the order {@link #run} takes them; {@link #INPUT} is the network's input
     * @param op the computation; it leaves its inputs open
     */
    public record Part(String name, List<String> inputs, Function<Tensor[], Tensor> op) {
        /** The name of the network's input among a part's {@link #inputs()}. */
        public static final String INPUT = "input";

        public Part {
            inputs = List.copyOf(inputs);
        }

        /** Runs the layer on {@code x} (one tensor per name of {@link #inputs()}). */
        public Tensor run(Tensor... x) {
            if (x.length != inputs.size()) {
                throw new IllegalArgumentException(name + " takes " + inputs.size() + " inputs, got " + x.length);
            }
            return op.apply(x);
        }
    }

    /** The network's layers in the order of {@link #forward(Tensor, Trace)}, each runnable on its own. */
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        String in = Part.INPUT;
        for (int i = 0; i < config.depth(); i++) {
            String name = "down" + i;
            in = down[i].addParts(parts, name, in);
            parts.add(new Part(name + ".pool", List.of(in), x -> torch.max_pool2d(x[0], 2, 2)));
            in = name + ".pool";
        }
        in = bottom.addParts(parts, "bottom", in);
        parts.add(new Part(DROPOUT, List.of(in), x -> dropout(x[0])));
        in = DROPOUT;
        for (int i = config.depth() - 1; i >= 0; i--) {
            Up u = up[i];
            String name = "up" + i;
            parts.add(new Part(name + ".upconv", List.of(in), x -> u.upsample(x[0])));
            parts.add(new Part(name + ".concat", List.of("down" + i + ".conv2", name + ".upconv"), x -> Up.concat(x[0], x[1])));
            in = u.convs.addParts(parts, name, name + ".concat");
        }
        parts.add(new Part("head", List.of(in), x -> head.forward(x[0])));
        return parts;
    }

    /** Closes {@code t} unless it is the caller's {@code input}. */
    private static void release(Tensor t, Tensor input) {
        if (t != input) {
            t.close();
        }
    }

    /**
     * Receives each layer's output during {@link #forward(Tensor, Trace)} (for tests and diagnostics,
     * e.g. {@code train.NetworkProbe}'s activation statistics). Layer outputs after ReLU are named
     * {@code down0.conv1 ... bottom.conv2 ... up0.conv2}; the logits are {@code head}.
     */
    public interface Trace {
        Trace NONE = (name, t) -> t;

        /** Called with a layer's name and output; returns the output unchanged. */
        Tensor layer(String name, Tensor output);

        /**
         * Called with the output of a step of the forward pass that is not one of the geometry's
         * layers: the dropout at the end of the contracting path ({@link UNet#DROPOUT}, also when it
         * drops nothing). Ignored unless overridden.
         */
        default Tensor operation(String name, Tensor output) {
            return output;
        }
    }

    /** Training mode (dropout active, batch norm uses batch statistics). */
    public void train() {
        root.train(true);
    }

    /** Evaluation mode (no dropout, batch norm uses running statistics). */
    public void eval() {
        root.eval();
    }

    public boolean isTraining() {
        return root.is_training();
    }

    /** Moves parameters and buffers to {@code device}. */
    public void to(Device device) {
        root.to(device, false);
    }

    /**
     * Puts the convolution weights into {@code format} ({@code ChannelsLast} = NHWC, or
     * {@code Contiguous} = NCHW); {@link #forward} then brings its input into the same layout, so
     * every feature map follows. On the CPU oneDNN's convolutions run 15-35 % faster on
     * channels-last tensors (docs/BENCHMARKS.md). Returns whether anything changed.
     */
    public boolean setMemoryFormat(torch.MemoryFormat format) {
        boolean changed = false;
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            StringTensorDict params = root.named_parameters();
            for (long i = 0; i < params.size(); i++) {
                Tensor p = params.get(i).value();
                if (p.dim() == 4 && !p.is_contiguous(format)) {
                    p.set_data(p.contiguous(format));
                    changed = true;
                }
            }
        }
        channelsLast = format.value == torch.MemoryFormat.ChannelsLast.value;
        return changed;
    }

    /** Whether {@link #setMemoryFormat} chose channels-last. */
    public boolean isChannelsLast() {
        return channelsLast;
    }

    /** Converts parameters and buffers to {@code dtype} (e.g. {@code BFloat16} for bf16 inference, {@code Float} back). */
    public void to(torch.ScalarType dtype) {
        // Module::to(dtype) of the C++ frontend would also convert integer buffers (batch norm's
        // num_batches_tracked), which then no longer load into a fresh network: convert only the
        // floating-point tensors, as PyTorch's Python Module.to does.
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            for (StringTensorDict dict : new StringTensorDict[] {root.named_parameters(true), root.named_buffers(true)}) {
                for (long i = 0; i < dict.size(); i++) {
                    Tensor t = dict.get(i).value();
                    if (isFloating(t) && t.scalar_type().value != dtype.value) {
                        t.set_data(t.to(dtype));
                    }
                }
            }
        }
    }

    private static boolean isFloating(Tensor t) {
        int v = t.scalar_type().value;
        return v == torch.ScalarType.Float.value || v == torch.ScalarType.Double.value || v == torch.ScalarType.Half.value
                || v == torch.ScalarType.BFloat16.value;
    }

    /** The trainable parameters, for the optimizer. */
    public TensorVector parameters() {
        return root.parameters();
    }

    /** Parameters and buffers by name ("down0.conv1.weight", ...). */
    public StringTensorDict namedParameters() {
        return root.named_parameters();
    }

    /** Buffers by name (batch norm's "down0.bn1.running_mean", ...), for the exporters. */
    public StringTensorDict namedBuffers() {
        return root.named_buffers(true);
    }

    /** The root module (serialisation). */
    Module module() {
        return root;
    }

    /** Re-draws all weights: N(0, sqrt(2/N)) with N = k*k*C_in; biases 0; batch-norm scale 1, shift 0. */
    public void initialise() {
        // in the order the modules were registered: the weights drawn for a seed stay the same
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            for (DoubleConv d : down) {
                d.initialise();
            }
            bottom.initialise();
            for (int i = up.length - 1; i >= 0; i--) {
                Up u = up[i];
                if (u.upconv != null) {
                    he(u.upconv.weight(), u.upconv.bias(), LayerKind.UP_CONV);
                } else {
                    he(u.reduce.weight(), u.reduce.bias(), LayerKind.CONV);
                }
                u.convs.initialise();
            }
            he(head.weight(), head.bias(), LayerKind.HEAD);
        }
    }

    /**
     * Copies every parameter and buffer of {@code other} (a network of the same configuration) into
     * this one, in place, so that an optimizer holding this network's parameters keeps working.
     *
     * @throws IllegalArgumentException if the networks differ in their parameters' names or shapes
     */
    public void copyFrom(UNet other) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            for (boolean buffers : new boolean[] {false, true}) {
                StringTensorDict mine = buffers ? root.named_buffers(true) : root.named_parameters(true);
                StringTensorDict theirs = buffers ? other.root.named_buffers(true) : other.root.named_parameters(true);
                if (mine.size() != theirs.size()) {
                    throw new IllegalArgumentException("the networks have different layers (" + mine.size() + " vs " + theirs.size() + ")");
                }
                for (long i = 0; i < mine.size(); i++) {
                    String name = mine.get(i).key().getString();
                    if (!name.equals(theirs.get(i).key().getString())
                            || !Arrays.equals(Tensors.shape(mine.get(i).value()), Tensors.shape(theirs.get(i).value()))) {
                        throw new IllegalArgumentException("the networks differ at " + name);
                    }
                    mine.get(i).value().copy_(theirs.get(i).value());
                }
            }
        }
    }

    /**
     * Moves this network, a running average of {@code current}'s weights, towards them: every
     * parameter and floating-point buffer (batch norm's running statistics) becomes {@code decay *
     * this + (1 - decay) * current}; integer buffers (batch norm's step count) are copied. An
     * exponential moving average of the weights ({@code unet train --ema}, {@link
     * org.unet4j.train.TrainConfig#ema()}); the networks must have the same configuration
     * ({@link #copyFrom} checks that once, when the average is made).
     *
     * @param decay the weight of the average so far, in [0, 1)
     */
    public void updateAverage(UNet current, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay " + decay + " is not in [0, 1)");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Scalar keep = new Scalar(decay);
            Scalar take = new Scalar(1 - decay);
            for (boolean buffers : new boolean[] {false, true}) {
                StringTensorDict mine = buffers ? root.named_buffers(true) : root.named_parameters(true);
                StringTensorDict theirs = buffers ? current.root.named_buffers(true) : current.root.named_parameters(true);
                if (mine.size() != theirs.size()) {
                    throw new IllegalArgumentException("the networks have different layers (" + mine.size() + " vs " + theirs.size() + ")");
                }
                for (long i = 0; i < mine.size(); i++) {
                    Tensor m = mine.get(i).value();
                    Tensor c = theirs.get(i).value();
                    if (isFloating(m)) {
                        m.mul_(keep).add_(c, take);
                    } else {
                        m.copy_(c);
                    }
                }
            }
        }
    }

    /** Gaussian weights with standard deviation sqrt(2 / N) (N: {@link LayerKind#fanIn}), zero bias. */
    private static void he(Tensor weight, Tensor bias, LayerKind kind) {
        weight.normal_(0.0, Math.sqrt(2.0 / kind.fanIn(weight.sizes().vec().get())), new GeneratorOptional());
        bias.zero_();
    }

    /** Frees the native parameters. The network cannot be used afterwards. */
    @Override
    public void close() {
        root.close();
    }

    /** A normalisation layer after a 3x3 convolution: its forward pass and its scale and shift. */
    private record NormLayer(UnaryOperator<Tensor> forward, Supplier<Tensor> weight, Supplier<Tensor> bias) {
        /** Layer {@code k} of {@code kind}, registered in {@code owner} as "bnK" (batch) or "inK" (instance); null for none. */
        static NormLayer of(Module owner, Norm kind, int k, long channels) {
            return switch (kind) {
                case NONE -> null;
                case BATCH -> {
                    BatchNorm2dImpl bn = owner.register_module("bn" + k, Layers.batchNorm(channels));
                    yield new NormLayer(bn::forward, bn::weight, bn::bias);
                }
                case INSTANCE -> {
                    InstanceNorm2dImpl in = owner.register_module("in" + k, Layers.instanceNorm(channels));
                    yield new NormLayer(in::forward, in::weight, in::bias);
                }
            };
        }
    }

    /** Two 3x3 convolutions, each followed by (batch or instance norm and) ReLU. */
    private static final class DoubleConv extends Module {
        private final Conv2dImpl conv1;
        private final Conv2dImpl conv2;
        private final NormLayer norm1;
        private final NormLayer norm2;

        DoubleConv(long in, long out, int pad, Norm norm) {
            conv1 = register_module("conv1", Layers.conv(in, out, 3, pad));
            norm1 = NormLayer.of(this, norm, 1, out);
            conv2 = register_module("conv2", Layers.conv(out, out, 3, pad));
            norm2 = NormLayer.of(this, norm, 2, out);
        }

        /** He-initialised convolutions; normalisation as identity (weight 1, bias 0). */
        void initialise() {
            he(conv1.weight(), conv1.bias(), LayerKind.CONV);
            he(conv2.weight(), conv2.bias(), LayerKind.CONV);
            for (NormLayer n : new NormLayer[] {norm1, norm2}) {
                if (n != null) {
                    n.weight().get().fill_(new Scalar(1.0));
                    n.bias().get().zero_();
                }
            }
        }

        /** The two convolutions; {@code x} stays open (the caller owns it), the result is a new tensor. */
        Tensor forward(Tensor x, Trace trace, String name) {
            Tensor a = first(x);
            trace.layer(name + ".conv1", a);
            Tensor b = second(a);
            a.close();
            trace.layer(name + ".conv2", b);
            return b;
        }

        /** The first convolution with its normalisation and ReLU. */
        Tensor first(Tensor x) {
            Tensor a = normalise(conv1.forward(x), norm1);
            a.relu_();
            return a;
        }

        /** The second convolution with its normalisation and ReLU. */
        Tensor second(Tensor a) {
            Tensor b = normalise(conv2.forward(a), norm2);
            b.relu_();
            return b;
        }

        /** Adds the two convolutions as parts {@code name.conv1} (reading {@code in}) and {@code name.conv2}; returns the name of the last. */
        String addParts(List<Part> parts, String name, String in) {
            parts.add(new Part(name + ".conv1", List.of(in), x -> first(x[0])));
            parts.add(new Part(name + ".conv2", List.of(name + ".conv1"), x -> second(x[0])));
            return name + ".conv2";
        }

        /** {@code x} through the normalisation, if any; closes {@code x} when a new tensor replaces it. */
        private static Tensor normalise(Tensor x, NormLayer norm) {
            if (norm == null) {
                return x;
            }
            Tensor y = norm.forward().apply(x);
            x.close();
            return y;
        }
    }

    /** Up-convolution, crop-and-concatenate with the contracting path's map, two 3x3 convolutions. */
    private static final class Up extends Module {
        private final ConvTranspose2dImpl upconv;
        private final Conv2dImpl reduce;
        private final DoubleConv convs;

        Up(long in, long out, int pad, Norm norm, Upsampling upsampling) {
            if (upsampling == Upsampling.TRANSPOSED) {
                upconv = register_module("upconv", Layers.upConv(in, out));
                reduce = null;
            } else {
                upconv = null;
                reduce = register_module("reduce", Layers.conv(in, out, 1, 0));
            }
            convs = register_module("convs", new DoubleConv(2 * out, out, pad, norm));
        }

        /** Up-sampling, concatenation and convolutions; {@code x} and {@code skip} stay open (the caller owns them). */
        Tensor forward(Tensor x, Tensor skip, Trace trace, String name) {
            Tensor u = upsample(x);
            trace.layer(name + ".upconv", u);
            Tensor cat = concat(skip, u);
            u.close();
            trace.layer(name + ".concat", cat);
            Tensor out = convs.forward(cat, trace, name);
            cat.close();
            return out;
        }

        /** The up-convolution (or bilinear up-sampling and the 1x1 reduction); {@code x} stays open. */
        Tensor upsample(Tensor x) {
            if (upconv != null) {
                return upconv.forward(x);
            }
            Tensor big = torch.upsample_bilinear2d(x, new long[] {2 * x.size(2), 2 * x.size(3)}, false);
            Tensor u = reduce.forward(big);
            big.close();
            return u;
        }

        /** The centre crop of {@code skip} to {@code u}'s size concatenated with {@code u} (channels: skip's first); both stay open. */
        static Tensor concat(Tensor skip, Tensor u) {
            Tensor cropped = centerCrop(skip, u.size(2), u.size(3));
            Tensor cat;
            try (TensorVector pair = new TensorVector(cropped, u)) {
                cat = torch.cat(pair, 1);
            }
            cropped.close();
            return cat;
        }

        private static Tensor centerCrop(Tensor t, long h, long w) {
            long top = (t.size(2) - h) / 2;
            long left = (t.size(3) - w) / 2;
            Tensor rows = t.narrow(2, top, h);
            Tensor crop = rows.narrow(3, left, w);
            rows.close(); // a view: it would keep t's memory alive
            return crop;
        }
    }
}
