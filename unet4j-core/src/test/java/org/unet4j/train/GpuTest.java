package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.SegmentationSample;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.io.Json;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * The CUDA path (issue 22). Device selection is checked everywhere; the tests tagged {@code gpu}
 * need a CUDA device and a {@code -Pgpu} build and skip cleanly without one
 * ({@code bench/gpu.sh} runs them: {@code mvn -Pgpu test -Dgroups=gpu}).
 */
class GpuTest {
    @TempDir
    Path dir;

    private static void requireCuda() {
        Assumptions.assumeTrue(DeviceChoice.cudaAvailable(), "no CUDA device (or a CPU build of libtorch)");
    }

    @Test
    void withoutCudaAutoIsTheCpuAndGpuIsAOneLineInputError() {
        Assumptions.assumeFalse(DeviceChoice.cudaAvailable(), "this machine has a CUDA device");
        assertThat(DeviceChoice.AUTO.resolve()).isEqualTo(DeviceChoice.CPU);
        assertThat(DeviceChoice.CPU.resolve()).isEqualTo(DeviceChoice.CPU);
        assertThatThrownBy(DeviceChoice.GPU::resolve).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("device gpu: no CUDA device is usable").hasMessageNotContaining("\n");
    }

    @Test
    @Tag("gpu")
    void withCudaAutoIsTheGpu() {
        requireCuda();
        assertThat(DeviceChoice.AUTO.resolve()).isEqualTo(DeviceChoice.GPU);
        assertThat(DeviceChoice.GPU.torchDevice().is_cuda()).isTrue();
    }

    @Test
    @Tag("gpu")
    void aNetworkOnTheGpuPredictsWhatItPredictsOnTheCpuAndItsCheckpointsMoveBothWays() {
        requireCuda();
        UNetConfig c = UNetConfig.paper().withDepth(2).withBaseChannels(8);
        UNet.seed(5);
        Image image = Blobs.samples(1, 96, 2).get(0).image();
        try (UNet net = UNet.create(c)) {
            Prediction cpu = new Predictor(net, PredictOptions.defaults()).predict(image);
            Prediction gpu = new Predictor(net, PredictOptions.defaults().withDevice(DeviceChoice.GPU)).predict(image);
            for (int i = 0; i < cpu.probability(1).length; i++) {
                assertThat(Math.abs(cpu.probability(1)[i] - gpu.probability(1)[i])).isLessThan(1e-3f);
            }
            // saved while on the GPU, loaded on the CPU
            ModelFiles.save(net, dir.resolve("from-gpu"), Json.MAPPER.createObjectNode());
            try (UNet back = ModelFiles.load(dir.resolve("from-gpu"))) {
                Prediction again = new Predictor(back, PredictOptions.defaults()).predict(image);
                assertThat(again.labels().labels()).isEqualTo(cpu.labels().labels());
            }
        }
    }

    @Test
    @Tag("gpu")
    void aRunStoppedAndResumedOnTheGpuEndsWhereTheUninterruptedRunEnds() throws Exception {
        requireCuda();
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(3, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        TrainConfig config = TrainerTest.config(200, 50);
        RunDirectory straight = RunDirectory.create(dir.resolve("a"), Json.MAPPER.createObjectNode());
        new Trainer(config, DeviceChoice.GPU, null, null).train(straight, train, null, null, false);
        RunDirectory split = RunDirectory.create(dir.resolve("b"), Json.MAPPER.createObjectNode());
        AtomicLong calls = new AtomicLong();
        new Trainer(config, DeviceChoice.GPU, null, () -> calls.incrementAndGet() == 100).train(split, train, null, null, false);
        new Trainer(config, DeviceChoice.GPU, null, null).train(RunDirectory.open(dir.resolve("b")), train, null, null, true);
        // cuDNN's algorithms are not forced to be deterministic: the two runs agree to rounding, not bit for bit
        float[] a = TrainerTest.parameters(straight.lastCheckpoint());
        float[] b = TrainerTest.parameters(split.lastCheckpoint());
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertThat(max).isLessThan(1e-3);
    }
}
