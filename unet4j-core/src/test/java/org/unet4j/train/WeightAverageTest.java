package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.StringTensorDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.Json;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.RunLayout;
import org.unet4j.model.Tensors;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/** The exponential moving average of the weights ({@code unet train --ema}): its decay, its update, its checkpoints and resume. */
class WeightAverageTest {
    @TempDir
    Path dir;

    @Test
    void theDecayMakesTheAverageTheStepsWeightsWeightedByDecayToTheirAgeAndNormalised() {
        TrainConfig c = TrainerTest.config(10, 5).withEma(0.9);
        assertThat(c.averagesWeights()).isTrue();
        assertThat(c.emaDecayAt(1)).isZero();
        assertThat(c.emaDecayAt(1_000_000)).isCloseTo(0.9, within(1e-12));
        double[] w = {3, -1, 4, 1, -5, 9, 2, 6};
        double average = 0;
        for (int t = 1; t <= w.length; t++) {
            double d = c.emaDecayAt(t);
            average = d * average + (1 - d) * w[t - 1];
            double sum = 0;
            double norm = 0;
            for (int s = 1; s <= t; s++) {
                sum += Math.pow(0.9, t - s) * w[s - 1];
                norm += Math.pow(0.9, t - s);
            }
            assertThat(average).as("after step " + t).isCloseTo(sum / norm, within(1e-12));
        }
        assertThat(TrainerTest.config(10, 5).averagesWeights()).as("the paper's: no average").isFalse();
    }

    @Test
    void aDecayOutsideZeroToOneIsRefusedInTheLibrarysWords() {
        for (double bad : new double[] {1, 1.5, -0.1, Double.NaN}) {
            assertThatThrownBy(() -> TrainerTest.config(10, 5).withEma(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("weight-average decay").hasMessageContaining("is out of range").hasMessageContaining("0.999");
        }
    }

    @Test
    void updateAverageBlendsParametersAndRunningStatisticsAndCopiesTheStepCount() {
        NativeEngine.load();
        UNetConfig bn = TrainerTest.TINY.withNorm(UNetConfig.Norm.BATCH);
        UNet.seed(1);
        try (UNet a = UNet.create(bn); UNet b = UNet.create(bn); PointerScope scope = new PointerScope()) {
            UNet.seed(2);
            b.initialise();
            StringTensorDict bufB = b.namedBuffers();
            for (long i = 0; i < bufB.size(); i++) {
                if (bufB.get(i).key().getString().endsWith("running_mean")) {
                    bufB.get(i).value().fill_(new org.bytedeco.pytorch.Scalar(2.0));
                } else if (bufB.get(i).key().getString().endsWith("num_batches_tracked")) {
                    bufB.get(i).value().fill_(new org.bytedeco.pytorch.Scalar(7));
                }
            }
            float[] pa = flat(a.namedParameters());
            float[] pb = flat(b.namedParameters());
            a.updateAverage(b, 0.75);
            float[] blended = flat(a.namedParameters());
            for (int i = 0; i < pa.length; i++) {
                assertThat(blended[i]).isCloseTo(0.75f * pa[i] + 0.25f * pb[i], within(1e-6f));
            }
            StringTensorDict bufA = a.namedBuffers();
            int seen = 0;
            for (long i = 0; i < bufA.size(); i++) {
                String name = bufA.get(i).key().getString();
                if (name.endsWith("running_mean")) {
                    // a fresh running mean is 0: 0.75 * 0 + 0.25 * 2
                    assertThat(Tensors.toFloats(bufA.get(i).value())).containsOnly(0.5f);
                    seen++;
                } else if (name.endsWith("num_batches_tracked")) {
                    assertThat(bufA.get(i).value().item_long()).isEqualTo(7);
                }
            }
            assertThat(seen).as("batch-norm layers").isPositive();
            assertThatThrownBy(() -> a.updateAverage(b, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void withoutValidationTheAverageIsTheBestCheckpointAndAStoppedRunResumesItExactly() throws Exception {
        NativeEngine.load();
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(3, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        TrainConfig config = TrainerTest.config(12, 4).withEma(0.8);
        RunDirectory straight = RunDirectory.create(dir.resolve("a"), Json.MAPPER.createObjectNode());
        new Trainer(config, DeviceChoice.CPU, null, null).train(straight, train, null, null, false);
        Path last = straight.checkpoint(RunLayout.Checkpoint.LAST);
        Path average = last.resolve(RunDirectory.AVERAGE);
        assertThat(average.resolve(ModelFiles.WEIGHTS)).isRegularFile();
        float[] averaged = TrainerTest.parameters(average);
        assertThat(TrainerTest.parameters(straight.checkpoint(RunLayout.Checkpoint.BEST))).containsExactly(averaged);
        assertThat(averaged).isNotEqualTo(TrainerTest.parameters(last));
        assertThat(Files.readString(straight.dir().resolve(RunLayout.LOG))).contains("moving average of the weights (decay 0.8)");

        RunDirectory split = RunDirectory.create(dir.resolve("b"), Json.MAPPER.createObjectNode());
        AtomicLong calls = new AtomicLong();
        assertThat(new Trainer(config, DeviceChoice.CPU, null, () -> calls.incrementAndGet() == 6).train(split, train, null, null, false)
                .stopped()).isTrue();
        new Trainer(config, DeviceChoice.CPU, null, null).train(RunDirectory.open(split.dir()), train, null, null, true);
        Path lastB = split.checkpoint(RunLayout.Checkpoint.LAST);
        assertThat(TrainerTest.parameters(lastB)).containsExactly(TrainerTest.parameters(last));
        assertThat(TrainerTest.parameters(lastB.resolve(RunDirectory.AVERAGE))).containsExactly(averaged);
    }

    @Test
    void aCheckpointWithoutItsAverageIsNotResumed() throws Exception {
        NativeEngine.load();
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(2, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        TrainConfig config = TrainerTest.config(6, 2).withEma(0.9);
        RunDirectory run = RunDirectory.create(dir.resolve("r"), Json.MAPPER.createObjectNode());
        AtomicLong calls = new AtomicLong();
        new Trainer(config, DeviceChoice.CPU, null, () -> calls.incrementAndGet() == 2).train(run, train, null, null, false);
        Path average = run.checkpoint(RunLayout.Checkpoint.LAST).resolve(RunDirectory.AVERAGE);
        Files.delete(average.resolve(ModelFiles.WEIGHTS));
        Files.delete(average.resolve(ModelFiles.CONFIG));
        Files.delete(average);
        assertThatThrownBy(() -> new Trainer(config, DeviceChoice.CPU, null, null).train(RunDirectory.open(run.dir()), train, null, null,
                true)).isInstanceOf(InvalidInputException.class).hasMessageContaining("lacks the moving average of the weights");
    }

    private static float[] flat(StringTensorDict d) {
        int n = 0;
        for (long i = 0; i < d.size(); i++) {
            n += (int) d.get(i).value().numel();
        }
        float[] out = new float[n];
        int k = 0;
        for (long i = 0; i < d.size(); i++) {
            float[] f = Tensors.toFloats(d.get(i).value());
            System.arraycopy(f, 0, out, k, f.length);
            k += f.length;
        }
        return out;
    }
}
