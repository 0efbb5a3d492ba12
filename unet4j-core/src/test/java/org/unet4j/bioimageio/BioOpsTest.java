package org.unet4j.bioimageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.Normalization;
import org.unet4j.data.Normalization.Method;

class BioOpsTest {

    @Test
    void opsOfEachNormalisationGiveUnet4jsNetworkInputWithin1e5() {
        // 8-bit and 16-bit images with different ranges per channel, one with a constant channel
        Image[] images = {random(0, 255, 10, 200, 1), random(100, 4000, 0, 65535, 2), constantSecondChannel()};
        List<Normalization> norms = List.of(Normalization.DEFAULT, new Normalization(Method.PERCENTILE, 3, 97),
                Normalization.of(Method.MINMAX), Normalization.of(Method.ZSCORE), Normalization.of(Method.NONE));
        for (Image img : images) {
            for (Normalization n : norms) {
                Image want = n.apply(img);
                Image got = Op.applyAll(Op.of(n), img, Layout.DEFAULT);
                assertThat(maxAbsDiff(want, got)).as(n.describe()).isLessThanOrEqualTo(1e-5);
            }
        }
        // float data already in [0, 1]: bioimage.io's eps shows, |z| * 1e-6 / std, a few 1e-5 at most
        Image unit = random(0, 1, 0.2, 0.9, 3);
        for (Normalization n : norms) {
            assertThat(maxAbsDiff(n.apply(unit), Op.applyAll(Op.of(n), unit, Layout.DEFAULT))).as(n.describe())
                    .isLessThanOrEqualTo(5e-5);
        }
    }

