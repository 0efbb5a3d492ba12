package org.unet4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.infer.Precision;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.Tensors;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * Timing of bare forward passes and training steps on random data (what {@code unet bench}
 * reports). The training step is {@link TrainStep#step}, the same code the trainer runs, including
 * the copy of plain arrays into tensors.
 */
public final class StepBenchmark {
    private final UNetConfig config;
    private final int in;
    private final int out;
    private final int batch;
    private final DeviceChoice device;
    private final boolean channelsLast;
    private Precision precision = Precision.FP32;

    /**
     * @param channelsLast run the network with channels-last (NHWC) feature maps
     */
    public StepBenchmark(UNetConfig config, int inputSize, int batch, DeviceChoice device, boolean channelsLast) {
        this.channelsLast = channelsLast;
        this.config = config;
        this.in = inputSize;
        this.out = TileGeometry.of(config).outputSize(inputSize);
        this.batch = batch;
        this.device = device;
    }

    /** Training steps in {@code p} ({@link TrainStep#TrainStep(UNet, OptimizerConfig, Device, Precision)}); forward passes stay float32. */
    public StepBenchmark withPrecision(Precision p) {
        this.precision = p;
        return this;
    }

    /** Seconds per forward pass (inference mode, no gradients) for {@code n} timed runs after {@code warmup}. */
    public double[] forward(int warmup, int n) {
        UNet.seed(1);
        Device dev = device.torchDevice();
        try (UNet net = UNet.create(config)) {
            net.to(dev);
            net.eval();
            layout(net);
            float[] image = randomImage();
            double[] times = new double[n];
            for (int i = -warmup; i < n; i++) {
                try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                    long t0 = System.nanoTime();
                    Tensor x = Tensors.fromFloats(image, batch, config.inChannels(), in, in);
                    Tensor y = net.forward(dev.is_cpu() ? x : x.to(dev, x.scalar_type()));
                    Tensors.toFloats(y.narrow(1, 0, 1));
                    if (i >= 0) {
                        times[i] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            return times;
        }
    }

    /** Seconds per training step (forward, loss, backward, SGD momentum 0.99). */
    public double[] train(int warmup, int n) {
        return train(warmup, n, (step, seconds) -> {
        });
    }

    /** Receives each timed step's number (1-based) and duration. */
    @FunctionalInterface
    public interface StepListener {
        void stepDone(int step, double seconds);
    }

    /** {@link #train(int, int)}, calling {@code listener} after every timed step (the soak run prints memory). */
    public double[] train(int warmup, int n, StepListener listener) {
        UNet.seed(1);
        Device dev = device.torchDevice();
        try (UNet net = UNet.create(config)) {
            net.to(dev);
            layout(net);
            try (TrainStep step = new TrainStep(net, OptimizerConfig.sgd(0.001), dev, precision)) {
                float[] image = randomImage();
                int[] targets = new int[batch * out * out];
                float[] weights = new float[targets.length];
                randomTargets(targets, weights, config.numClasses());
                double[] times = new double[n];
                for (int i = -warmup; i < n; i++) {
                    long t0 = System.nanoTime();
                    step.step(image, targets, weights, batch, config.inChannels(), in, out);
                    if (i >= 0) {
                        times[i] = (System.nanoTime() - t0) / 1e9;
                        listener.stepDone(i + 1, times[i]);
                    }
                }
                return times;
            }
        }
    }

    /** Seconds per {@code size x size} float32 matrix product through libtorch (the practical FLOP/s ceiling). */
    public static double[] matmul(int size, int warmup, int n) {
        NativeEngine.load();
        try (PointerScope outer = new PointerScope()) {
            Tensor a = torch.randn(size, size);
            Tensor b = torch.randn(size, size);
            double[] times = new double[n];
            for (int i = -warmup; i < n; i++) {
                try (PointerScope scope = new PointerScope()) {
                    long t0 = System.nanoTime();
                    torch.mm(a, b);
                    if (i >= 0) {
                        times[i] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            return times;
        }
    }

    private void layout(UNet net) {
        if (channelsLast) {
            net.setMemoryFormat(torch.MemoryFormat.ChannelsLast);
        }
    }

    private float[] randomImage() {
        return randomImage(batch * config.inChannels() * in * in);
    }

    /** The benchmarks' input: Gaussian pixels (seed 1). */
    static float[] randomImage(int length) {
        Random r = new Random(1);
        float[] image = new float[length];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
        }
        return image;
    }

    /** The benchmarks' targets: random classes and pixel weights in [1, 10) (seed 2). */
    static void randomTargets(int[] targets, float[] weights, int classes) {
        Random r = new Random(2);
        for (int i = 0; i < targets.length; i++) {
            targets[i] = r.nextInt(classes);
            weights[i] = 1 + 9 * r.nextFloat();
        }
    }

    /** A field of /proc/self/status in kB (VmRSS, VmHWM), or 0 where it is not available. */
    public static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
