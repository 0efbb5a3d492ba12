package org.unet4j.model.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unet4j.data.Image;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/** Runs exported graphs in ONNX Runtime for Java, as JDLL, deepImageJ and QuPath's ONNX route do. */
class OnnxWriterTest {
    @TempDir
    Path dir;

    /** The probabilities ONNX Runtime computes for {@code image} with the graph in {@code file}. */
    static float[] run(Path file, Image image) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions(); OrtSession session = env.createSession(file.toString(), o);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image.pixels()),
                        new long[] {1, image.channels(), image.height(), image.width()});
                OrtSession.Result r = session.run(Map.of(OnnxWriter.INPUT, x))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    static void assertSameAsUnet4j(UNetConfig config, Path dir, int extraRows) throws OrtException {
        UNet.seed(8);
        try (UNet net = UNet.create(config)) {
            Path file = dir.resolve("weights.onnx");
            OnnxWriter.write(net, file, "test");
            ExportGraph g = ExportGraph.of(config);
            Image image = TorchScriptWriterTest.random(config.inChannels(), g.minSize() + extraRows * g.step(), g.minSize(), 9);
            Prediction expected = new Predictor(net, PredictOptions.defaults()).predict(image);
            float[] out = run(file, image);
            int n = image.height() * image.width();
            assertThat(out).hasSize(config.numClasses() * n);
            double max = 0;
            for (int c = 0; c < config.numClasses(); c++) {
                float[] p = expected.probability(c);
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, Math.abs(p[i] - out[c * n + i]));
                }
            }
            assertThat(max).as(config.toString()).isLessThanOrEqualTo(1e-4);
        }
    }

    @ParameterizedTest
    @EnumSource(UNetConfig.Norm.class)
    void onnxRuntimeGivesUnet4jsOutput(UNetConfig.Norm norm) throws OrtException {
        assertSameAsUnet4j(TorchScriptWriterTest.tiny().withNorm(norm), dir, 1);
    }

    @Test
    void bilinearAndSamePaddedGraphs() throws OrtException {
        assertSameAsUnet4j(TorchScriptWriterTest.tiny().withUpsampling(UNetConfig.Upsampling.BILINEAR), dir, 2);
        assertSameAsUnet4j(TorchScriptWriterTest.tiny().withPadding(UNetConfig.Padding.SAME), dir, 0);
    }

    @Test
    void skipCropsOfThePaperNet() {
        assertThat(OnnxWriter.skipCrops(ExportGraph.of(UNetConfig.paper()))).containsExactly(88, 40, 16, 4);
    }
}
