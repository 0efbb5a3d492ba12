package org.unet4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.io.Json;

class ModelFilesTest {
    private static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4);

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        NativeEngine.load();
    }

    @Test
    void savedModelLoadsWithIdenticalOutputsAndMetadata() {
        Path model = dir.resolve("model");
        ObjectNode meta = Json.MAPPER.createObjectNode().put("normalization", "percentile");
        UNet.seed(3);
        try (UNet net = UNet.create(TINY)) {
            ModelFiles.save(net, model, meta);
            try (UNet loaded = ModelFiles.load(model); PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                net.eval();
                loaded.eval();
                Tensor x = torch.randn(1, 1, 60, 60);
                assertThat(Tensors.toFloats(loaded.forward(x))).containsExactly(Tensors.toFloats(net.forward(x)));
            }
        }
        ModelFiles.ModelInfo info = ModelFiles.readInfo(model);
        assertThat(info.config()).isEqualTo(TINY);
        assertThat(info.metadata().path("normalization").asText()).isEqualTo("percentile");
        assertThat(dir.toFile().list()).containsExactly("model");
    }

    @Test
    void batchNormNetworkConvertedToAPrecisionAndBackStillLoads() {
        Path model = dir.resolve("bn");
        UNetConfig bn = TINY.withNorm(UNetConfig.Norm.BATCH);
        try (UNet net = UNet.create(bn)) {
            net.to(ScalarType.BFloat16);
            net.to(ScalarType.Float);
            ModelFiles.save(net, model, null);
        }
        try (UNet loaded = ModelFiles.load(model); PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            loaded.eval();
            assertThat(Tensors.shape(loaded.forward(torch.randn(1, 1, 60, 60)))).containsExactly(1, 2, 20, 20);
        }
    }

    @Test
    void instanceNormNetworksNormaliseEachImageAloneAndReload() {
        Path model = dir.resolve("in");
        UNetConfig in = TINY.withNorm(UNetConfig.Norm.INSTANCE);
        float[] alone;
        float[] together;
        try (UNet net = UNet.create(in); PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            ModelFiles.save(net, model, null);
            net.eval();
            torch.manual_seed(3);
            Tensor a = torch.randn(1, 1, 60, 60);
            Tensor b = torch.randn(1, 1, 60, 60).mul(new Scalar(5.0));
            alone = Tensors.toFloats(net.forward(a));
            try (TensorVector pair = new TensorVector(a, b)) {
                together = Tensors.toFloats(net.forward(torch.cat(pair, 0)));
            }
        }
        // batch norm would normalise a by the pair's statistics; instance norm by a's own
        assertThat(Arrays.copyOf(together, alone.length)).containsExactly(alone, offset(1e-5f));
        try (UNet loaded = ModelFiles.load(model)) {
            assertThat(loaded.config().norm()).isEqualTo(UNetConfig.Norm.INSTANCE);
        }
    }

    @Test
    void missingOrForeignFoldersAreInputErrors() throws IOException {
        assertThatThrownBy(() -> ModelFiles.readInfo(dir.resolve("nope")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such folder");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ModelFiles.readInfo(dir.resolve("empty")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a unet4j model folder");
        Files.writeString(dir.resolve("empty/config.json"), "{\"name\": \"something else\"}");
        assertThatThrownBy(() -> ModelFiles.readInfo(dir.resolve("empty")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not a unet4j model");
        Files.writeString(dir.resolve("empty/config.json"), "{not json");
        assertThatThrownBy(() -> ModelFiles.readInfo(dir.resolve("empty")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void truncatedWeightsAreDetected() throws IOException {
        Path model = dir.resolve("model");
        try (UNet net = UNet.create(TINY)) {
            ModelFiles.save(net, model, null);
        }
        Path w = model.resolve(ModelFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(w);
        Files.write(w, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ModelFiles.load(model))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("truncated or corrupt");
    }

    @Test
    void configThatDoesNotMatchTheWeightsIsRejected() throws IOException {
        Path model = dir.resolve("model");
        try (UNet net = UNet.create(TINY)) {
            ModelFiles.save(net, model, null);
        }
        Path config = model.resolve(ModelFiles.CONFIG);
        Files.writeString(config, Files.readString(config).replace("\"baseChannels\" : 4", "\"baseChannels\" : 8"));
        assertThatThrownBy(() -> ModelFiles.load(model))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("do not belong together");
    }

    @Test
    void runFolderResolvesToItsBestCheckpoint() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"format\": \"unet4j-run\"}");
        assertThatThrownBy(() -> ModelFiles.readInfo(run)).hasMessageContaining("no checkpoint yet");
        try (UNet net = UNet.create(TINY)) {
            ModelFiles.save(net, run.resolve("checkpoints/last"), null);
        }
        assertThat(ModelFiles.resolve(run)).isEqualTo(run.resolve("checkpoints/last"));
        try (UNet net = UNet.create(TINY)) {
            ModelFiles.save(net, run.resolve("checkpoints/best"), null);
        }
        assertThat(ModelFiles.readInfo(run).dir()).isEqualTo(run.resolve("checkpoints/best"));
    }
}
