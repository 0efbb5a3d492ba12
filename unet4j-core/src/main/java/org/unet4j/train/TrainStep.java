package org.unet4j.train;

import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroupVector;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.infer.Precision;
import org.unet4j.loss.WeightedSoftmaxCrossEntropy;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.Tensors;
import org.unet4j.model.UNet;

/**
 * One optimisation step of a network: forward, the weighted pixel-wise softmax cross-entropy,
 * backward, optimizer update. Owns the optimizer state (native memory) and frees it in
 * {@link #close()}; each step runs inside its own {@link PointerScope}, so only the loss value
 * (a Java double) leaves it.
 */
public final class TrainStep implements AutoCloseable {
    /**
     * Whether training on the CPU runs channels-last (NHWC) feature maps; measured with
     * {@code unet bench --mode train --layout nchw|nhwc} (docs/BENCHMARKS.md).
     */
    public static final boolean CHANNELS_LAST_ON_CPU = false;

    private final UNet net;
    private final OptimizerConfig config;
    private Optimizer optimizer;
    private final Device device;
    private final boolean cpu;
    private final double clipNorm;
    private final Precision precision;

    /** Creates the optimizer for {@code net} (already on {@code device}); call outside any PointerScope. */
    public TrainStep(UNet net, OptimizerConfig config, Device device) {
        this(net, config, device, Precision.FP32);
    }

    /**
     * As {@link #TrainStep(UNet, OptimizerConfig, Device)}, with {@code precision} for the forward
     * and backward passes: {@link Precision#BF16} is mixed precision as PyTorch's autocast does it —
     * the convolutions run in bfloat16 (AVX512-BF16/AMX on the CPU, tensor cores on a GPU) while
     * the master weights, their gradients, the optimizer's state and the loss stay float32.
     */
    public TrainStep(UNet net, OptimizerConfig config, Device device, Precision precision) {
        this.precision = precision == null ? Precision.FP32 : precision;
        if (PointerScope.getInnerScope() != null) {
            throw new IllegalStateException("create the optimizer outside a PointerScope: it owns long-lived native memory");
        }
        this.net = net;
        this.device = device;
        this.cpu = device.is_cpu();
        this.clipNorm = config.clipNorm();
        this.config = config;
        this.optimizer = create(net, config);
    }

    private static Optimizer create(UNet net, OptimizerConfig config) {
        if (config.kind() == OptimizerConfig.Kind.SGD) {
            SGDOptions o = new SGDOptions(config.learningRate());
            o.momentum().put(config.momentum());
            o.weight_decay().put(config.weightDecay());
            return new SGD(net.parameters(), o);
        }
        AdamOptions o = new AdamOptions(config.learningRate());
        o.weight_decay().put(config.weightDecay());
        return new Adam(net.parameters(), o);
    }

    /** Forgets the optimizer's state (momentum buffers, Adam moments), as for a new run; call outside any PointerScope. */
    public void resetOptimizer() {
        optimizer.close();
        optimizer = create(net, config);
    }

    /**
     * One step on a batch.
     *
     * @param images [n, channels, in, in] row-major
     * @param targets [n, out, out] class indices (no IGNORE: ignored pixels carry weight 0 and any class)
     * @param weights [n, out, out] pixel weights
     * @return the loss before the update
     */
    public double step(float[] images, int[] targets, float[] weights, int n, int channels, int in, int out) {
        return step(images, targets, weights, n, channels, in, out, null);
    }

    /** One step on the tiles of an iteration, with the network's statistics recorded into {@code probe} (may be null). */
    double step(TileBatches.Batch b, NetworkProbe probe) {
        return step(b.images(), b.targets(), b.weights(), b.size(), b.channels(), b.in(), b.out(), probe);
    }

    /**
     * One step on a batch, with the network's statistics recorded into {@code probe} (may be null).
     * With a gradient-norm limit ({@link OptimizerConfig#clipNorm()}), gradients whose total L2 norm
     * exceeds it are scaled down to it before the update; the probe records the norm before clipping.
     *
     * @see #step(float[], int[], float[], int, int, int, int)
     */
    public double step(float[] images, int[] targets, float[] weights, int n, int channels, int in, int out, NetworkProbe probe) {
        return step(images, targets, weights, n, channels, in, out, probe, probe, Clock.NONE);
    }

