package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Mirror;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.Tensors;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig;

class PredictorTest {
    private static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4);
    private static final UNetConfig TINY_SAME = TINY.withPadding(Padding.SAME);
    private static UNet net;
    private static UNet sameNet;

    @BeforeAll
    static void nets() {
        NativeEngine.load();
        UNet.seed(42);
        net = UNet.create(TINY);
        sameNet = UNet.create(TINY_SAME);
    }

    @AfterAll
    static void close() {
        net.close();
        sameNet.close();
    }

    static Image randomImage(int h, int w, long seed) {
        Random r = new Random(seed);
        float[] px = new float[h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextFloat();
        }
        return Image.gray(h, w, px);
    }

    /** Softmax of one run of {@code network} on the window [y0, y0+h) x [x0, x0+w) of the mirror-extended image. */
    static float[][] wholeRun(UNet network, Image image, int y0, int x0, int h, int w) {
        Image window = Mirror.window(image, y0, x0, h, w);
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            network.eval();
            Tensor out = network.forward(Tensors.fromFloats(window.pixels(), 1, 1, h, w)).softmax(1);
            long[] s = Tensors.shape(out);
            float[] flat = Tensors.toFloats(out);
            int n = (int) (s[2] * s[3]);
            float[][] planes = new float[(int) s[1]][];
            for (int k = 0; k < planes.length; k++) {
                planes[k] = Arrays.copyOfRange(flat, k * n, (k + 1) * n);
            }
            return planes;
        }
    }

    /** Largest |a - b| over the top-left {@code h x w} of {@code b} (row length {@code bw}) against {@code a} (h x w). */
    static double maxDiff(float[] a, float[] b, int h, int w, int bw) {
        double m = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m = Math.max(m, Math.abs(a[y * w + x] - b[y * bw + x]));
            }
        }
        return m;
    }

    @Test
    void validTilesStitchExactlyToOneRunOnTheWholeMirrorPaddedImage() {
        int h = 101;
        int w = 147;
        Image image = randomImage(h, w, 7);
        TileGeometry g = TileGeometry.of(TINY);
        Predictor predictor = new Predictor(net, PredictOptions.defaults().withTile(60).withBatch(5));
        TileGrid grid = predictor.plan(h, w);
        assertThat(grid.rows().count()).isGreaterThanOrEqualTo(4);
        assertThat(grid.cols().count()).isGreaterThanOrEqualTo(6);
        Prediction p = predictor.predict(image);

        int ph = grid.rows().paddedLength();
        int pw = grid.cols().paddedLength();
        int halo = g.halo();
        float[][] whole = wholeRun(net, image, -halo, -halo, ph + 2 * halo, pw + 2 * halo);
        for (int k = 0; k < 2; k++) {
            assertThat(maxDiff(p.probability(k), whole[k], h, w, pw)).as("class %d", k).isLessThan(1e-5);
        }

        // the automatic tile size (here one tile) and another batch size give the same result
        Prediction auto = new Predictor(net, PredictOptions.defaults().withBatch(3)).predict(image);
        assertThat(maxDiff(auto.probability(1), whole[1], h, w, pw)).isLessThan(1e-5);
    }

    @Test
    void shiftsThatAreNotMultiplesOfTwoToTheDepthChangeTheOutput() {
        // the reason for aligned tiles: the same pixels seen through a pooling grid shifted by 2 px differ
        Image image = randomImage(96, 96, 3);
        int halo = TileGeometry.of(TINY).halo();
        float[][] a = wholeRun(net, image, -halo, -halo, 92, 92);
        float[][] shifted4 = wholeRun(net, image, -halo + 4, -halo + 4, 92, 92);
        float[][] shifted2 = wholeRun(net, image, -halo + 2, -halo + 2, 92, 92);
        int o = 52;
        double aligned = 0;
        double misaligned = 0;
        for (int y = 0; y < o - 4; y++) {
            for (int x = 0; x < o - 4; x++) {
                aligned = Math.max(aligned, Math.abs(a[1][(y + 4) * o + x + 4] - shifted4[1][y * o + x]));
                misaligned = Math.max(misaligned, Math.abs(a[1][(y + 2) * o + x + 2] - shifted2[1][y * o + x]));
            }
        }
        assertThat(aligned).isLessThan(1e-5);
        assertThat(misaligned).isGreaterThan(1e-3);
    }

    @Test
    void sameTilesWithFullContextMatchAWholeImageRunAndSmallTilesHaveBoundedSeams() {
        int h = 90;
        int w = 130;
        Image image = randomImage(h, w, 11);
        // reference: one run on the whole image with 40 px of mirrored context (more than the 22 px the padding reaches)
        int m = 40;
        int pw = (w + 2 * m + 3) / 4 * 4;
        float[][] whole = wholeRun(sameNet, image, -m, -m, (h + 2 * m + 3) / 4 * 4, pw);

        Predictor full = new Predictor(sameNet, PredictOptions.defaults().withTile(96).withBatch(4));
        assertThat(full.plan(h, w).blended()).isTrue();
        assertThat(full.plan(h, w).count()).isEqualTo(6);
        double[] exact = errors(full.predict(image).probability(1), whole[1], h, w, m, pw);
        assertThat(exact[0]).as("max error, full context").isLessThan(1e-5);

        // tiles of 48 px get only 12 px of context: seams are blended, the error stays bounded
        Predictor small = new Predictor(sameNet, PredictOptions.defaults().withTile(48).withBatch(4));
        assertThat(small.plan(h, w).count()).isEqualTo(24);
        double[] seams = errors(small.predict(image).probability(1), whole[1], h, w, m, pw);
        assertThat(seams[0]).as("max seam error").isLessThan(0.1);
        assertThat(seams[1]).as("mean error").isLessThan(0.005);
    }

    /** {max, mean} of |p - ref| where ref is offset by m and has row length rw. */
    private static double[] errors(float[] p, float[] ref, int h, int w, int m, int rw) {
        double max = 0;
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.abs(p[y * w + x] - ref[(y + m) * rw + x + m]);
                max = Math.max(max, d);
                sum += d;
            }
        }
        return new double[] {max, sum / (h * w)};
    }

    @Test
    void outputHasTheSizeOfAnyInput() {
        Predictor predictor = new Predictor(net, PredictOptions.defaults().withTile(76).withBatch(2));
        for (int[] size : new int[][] {{77, 131}, {1, 37}, {53, 1}, {3, 3}}) {
            Prediction p = predictor.predict(randomImage(size[0], size[1], size[0]));
            assertThat(p.height()).isEqualTo(size[0]);
            assertThat(p.width()).isEqualTo(size[1]);
            assertThat(p.numClasses()).isEqualTo(2);
            for (int i = 0; i < size[0] * size[1]; i++) {
                assertThat(p.probability(0)[i] + p.probability(1)[i]).isBetween(0.9999f, 1.0001f);
            }
            LabelImage labels = p.labels();
            assertThat(labels.labels()[0]).isEqualTo(p.probability(1)[0] > p.probability(0)[0] ? 1 : 0);
        }
    }

    @Test
    void multiChannelImagesAndManyClasses() {
        UNet.seed(4);
        try (UNet rgb = UNet.create(TINY.withInChannels(3).withNumClasses(4))) {
            Random r = new Random(1);
            float[] px = new float[3 * 50 * 70];
            for (int i = 0; i < px.length; i++) {
                px[i] = r.nextFloat();
            }
            Prediction p = new Predictor(rgb, PredictOptions.defaults().withTile(44).withBatch(7)).predict(new Image(3, 50, 70, px));
            assertThat(p.numClasses()).isEqualTo(4);
            for (int i = 0; i < 50 * 70; i++) {
                float sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += p.probability(k)[i];
                }
                assertThat(sum).isBetween(0.9999f, 1.0001f);
            }
            assertThat(p.labels().max()).isBetween(0, 3);
        }
    }

    @Test
    void testTimeAugmentationOfASymmetricImageIsSymmetric() {
        int n = 45;
        float[] px = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int dy = Math.abs(y - n / 2);
                int dx = Math.abs(x - n / 2);
                px[y * n + x] = (float) (Math.sin(0.05 * (dy * dy + dx * dx)) + Math.cos(0.3 * dy * dx) + 0.1 * Math.max(dy, dx));
            }
        }
        Image image = Image.gray(n, n, px);
        PredictOptions options = PredictOptions.defaults().withTile(60).withBatch(4);
        float[] plain = new Predictor(net, options).predict(image).probability(1);
        float[] tta = new Predictor(net, options.withTta(TestTimeAugmentation.DIHEDRAL)).predict(image).probability(1);
        assertThat(asymmetry(plain, n)).as("without TTA").isGreaterThan(1e-4);
        assertThat(asymmetry(tta, n)).as("with TTA").isLessThan(1e-5);
    }

    private static double asymmetry(float[] p, int n) {
        double m = 0;
        for (Dihedral d : Dihedral.values()) {
            float[] back = d.invert(d.apply(Image.gray(n, n, p)).pixels(), n, n);
            float[] t = d.apply(Image.gray(n, n, p)).pixels();
            for (int i = 0; i < p.length; i++) {
                m = Math.max(m, Math.abs(t[i] - p[i]));
                m = Math.max(m, Math.abs(back[i] - p[i]));
            }
        }
        return m;
    }

    @Test
    void reportsProgressOverTilesAndRestoresTrainingMode() {
        List<Long> steps = new ArrayList<>();
        long[] total = {0};
        Progress progress = new Progress() {
            @Override
            public void start(String task, long t) {
                total[0] = t;
            }

            @Override
            public void step(long done, String status) {
                steps.add(done);
            }

            @Override
            public void done() {
                steps.add(-1L);
            }
        };
        net.train();
        Predictor predictor = new Predictor(net, PredictOptions.defaults().withTile(60).withBatch(4));
        predictor.predict(randomImage(70, 50, 1), progress);
        assertThat(net.isTraining()).isTrue();
        try (PointerScope scope = new PointerScope()) {
            StringTensorDict params = net.namedParameters();
            for (long i = 0; i < params.size(); i++) {
                assertThat(params.get(i).value().is_contiguous()).as("weights back in their layout").isTrue();
            }
        }
        net.eval();
        int tiles = predictor.plan(70, 50).count();
        assertThat(total[0]).isEqualTo(tiles);
        assertThat(steps.get(steps.size() - 2)).isEqualTo(tiles);
        assertThat(steps.get(steps.size() - 1)).isEqualTo(-1L);
    }

    @Test
    void bf16StaysCloseToFp32() {
        Image image = randomImage(64, 80, 5);
        Prediction fp32 = new Predictor(net, PredictOptions.defaults()).predict(image);
        UNet.seed(42);
        try (UNet copy = UNet.create(TINY)) {
            Prediction bf16 = new Predictor(copy, PredictOptions.defaults().withPrecision(Precision.BF16)).predict(image);
            double max = 0;
            for (int i = 0; i < 64 * 80; i++) {
                max = Math.max(max, Math.abs(bf16.probability(1)[i] - fp32.probability(1)[i]));
            }
            assertThat(max).isLessThan(0.05);
        }
    }

    @Test
    void channelCountMustMatchTheModel() {
        Predictor predictor = new Predictor(net, PredictOptions.defaults());
        assertThatThrownBy(() -> predictor.predict(new Image(3, 40, 40, new float[3 * 40 * 40])))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("3 channel(s) but the model expects 1");
    }
}