    @Test
    void normalisationMapsToTheSpecsOps() {
        List<String> yx = List.of("y", "x");
        assertThat(Op.of(Normalization.DEFAULT)).containsExactly(new Op.ScaleRange(yx, 1, 99.8, 1e-6),
                new Op.EnsureDtype(DataType.FLOAT32));
        assertThat(Op.of(Normalization.of(Method.MINMAX)).get(0)).isEqualTo(new Op.ScaleRange(yx, 0, 100, 1e-6));
        assertThat(Op.of(Normalization.of(Method.ZSCORE)).get(0)).isEqualTo(new Op.ZeroMeanUnitVariance(yx, 1e-6));
        assertThat(Op.of(Normalization.of(Method.NONE))).containsExactly(new Op.EnsureDtype(DataType.FLOAT32));
        assertThatThrownBy(() -> Op.of(new Normalization(Method.PERCENTILE, 0, 0.5)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("above 1");
    }

    @Test
    void statisticsAreTakenOverTheAxesTheOpNames() {
        // channel 0 holds 0..99, channel 1 holds 1000 + 10 * (0..99), as 10x10 planes
        float[] px = new float[200];
        for (int i = 0; i < 100; i++) {
            px[i] = i;
            px[100 + i] = 1000 + 10 * i;
        }
        Image img = new Image(2, 10, 10, px);
        Image perChannel = new Op.ScaleRange(List.of("x", "y"), 1, 99, 1e-6).apply(img);
        // numpy: np.percentile(np.arange(100), [1, 99]) == [0.99, 98.01]
        assertThat(perChannel.get(0, 0, 0)).isCloseTo((float) ((0 - 0.99) / (98.01 - 0.99 + 1e-6)), within(1e-6f));
        assertThat(perChannel.get(1, 9, 9)).isCloseTo(perChannel.get(0, 9, 9), within(1e-5f));

        Image joint = new Op.ZeroMeanUnitVariance(List.of("channel", "y", "x"), 1e-6).apply(img);
        Image all = new Op.ZeroMeanUnitVariance(null, 1e-6).apply(img);
        Image withBatch = new Op.ZeroMeanUnitVariance(List.of("batch", "channel", "x", "y"), 1e-6).apply(img);
        assertThat(joint.pixels()).containsExactly(all.pixels()).containsExactly(withBatch.pixels());
        double mean = 0;
        for (float v : px) {
            mean += v / 200.0;
        }
        double sq = 0;
        for (float v : px) {
            sq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sq / 200); // population std
        assertThat(all.get(1, 3, 4)).isCloseTo((float) ((px[134] - mean) / (std + 1e-6)), within(1e-6f));

        // per row: axes [x] reduce only along x, one statistic per channel and row
        Image perRow = new Op.ZeroMeanUnitVariance(List.of("x"), 1e-6).apply(img);
        assertThat(perRow.get(0, 3, 0)).isCloseTo(perRow.get(1, 7, 0), within(1e-5f));
        assertThat(perRow.get(0, 3, 0)).isCloseTo((float) (-4.5 / Math.sqrt(8.25)), within(1e-5f));
    }

    @Test
    void fixedAndPerAxisOps() {
        Image img = new Image(2, 1, 3, new float[] {1, 2, 3, 10, 20, 30});
        Image fixed = new Op.FixedZeroMeanUnitVariance("channel", List.of(2.0, 20.0), List.of(1.0, 10.0)).apply(img);
        assertThat(fixed.pixels()).containsExactly(new float[] {-1, 0, 1, -1, 0, 1}, within(1e-5f));
        Image scalar = new Op.FixedZeroMeanUnitVariance(null, List.of(1.0), List.of(2.0)).apply(img);
        assertThat(scalar.get(1, 0, 2)).isCloseTo((float) (29 / (2 + 1e-6)), within(1e-5f));
        Image linear = new Op.ScaleLinear("channel", List.of(2.0, 0.1), List.of(1.0)).apply(img);
        assertThat(linear.pixels()).containsExactly(new float[] {3, 5, 7, 2, 3, 4}, within(1e-6f));
        Image alongX = new Op.ScaleLinear("x", List.of(1.0, 0.0, -1.0), List.of(0.0)).apply(img);
        assertThat(alongX.pixels()).containsExactly(1, 0, -3, 10, 0, -30);
        assertThat(new Op.ScaleLinear(0.5, -1).apply(img).get(0, 0, 0)).isEqualTo(-0.5f);
        assertThat(new Op.Clip(2, 20).apply(img).pixels()).containsExactly(2, 2, 3, 10, 20, 20);
        assertThat(new Op.Clip(null, null, 0.0, 50.0, List.of("x")).apply(img).pixels()).containsExactly(1, 2, 2, 10, 20, 20);
        assertThat(new Op.Binarize("channel", List.of(1.5, 25.0)).apply(img).pixels()).containsExactly(0, 1, 1, 0, 0, 1);
        assertThat(new Op.Binarize(null, List.of(2.0)).apply(img).pixels()).containsExactly(0, 0, 1, 1, 1, 1);

        assertThatThrownBy(() -> new Op.ScaleLinear("channel", List.of(1.0, 2.0, 3.0), List.of(0.0)).apply(img))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gain has 3 values but the axis has 2");
        assertThatThrownBy(() -> new Op.ZeroMeanUnitVariance(List.of("z", "y"), 1e-6).apply(img))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("axis 'z' is not one of");
        assertThatThrownBy(() -> new Op.Unsupported("scale_mean_variance", "rdf.yaml: not supported").apply(img))
                .isInstanceOf(InvalidInputException.class).hasMessage("rdf.yaml: not supported");
    }

    @Test
    void sigmoidSoftmaxAndDtypes() {
        Image img = new Image(3, 1, 2, new float[] {0, 1000, 1, -1000, 2, 5});
        Image s = new Op.Sigmoid().apply(img);
        assertThat(s.pixels()).containsExactly(new float[] {0.5f, 1, 0.7310586f, 0, 0.8807971f, 0.9933072f}, within(1e-6f));
        Image soft = new Op.Softmax("channel").apply(img);
        double e0 = Math.exp(0) + Math.exp(1) + Math.exp(2);
        assertThat(soft.get(2, 0, 0)).isCloseTo((float) (Math.exp(2) / e0), within(1e-6f));
        assertThat(soft.get(0, 0, 1) + soft.get(1, 0, 1) + soft.get(2, 0, 1)).isCloseTo(1f, within(1e-6f));
        assertThat(soft.get(0, 0, 1)).isEqualTo(1f);

        Image v = Image.gray(1, 6, new float[] {-1.7f, 2.9f, 300, Float.NaN, 0, 0.2f});
        assertThat(new Op.EnsureDtype(DataType.UINT8).apply(v).pixels()).containsExactly(0, 2, 255, 0, 0, 0);
        assertThat(new Op.EnsureDtype(DataType.INT8).apply(v).pixels()).containsExactly(-1, 2, 127, 0, 0, 0);
        assertThat(new Op.EnsureDtype(DataType.BOOL).apply(v).pixels()).containsExactly(1, 1, 1, 1, 0, 1);
        assertThat(new Op.EnsureDtype(DataType.FLOAT32).apply(v).pixels()).containsExactly(v.pixels());
        assertThat(v.get(0, 0, 0)).isEqualTo(-1.7f); // inputs are not changed
    }

    @Test
    void recordsRefuseValuesTheSpecDoesNotAllow() {
        assertThatThrownBy(() -> new Op.ScaleRange(null, 50, 10, 1e-6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Op.ScaleRange(null, 0, 0.9, 1e-6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Op.ZeroMeanUnitVariance(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Op.Clip(null, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Op.Clip(1.0, null, 5.0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Op.FixedZeroMeanUnitVariance(null, List.of(1.0, 2.0), List.of(1.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Op.Binarize(null, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    static Image random(double lo0, double hi0, double lo1, double hi1, long seed) {
        Random r = new Random(seed);
        int h = 61;
        int w = 47;
        float[] px = new float[2 * h * w];
        for (int i = 0; i < h * w; i++) {
            boolean integer = hi0 > 1;
            double a = lo0 + r.nextDouble() * (hi0 - lo0);
            double b = lo1 + Math.pow(r.nextDouble(), 3) * (hi1 - lo1);
            px[i] = (float) (integer ? Math.rint(a) : a);
            px[h * w + i] = (float) (integer ? Math.rint(b) : b);
        }
        return new Image(2, h, w, px);
    }

    private static Image constantSecondChannel() {
        Image img = random(0, 255, 0, 1, 4);
        for (int i = img.channelOffset(1); i < img.pixels().length; i++) {
            img.pixels()[i] = 42;
        }
        return img;
    }

    static double maxAbsDiff(Image a, Image b) {
        double m = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            m = Math.max(m, Math.abs(a.pixels()[i] - b.pixels()[i]));
        }
        return m;
    }
}