    /**
     * Receives the boundaries of a step's phases, in this order: {@code copies} (the arrays are
     * tensors), {@code zero_grad}, then, after the forward pass's layers (reported to the trace),
     * {@code loss}, {@code backward}, {@code optimizer} (clipping and the update), {@code item} (the
     * loss value read) and {@code release} (the step's tensors freed). For {@link StepProfiler}.
     */
    @FunctionalInterface
    interface Clock {
        Clock NONE = phase -> {
        };

        void mark(String phase);
    }

    /** One step with the forward pass reported to {@code trace} and the phases to {@code clock}; {@code probe} (may be null) also records gradients. */
    double step(float[] images, int[] targets, float[] weights, int n, int channels, int in, int out, NetworkProbe probe,
            UNet.Trace trace, Clock clock) {
        net.train();
        double value;
        try (PointerScope scope = new PointerScope()) {
            Tensor x = onDevice(Tensors.fromFloats(images, n, channels, in, in));
            Tensor t = onDevice(Tensors.fromInts(targets, n, out, out));
            Tensor w = onDevice(Tensors.fromFloats(weights, n, out, out));
            clock.mark("copies");
            optimizer.zero_grad();
            clock.mark("zero_grad");
            if (probe != null) {
                probe.reset();
            }
            Tensor logits = forward(x, trace);
            Tensor loss = WeightedSoftmaxCrossEntropy.compute(logits, t, w);
            clock.mark("loss");
            loss.backward();
            clock.mark("backward");
            if (probe != null && probe.recordsGradients()) {
                probe.recordGradients(net);
            }
            if (clipNorm > 0) {
                torch.clip_grad_norm_(net.parameters(), clipNorm);
            }
            optimizer.step();
            clock.mark("optimizer");
            value = loss.item_double();
            clock.mark("item");
        }
        clock.mark("release");
        return value;
    }

    /** Clears the gradients as a step does before its forward pass (StepProfiler). */
    void zeroGrad() {
        optimizer.zero_grad();
    }

    /** The optimizer's update alone, with the gradients there are (StepProfiler). */
    void optimizerStep() {
        try (PointerScope scope = new PointerScope()) {
            optimizer.step();
        }
    }

    /** The forward pass, in the step's precision; the logits come back as float32 for the loss. */
    private Tensor forward(Tensor x, UNet.Trace trace) {
        UNet.Trace tr = trace == null ? UNet.Trace.NONE : trace;
        if (precision == Precision.FP32) {
            return net.forward(x, tr);
        }
        try (Autocast a = autocast()) {
            Tensor logits = net.forward(x, tr);
            return logits.to(torch.ScalarType.Float);
        }
    }

    /** bf16 autocast on the step's device until closed ({@link Precision#BF16}); restores the previous settings. */
    Autocast autocast() {
        return new Autocast(cpu ? torch.DeviceType.CPU : torch.DeviceType.CUDA);
    }

    /** PyTorch's autocast to bfloat16 while open: the convolutions run in bf16, the weights stay float32. */
    static final class Autocast implements AutoCloseable {
        private final torch.DeviceType type;
        private final boolean was;
        private final boolean cached;

        Autocast(torch.DeviceType type) {
            this.type = type;
            this.was = torch.is_autocast_enabled(type);
            this.cached = torch.is_autocast_cache_enabled();
            torch.set_autocast_dtype(type, torch.ScalarType.BFloat16);
            // the weights change every step: no cache of their bf16 copies across steps
            torch.set_autocast_cache_enabled(false);
            torch.set_autocast_enabled(type, true);
        }

        @Override
        public void close() {
            torch.set_autocast_enabled(type, was);
            torch.set_autocast_cache_enabled(cached);
        }
    }

    /** The number format of the forward and backward passes. */
    public Precision precision() {
        return precision;
    }

    /** Sets the learning rate of all parameter groups (schedules). */
    public void setLearningRate(double lr) {
        try (PointerScope scope = new PointerScope()) {
            OptimizerParamGroupVector groups = optimizer.param_groups();
            for (long i = 0; i < groups.size(); i++) {
                groups.get(i).options().set_lr(lr);
            }
        }
    }

    /** Writes the optimizer state (momentum buffers, Adam moments) to {@code file}. */
    public void saveState(Path file) {
        try (PointerScope scope = new PointerScope()) {
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            ModelFiles.saveArchive(archive, file);
        }
    }

    /** Restores the optimizer state written by {@link #saveState(Path)}. */
    public void loadState(Path file) {
        try (PointerScope scope = new PointerScope()) {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            optimizer.load(archive);
        }
    }

    public UNet net() {
        return net;
    }

    private Tensor onDevice(Tensor t) {
        return cpu ? t : t.to(device, t.scalar_type());
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
