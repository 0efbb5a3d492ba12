package org.unet4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unet4j.data.SegmentationSample;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.Tensors;

class WeightedSoftmaxCrossEntropyTest {
    private static final int IGN = SegmentationSample.IGNORE;

    @BeforeAll
    static void engine() {
        NativeEngine.load();
    }

    @Test
    void valueIsTheWeightedMeanOfMinusLogSoftmaxAtTheTarget() {
        // N=1, K=2, H=1, W=3; logits channel-major
        float[] logits = {0f, 2f, -1f, 1f, 0f, 3f};
        int[] targets = {1, 0, IGN};
        float[] weights = {2f, 0.5f, 7f};
        double p0 = -Math.log(Math.exp(1) / (Math.exp(0) + Math.exp(1)));
        double p1 = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(0)));
        double expected = (2 * p0 + 0.5 * p1) / 2.5;
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = WeightedSoftmaxCrossEntropy.compute(Tensors.fromFloats(logits, 1, 2, 1, 3),
                    Tensors.fromInts(targets, 1, 1, 3), Tensors.fromFloats(weights, 1, 1, 3));
            assertThat(loss.dim()).isZero();
            assertThat(loss.item_double()).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void isStableForHugeLogits() {
        float[] logits = {1e4f, -1e4f, -1e4f, 1e4f};
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = WeightedSoftmaxCrossEntropy.compute(Tensors.fromFloats(logits, 1, 2, 1, 2),
                    Tensors.fromInts(new int[] {1, 1}, 1, 1, 2), Tensors.fromFloats(new float[] {1f, 1f}, 1, 1, 2));
            assertThat(loss.item_double()).isCloseTo(1e4, within(1.0));
        }
    }

    @Test
    void allWeightsZeroGivesZeroLoss() {
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = WeightedSoftmaxCrossEntropy.compute(torch.randn(1, 3, 2, 2),
                    Tensors.fromInts(new int[] {IGN, IGN, 0, 2}, 1, 2, 2), Tensors.fromFloats(new float[] {1f, 1f, 0f, 0f}, 1, 2, 2));
            assertThat(loss.item_double()).isZero();
        }
    }

    @Test
    void gradientMatchesCentralFiniteDifferencesAndIsZeroAtIgnoredPixels() {
        int n = 1;
        int k = 3;
        int h = 4;
        int w = 5;
        Random r = new Random(17);
        double[] x = new double[n * k * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * r.nextGaussian();
        }
        int[] targets = new int[n * h * w];
        float[] weights = new float[n * h * w];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = i % 6 == 0 ? IGN : r.nextInt(k);
            weights[i] = 0.5f + 10 * r.nextFloat();
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor t = Tensors.fromInts(targets, n, h, w);
            Tensor wt = Tensors.fromFloats(weights, n, h, w).to(torch.ScalarType.Double);
            Tensor logits = doubles(x, n, k, h, w);
            logits.set_requires_grad(true);
            Tensor loss = WeightedSoftmaxCrossEntropy.compute(logits, t, wt);
            loss.backward();
            double[] grad = new double[x.length];
            logits.grad().contiguous().data_ptr_double().get(grad);

            double eps = 1e-6;
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + eps;
                double up = WeightedSoftmaxCrossEntropy.compute(doubles(x, n, k, h, w), t, wt).item_double();
                x[i] = keep - eps;
                double down = WeightedSoftmaxCrossEntropy.compute(doubles(x, n, k, h, w), t, wt).item_double();
                x[i] = keep;
                double fd = (up - down) / (2 * eps);
                assertThat(grad[i]).as("d loss / d logit %d", i).isCloseTo(fd, within(1e-7));
            }
            for (int p = 0; p < h * w; p++) {
                for (int c = 0; c < k; c++) {
                    double g = grad[c * h * w + p];
                    if (targets[p] == IGN) {
                        assertThat(g).as("ignored pixel %d class %d", p, c).isZero();
                    }
                }
            }
            assertThat(Arrays.stream(grad).map(Math::abs).max().orElse(0)).isGreaterThan(1e-3);
        }
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        try (PointerScope scope = new PointerScope()) {
            assertThatThrownBy(() -> WeightedSoftmaxCrossEntropy.compute(torch.randn(1, 2, 3, 4),
                    Tensors.fromInts(new int[12], 1, 4, 3), Tensors.fromFloats(new float[12], 1, 4, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1,2,3,4]");
            assertThatThrownBy(() -> WeightedSoftmaxCrossEntropy.compute(torch.randn(1, 2, 3, 4),
                    Tensors.fromFloats(new float[12], 1, 3, 4), Tensors.fromFloats(new float[12], 1, 3, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int64");
        }
    }

    private static Tensor doubles(double[] values, long... shape) {
        Tensor t = torch.empty(shape).to(torch.ScalarType.Double);
        t.data_ptr_double().put(values);
        return t;
    }
}
