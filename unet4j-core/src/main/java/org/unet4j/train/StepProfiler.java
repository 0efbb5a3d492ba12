package org.unet4j.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.VoidTensorHook;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.infer.Precision;
import org.unet4j.loss.WeightedSoftmaxCrossEntropy;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.Tensors;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * Where the time of a training step goes, per layer (what {@code unet bench --mode profile} reports
 * and {@code bench/profile-step.sh} sets beside PyTorch's, measured the same way by
 * {@code bench/profile_pytorch.py}). On the CPU, on random data, the step of {@link StepBenchmark}
 * (and of the trainer): {@link TrainStep#step}, SGD with momentum 0.99.
 *
 * <p>It measures three things, one after the other, each with its own warm-up:
 * <ol>
 *   <li><b>the step</b>: {@link TrainStep#step} as the trainer runs it, timed as a whole;
 *   <li><b>the same step, instrumented</b>: the forward pass reports every layer's output
 *       ({@link UNet.Trace}), each output gets an autograd hook that records when its gradient is
 *       ready, and the step marks its phases (copies of the arrays into tensors, {@code zero_grad},
 *       loss, backward, optimizer, reading the loss, freeing the step's tensors). A layer's forward
 *       time is the time from the previous layer's output to its own; its backward time runs from
 *       the hook of its output to the next hook (the gradient of its input), which autograd fires
 *       in the reverse order of the forward pass (checked on every step by the gradients' shapes).
 *       The skip connections' gradient additions fall into the pools' backward times (their second
 *       gradient arrives there), the crops' gradients into crop+concat's;
 *   <li><b>each layer alone</b>: every {@link UNet.Part} runs on fresh random inputs of exactly the
 *       shapes, number formats and memory layouts the step fed it (recorded from the instrumented
 *       step), requiring gradients as in the step; forward timed, then backward of a random
 *       gradient; then the loss alone and the optimizer's update alone (with the gradients the
 *       layers left). The whole step minus the sum of these parts is what the layers cost only
 *       together: the skip gradients' additions, autograd's bookkeeping, the allocator's state,
 *       caches.
 * </ol>
 *
 * <p>Owns a network, its optimizer and an autograd hook (native memory): create it outside any
 * {@link PointerScope} and {@link #close()} it.
 */
public final class StepProfiler implements AutoCloseable {
    /** Row names of the step's phases around the layers. */
    public static final String COPIES = "copies";
    public static final String ZERO_GRAD = "zero_grad";
    public static final String LOSS = "loss";
    public static final String OPTIMIZER = "optimizer";
    public static final String ITEM = "item";
    public static final String RELEASE = "release";

    private static final String GRAD = "\0grad";
    private static final int MAX_EVENTS = 1024;

    /**
     * One row of the profile: medians over the repetitions, in seconds. Phases without a backward
     * part (the optimizer, the copies) report their time as {@code forward}; a value not measured by
     * one of the methods is 0.
     *
     * @param name a layer ({@code down0.conv1}, ..., {@code head}) or a phase ({@link #COPIES}, ...)
     * @param group the layer's group in the sums: {@code conv L0}..{@code conv L4} (both 3x3
     *     convolutions of a level on both paths, L4 the bottom), {@code pool}, {@code dropout},
     *     {@code up-conv}, {@code crop+concat}, {@code head}, {@code loss}, {@code optimizer},
     *     {@code copies}, {@code overhead}
     * @param forward in the instrumented step
     * @param backward in the instrumented step
     * @param isolatedForward the layer alone
     * @param isolatedBackward the layer alone
     */
    public record Row(String name, String group, double forward, double backward, double isolatedForward, double isolatedBackward) {
        public double total() {
            return forward + backward;
        }

        public double isolatedTotal() {
            return isolatedForward + isolatedBackward;
        }
    }

    /**
     * The profile.
     *
     * @param rows in the order of the step: copies, zero_grad, the layers in forward order, loss, optimizer, item, release
     * @param stepSeconds the whole step (plain {@link TrainStep#step}) of every repetition
     * @param instrumentedSeconds the instrumented step of every repetition
     * @param isolatedSeconds the sum of the isolated parts of every repetition
     * @param pageFaultsPerStep minor page faults of the process per whole step (first touches of memory
     *     the allocator got fresh from the system), or -1 where not known
     */
    public record Profile(List<Row> rows, double[] stepSeconds, double[] instrumentedSeconds, double[] isolatedSeconds,
            double pageFaultsPerStep) {
        public Profile {
            rows = List.copyOf(rows);
        }

        /** Median of the whole steps. */
        public double step() {
            return median(stepSeconds);
        }

        /** Median of the instrumented steps. */
        public double instrumented() {
            return median(instrumentedSeconds);
        }

        /** Sum of the rows' in-step times (medians). */
        public double sum() {
            return rows.stream().mapToDouble(Row::total).sum();
        }

        /** Sum of the rows' isolated times (medians). */
        public double isolatedSum() {
            return rows.stream().mapToDouble(Row::isolatedTotal).sum();
        }

        /** The rows summed per {@link Row#group()}, in order of first appearance: {in-step forward, backward, isolated forward, backward}. */
        public Map<String, double[]> groups() {
            Map<String, double[]> g = new LinkedHashMap<>();
            for (Row r : rows) {
                double[] s = g.computeIfAbsent(r.group(), k -> new double[4]);
                s[0] += r.forward();
                s[1] += r.backward();
                s[2] += r.isolatedForward();
                s[3] += r.isolatedBackward();
            }
            return g;
        }
    }

    /** Shape, number format and layout of a tensor the step made. */
    private record Spec(long[] shape, torch.ScalarType dtype, boolean channelsLast) {
        static Spec of(Tensor t) {
            boolean cl = t.dim() == 4 && t.size(1) > 1 && !t.is_contiguous() && t.is_contiguous(torch.MemoryFormat.ChannelsLast);
            return new Spec(Tensors.shape(t), t.scalar_type(), cl);
        }

        /** Random normal values of this spec, requiring gradients if {@code grad}. */
        Tensor random(boolean grad) {
            Tensor x = torch.randn(shape);
            if (dtype.value != torch.ScalarType.Float.value) {
                x = x.to(dtype);
            }
            if (channelsLast) {
                x = x.contiguous(torch.MemoryFormat.ChannelsLast);
            }
            if (grad) {
                x.requires_grad_(true);
            }
            return x;
        }
    }

    private final UNetConfig config;
    private final int in;
    private final int out;
    private final int batch;
    private final Precision precision;
    private final UNet net;
    private final TrainStep step;
    private final List<UNet.Part> parts;
    private final GradClock hook;
    private final float[] image;
    private final int[] targets;
    private final float[] weights;
    private final Map<String, Spec> specs = new HashMap<>();

    // the instrumented step's events: what, when it arrived, when the instrumentation returned
    private final String[] labels = new String[MAX_EVENTS];
    private final long[] arrival = new long[MAX_EVENTS];
    private final long[] departure = new long[MAX_EVENTS];
    private final long[] gradChannels = new long[MAX_EVENTS];
    private final long[] gradHeight = new long[MAX_EVENTS];
    private int events;
    private final List<String> hooked = new ArrayList<>();
    private ThreadMXBean cpuClock;

    /**
     * @param inputSize the input tile (e.g. 572)
     * @param channelsLast channels-last (NHWC) feature maps and weights, else NCHW
     * @param precision of the forward and backward passes ({@link TrainStep#TrainStep(UNet, OptimizerConfig, Device, Precision)})
     */
    public StepProfiler(UNetConfig config, int inputSize, int batch, boolean channelsLast, Precision precision) {
        NativeEngine.load();
        this.config = config;
        this.in = inputSize;
        this.out = TileGeometry.of(config).outputSize(inputSize);
        this.batch = batch;
        this.precision = precision == null ? Precision.FP32 : precision;
        UNet.seed(1);
        this.net = UNet.create(config);
        if (channelsLast) {
            net.setMemoryFormat(torch.MemoryFormat.ChannelsLast);
        }
        this.step = new TrainStep(net, OptimizerConfig.sgd(0.001), new Device(torch.DeviceType.CPU), this.precision);
        this.parts = net.parts();
        this.hook = new GradClock();
        this.image = StepBenchmark.randomImage(batch * config.inChannels() * in * in);
        this.targets = new int[batch * out * out];
        this.weights = new float[targets.length];
        StepBenchmark.randomTargets(targets, weights, config.numClasses());
    }

    /**
     * Times with the calling thread's CPU time instead of the wall clock: with one thread (libtorch
     * then computes on the calling thread) the profile is less disturbed by other processes on a busy
     * machine; with more threads it misses the other threads' work.
     *
     * @throws UnsupportedOperationException where the JVM cannot measure a thread's CPU time
     */
    public StepProfiler useThreadCpuTime() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) {
            throw new UnsupportedOperationException("this JVM cannot measure a thread's CPU time");
        }
        bean.setThreadCpuTimeEnabled(true);
        cpuClock = bean;
        return this;
    }

    private long now() {
        return cpuClock == null ? System.nanoTime() : cpuClock.getCurrentThreadCpuTime();
    }

    /**
     * The whole step, then the instrumented step, then the layers alone, each {@code warmup} times
     * untimed and {@code reps} times timed (the layers alone need one instrumented step first: it
     * records their inputs' shapes).
     */
    public Profile run(int warmup, int reps) {
        if (reps < 1 || warmup < 0) {
            throw new IllegalArgumentException("reps must be >= 1 and warmup >= 0");
        }
        List<String> names = rowNames();
        Map<String, double[][]> samples = new HashMap<>(); // name -> [column][rep]
        for (String n : names) {
            samples.put(n, new double[4][reps]);
        }
        double[] whole = new double[reps];
        double[] instrumented = new double[reps];
        double[] isolated = new double[reps];
        // three blocks, each after its own warm-up: consecutive steps leave the allocator in the state
        // of training (a step after the layers alone found its memory returned and paid for fresh pages)
        long faults = 0;
        for (int i = -warmup; i < reps; i++) {
            long f0 = minorFaults();
            long t0 = now();
            step.step(image, targets, weights, batch, config.inChannels(), in, out);
            if (i >= 0) {
                whole[i] = (now() - t0) / 1e9;
                faults += minorFaults() - f0;
            }
        }
        for (int i = -warmup; i < reps; i++) {
            Map<String, double[]> inStep = instrumentedStep();
            if (i >= 0) {
                instrumented[i] = (departure[events - 1] - departure[0]) / 1e9;
                for (String n : names) {
                    double[] a = inStep.getOrDefault(n, new double[2]);
                    samples.get(n)[0][i] = a[0];
                    samples.get(n)[1][i] = a[1];
                }
            }
        }
        for (int i = -warmup; i < reps; i++) {
            Map<String, double[]> alone = isolatedParts();
            if (i >= 0) {
                double sum = 0;
                for (String n : names) {
                    double[] b = alone.getOrDefault(n, new double[2]);
                    samples.get(n)[2][i] = b[0];
                    samples.get(n)[3][i] = b[1];
                    sum += b[0] + b[1];
                }
                isolated[i] = sum;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String n : names) {
            double[][] s = samples.get(n);
            rows.add(new Row(n, group(n, config.depth()), median(s[0]), median(s[1]), median(s[2]), median(s[3])));
        }
        return new Profile(rows, whole, instrumented, isolated, faults < 0 ? -1 : (double) faults / reps);
    }

    /** Minor page faults of this process so far (/proc/self/stat), or a large negative number where that is not available. */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]); // field 10 of the file, minflt
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE / 4;
        }
    }

    /** The rows in step order. */
    private List<String> rowNames() {
        List<String> names = new ArrayList<>(List.of(COPIES, ZERO_GRAD));
        for (UNet.Part p : parts) {
            names.add(p.name());
        }
        names.addAll(List.of(LOSS, OPTIMIZER, ITEM, RELEASE));
        return names;
    }

    /** The sum group of a row (see {@link Row#group()}). */
    public static String group(String name, int depth) {
        if (name.endsWith(".pool")) {
            return "pool";
        }
        if (name.equals(UNet.DROPOUT)) {
            return "dropout";
        }
        if (name.endsWith(".upconv")) {
            return "up-conv";
        }
        if (name.endsWith(".concat")) {
            return "crop+concat";
        }
        if (name.endsWith(".conv1") || name.endsWith(".conv2")) {
            String level = name.startsWith("bottom") ? String.valueOf(depth) : name.substring(name.startsWith("down") ? 4 : 2, name.indexOf('.'));
            return "conv L" + level;
        }
        return switch (name) {
            case "head", LOSS, OPTIMIZER, COPIES -> name;
            default -> "overhead";
        };
    }

    // ---- the instrumented step ----

    private void event(String label) {
        long now = now();
        int k = events++;
        labels[k] = label;
        arrival[k] = now;
        departure[k] = now;
    }

    /** Receives the forward pass's outputs: their time, spec and a gradient hook. */
    private final UNet.Trace trace = new UNet.Trace() {
        @Override
        public Tensor layer(String name, Tensor output) {
            record(name, output);
            return output;
        }

        @Override
        public Tensor operation(String name, Tensor output) {
            record(name, output);
            return output;
        }

        private void record(String name, Tensor output) {
            event(name);
            specs.put(name, Spec.of(output));
            if (output.requires_grad()) {
                output.register_hook(hook);
                hooked.add(name);
            }
            departure[events - 1] = now();
        }
    };

    /** Records when a gradient arrives, and its shape (to check the order); releases the gradient at once. */
    private final class GradClock extends VoidTensorHook {
        @Override
        public void call(TensorBase grad) {
            long now = now();
            if (events >= MAX_EVENTS) {
                return;
            }
            int k = events++;
            labels[k] = GRAD;
            arrival[k] = now;
            gradChannels[k] = grad.size(1);
            gradHeight[k] = grad.size(2);
            // JavaCPP hands the callback its own reference to the gradient, owned by the step's
            // PointerScope: without this, every layer's gradient stayed alive until the step ended
            // (measured: +3-5 ms to free them, and a slower backward pass)
            grad.close();
            departure[k] = now();
        }
    }

    /** One instrumented step; returns per row {forward, backward} seconds. */
    private Map<String, double[]> instrumentedStep() {
        events = 0;
        hooked.clear();
        event("start");
        step.step(image, targets, weights, batch, config.inChannels(), in, out, null, trace, this::event);
        Map<String, double[]> rows = new HashMap<>();
        List<String> grads = new ArrayList<>(hooked);
        Collections.reverse(grads);
        int g = 0; // gradients seen
        boolean backward = false;
        for (int k = 1; k < events; k++) {
            double dt = (arrival[k] - departure[k - 1]) / 1e9;
            String label = labels[k];
            if (label.equals(GRAD)) {
                if (g >= grads.size()) {
                    throw new IllegalStateException("more gradients than layer outputs in the backward pass");
                }
                String name = grads.get(g);
                Spec s = specs.get(name);
                if (s.shape()[1] != gradChannels[k] || s.shape()[2] != gradHeight[k]) {
                    throw new IllegalStateException("the backward pass did not run the layers in reverse order: expected the gradient of "
                            + name + " " + Arrays.toString(s.shape()) + ", got [" + gradChannels[k] + ", " + gradHeight[k] + "]");
                }
                // the time up to the first gradient is the loss's backward, then each layer's
                rows.computeIfAbsent(g == 0 ? LOSS : grads.get(g - 1), x -> new double[2])[1] += dt;
                g++;
            } else if (label.equals("backward")) {
                rows.computeIfAbsent(g == 0 ? LOSS : grads.get(g - 1), x -> new double[2])[1] += dt;
                backward = true;
            } else {
                rows.computeIfAbsent(label, x -> new double[2])[0] += dt;
            }
        }
        if (!backward || g != grads.size()) {
            throw new IllegalStateException("the backward pass reported " + g + " of " + grads.size() + " layer gradients");
        }
        return rows;
    }

    // ---- the layers alone ----

    /** Every part alone, then the loss and the optimizer; returns per row {forward, backward} seconds. */
    private Map<String, double[]> isolatedParts() {
        Map<String, double[]> rows = new HashMap<>();
        step.zeroGrad();
        long t0 = now();
        try (PointerScope scope = new PointerScope()) {
            Tensors.fromFloats(image, batch, config.inChannels(), in, in);
            Tensors.fromInts(targets, batch, out, out);
            Tensors.fromFloats(weights, batch, out, out);
            rows.put(COPIES, new double[] {(now() - t0) / 1e9, 0});
        }
        Spec input = new Spec(new long[] {batch, config.inChannels(), in, in}, torch.ScalarType.Float, false);
        for (UNet.Part p : parts) {
            try (PointerScope scope = new PointerScope()) {
                Tensor[] x = new Tensor[p.inputs().size()];
                for (int j = 0; j < x.length; j++) {
                    String name = p.inputs().get(j);
                    x[j] = name.equals(UNet.Part.INPUT) ? input.random(false) : spec(name).random(true);
                }
                long a = now();
                Tensor y;
                if (precision == Precision.FP32) {
                    y = p.run(x);
                } else {
                    try (TrainStep.Autocast ac = step.autocast()) {
                        y = p.run(x);
                    }
                }
                long b = now();
                double bwd = 0;
                if (y.requires_grad()) {
                    Tensor grad = torch.empty_like(y).normal_(0.0, 1.0, new GeneratorOptional());
                    long c = now();
                    y.backward(grad, new BoolOptional(), false, new TensorArrayRefOptional());
                    bwd = (now() - c) / 1e9;
                }
                rows.put(p.name(), new double[] {(b - a) / 1e9, bwd});
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor logits = spec("head").random(true);
            Tensor t = Tensors.fromInts(targets, batch, out, out);
            Tensor w = Tensors.fromFloats(weights, batch, out, out);
            long a = now();
            Tensor l = WeightedSoftmaxCrossEntropy.compute(logits.to(torch.ScalarType.Float), t, w);
            long b = now();
            l.backward();
            rows.put(LOSS, new double[] {(b - a) / 1e9, (now() - b) / 1e9});
        }
        long a = now();
        step.optimizerStep();
        rows.put(OPTIMIZER, new double[] {(now() - a) / 1e9, 0});
        return rows;
    }

    private Spec spec(String name) {
        Spec s = specs.get(name);
        if (s == null) {
            throw new IllegalStateException("no shape recorded for " + name);
        }
        return s;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The network profiled (its configuration, layout). */
    public UNet net() {
        return net;
    }

    @Override
    public void close() {
        step.close();
        net.close();
        hook.close();
    }
}
