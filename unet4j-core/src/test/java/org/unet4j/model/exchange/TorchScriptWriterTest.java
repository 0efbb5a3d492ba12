package org.unet4j.model.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

class TorchScriptWriterTest {
    @TempDir
    Path dir;

    static UNetConfig tiny() {
        return UNetConfig.paper().withDepth(2).withBaseChannels(4).withNumClasses(3).withInChannels(2);
    }

    static Image random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] px = new float[c * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextGaussian();
        }
        return new Image(c, h, w, px);
    }

    /** The exported model's output on {@code image} equals unet4j's overlap-tile prediction. */
    static void assertSameAsUnet4j(UNet net, TorchScriptModel model, Image image, double tolerance) {
        Prediction expected = new Predictor(net, PredictOptions.defaults()).predict(image);
        TorchScriptModel.Output out = model.forward(image.pixels(), new long[] {1, image.channels(), image.height(), image.width()});
        int k = net.config().numClasses();
        assertThat(out.shape()).containsExactly(1, k, image.height(), image.width());
        int n = image.height() * image.width();
        double max = 0;
        for (int c = 0; c < k; c++) {
            float[] p = expected.probability(c);
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(p[i] - out.values()[c * n + i]));
            }
        }
        assertThat(max).isLessThanOrEqualTo(tolerance);
    }

    @ParameterizedTest
    @EnumSource(UNetConfig.Norm.class)
    void reloadedArchiveGivesUnet4jsOutput(UNetConfig.Norm norm) {
        UNet.seed(3);
        try (UNet net = UNet.create(tiny().withNorm(norm))) {
            Path file = dir.resolve("weights.pt");
            TorchScriptWriter.write(net, file);
            ExportGraph g = ExportGraph.of(net.config());
            try (TorchScriptModel model = TorchScriptModel.load(file)) {
                assertSameAsUnet4j(net, model, random(2, g.minSize(), g.minSize() + g.step(), 5), 1e-5);
            }
        }
    }

    @Test
    void bilinearAndSamePaddingNetworksExportToo() {
        UNet.seed(4);
        for (UNetConfig c : new UNetConfig[] {tiny().withUpsampling(UNetConfig.Upsampling.BILINEAR),
                tiny().withPadding(UNetConfig.Padding.SAME)}) {
            try (UNet net = UNet.create(c)) {
                Path file = dir.resolve(c.padding() + "-" + c.upsampling() + ".pt");
                TorchScriptWriter.write(net, file);
                ExportGraph g = ExportGraph.of(c);
                try (TorchScriptModel model = TorchScriptModel.load(file)) {
                    assertSameAsUnet4j(net, model, random(2, g.minSize() + 2 * g.step(), g.minSize(), 6), 1e-5);
                }
            }
        }
    }

    @Test
    void exportGraphOfThePaperNet() {
        ExportGraph g = ExportGraph.of(UNetConfig.paper());
        assertThat(g.pad()).isEqualTo(92);
        assertThat(g.halo()).isEqualTo(92);
        assertThat(g.minSize()).isEqualTo(196);
        assertThat(g.step()).isEqualTo(16);
        assertThat(g.validAtOrAbove(197)).isEqualTo(212);
    }

    @Test
    void aFileThatIsNoArchiveIsRefusedInOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("weights.pt"), "not a zip");
        assertThatThrownBy(() -> TorchScriptModel.load(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(bad + " is not a TorchScript archive").hasMessageNotContaining("\n");
    }
}
