package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.infer.Precision;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

class TrainStepTest {
    private static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4).withDropout(0);

    @BeforeAll
    static void engine() {
        NativeEngine.load();
    }

    /** A learnable toy problem: the class is whether the input pixel is positive. */
    private static Batch batch(Random r, int in, int out) {
        float[] image = new float[in * in];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
        }
        int halo = (in - out) / 2;
        int[] targets = new int[out * out];
        float[] weights = new float[out * out];
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                targets[y * out + x] = image[(y + halo) * in + x + halo] > 0 ? 1 : 0;
                weights[y * out + x] = 1;
            }
        }
        return new Batch(image, targets, weights);
    }

    private record Batch(float[] image, int[] targets, float[] weights) {
    }

    @Test
    void lossFallsOnALearnableProblem() {
        int in = 44;
        int out = TileGeometry.of(TINY).outputSize(in);
        UNet.seed(7);
        Random r = new Random(7);
        try (UNet net = UNet.create(TINY); TrainStep step = new TrainStep(net, OptimizerConfig.sgd(0.001), new Device(torch.DeviceType.CPU))) {
            double first = 0;
            double last = 0;
            for (int i = 0; i < 300; i++) {
                Batch b = batch(r, in, out);
                double loss = step.step(b.image, b.targets, b.weights, 1, 1, in, out);
                if (i < 10) {
                    first += loss / 10;
                }
                if (i >= 290) {
                    last += loss / 10;
                }
            }
            assertThat(last).isLessThan(first * 0.7);
        }
    }

    @Test
    void nativeMemoryDoesNotGrowOverManySteps() {
        int in = 44;
        int out = TileGeometry.of(TINY).outputSize(in);
        UNet.seed(1);
        Random r = new Random(1);
        try (UNet net = UNet.create(TINY); TrainStep step = new TrainStep(net, OptimizerConfig.sgd(0.001), new Device(torch.DeviceType.CPU))) {
            long countAfterWarmup = 0;
            long bytesAfterWarmup = 0;
            long rssAfterWarmup = 0;
            for (int i = 0; i < 300; i++) {
                Batch b = batch(r, in, out);
                step.step(b.image, b.targets, b.weights, 1, 1, in, out);
                if (i == 49) {
                    settle();
                    countAfterWarmup = Pointer.totalCount();
                    bytesAfterWarmup = Pointer.totalBytes();
                    rssAfterWarmup = Pointer.physicalBytes();
                }
            }
            settle();
            // every tensor of a step is freed with its PointerScope: no JavaCPP-tracked pointer survives a step
            assertThat(Pointer.totalCount()).isLessThanOrEqualTo(countAfterWarmup);
            assertThat(Pointer.totalBytes()).isLessThanOrEqualTo(bytesAfterWarmup);
            assertThat(Pointer.physicalBytes() - rssAfterWarmup).isLessThan(64L << 20);
        }
    }

    /** Lets the garbage collector and JavaCPP's deallocator free what other tests left unreferenced. */
    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void optimizerStateRoundTrips(@TempDir Path dir) {
        int in = 44;
        int out = TileGeometry.of(TINY).outputSize(in);
        Random r = new Random(3);
        Batch b = batch(r, in, out);
        UNet.seed(3);
        double lossA;
        try (UNet net = UNet.create(TINY); TrainStep step = new TrainStep(net, OptimizerConfig.sgd(0.01), new Device(torch.DeviceType.CPU))) {
            step.step(b.image, b.targets, b.weights, 1, 1, in, out);
            ModelFiles.save(net, dir.resolve("m"), null);
            step.saveState(dir.resolve("opt.pt"));
            step.step(b.image, b.targets, b.weights, 1, 1, in, out);
            lossA = step.step(b.image, b.targets, b.weights, 1, 1, in, out);
        }
        try (UNet net = ModelFiles.load(dir.resolve("m"));
                TrainStep step = new TrainStep(net, OptimizerConfig.sgd(0.01), new Device(torch.DeviceType.CPU))) {
            step.loadState(dir.resolve("opt.pt"));
            step.step(b.image, b.targets, b.weights, 1, 1, in, out);
            double lossB = step.step(b.image, b.targets, b.weights, 1, 1, in, out);
            assertThat(lossB).isEqualTo(lossA);
        }
    }

    @Test
    void bf16MixedPrecisionLearnsLikeFp32AndKeepsFloat32Weights() {
        int in = 44;
        int out = TileGeometry.of(TINY).outputSize(in);
        Random r = new Random(4);
        Batch b = batch(r, in, out);
        double[] last = new double[2];
        double[] first = new double[2];
        for (Precision p : Precision.values()) {
            UNet.seed(4);
            try (UNet net = UNet.create(TINY);
                    TrainStep step = new TrainStep(net, OptimizerConfig.sgd(0.01), new Device(torch.DeviceType.CPU), p)) {
                assertThat(step.precision()).isEqualTo(p);
                for (int i = 0; i < 30; i++) {
                    double loss = step.step(b.image, b.targets, b.weights, 1, 1, in, out);
                    assertThat(loss).isFinite();
                    if (i == 0) {
                        first[p.ordinal()] = loss;
                    }
                    last[p.ordinal()] = loss;
                }
                // master weights stay float32; autocast is off again after the step
                assertThat(net.namedParameters().get(0).value().scalar_type().value).isEqualTo(torch.ScalarType.Float.value);
                assertThat(torch.is_autocast_enabled(torch.DeviceType.CPU)).isFalse();
            }
        }
        // the first losses agree to bf16's rounding; both runs learn (the loss falls by a similar factor)
        assertThat(first[1]).isCloseTo(first[0], withinPercentage(2));
        assertThat(last[0]).isLessThan(0.8 * first[0]);
        assertThat(last[1]).isLessThan(0.8 * first[1]);
    }
}
