package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.StringTensorDict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.augment.AugmentParams;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.Tensors;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

public class TrainerTest {
    static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4);

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        NativeEngine.load();
    }

    static TrainConfig config(int iterations, int checkpointEvery) {
        return new TrainConfig(TINY, 60, 2, iterations, OptimizerConfig.sgd(0.002), Schedule.constant(), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE, AugmentParams.paper(), 5, 0, checkpointEvery, TrainConfig.BestMetric.AUTO, 2);
    }

    /** Every parameter of the model folder's network, in order (test helper shared with the CLI tests). */
    public static float[] parameters(Path model) {
        try (UNet net = ModelFiles.load(model); PointerScope s = new PointerScope()) {
            List<Float> all = new ArrayList<>();
            StringTensorDict d = net.namedParameters();
            for (long i = 0; i < d.size(); i++) {
                for (float f : Tensors.toFloats(d.get(i).value())) {
                    all.add(f);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    @Test
    void aStoppedAndResumedRunEndsExactlyWhereTheUninterruptedRunEnds() throws Exception {
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(3, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        TrainConfig config = config(12, 4);
        RunDirectory straight = RunDirectory.create(dir.resolve("a"), ModelFiles.JSON.createObjectNode());
        new Trainer(config, DeviceChoice.CPU, null, null).train(straight, train, null, null, false);

        RunDirectory split = RunDirectory.create(dir.resolve("b"), ModelFiles.JSON.createObjectNode());
        AtomicLong calls = new AtomicLong();
        Trainer.Result first = new Trainer(config, DeviceChoice.CPU, null, () -> calls.incrementAndGet() == 6)
                .train(split, train, null, null, false);
        assertThat(first.stopped()).isTrue();
        assertThat(RunDirectory.readState(split.lastCheckpoint()).iteration()).isEqualTo(6);
        Trainer.Result second = new Trainer(config, DeviceChoice.CPU, null, null).train(RunDirectory.open(dir.resolve("b")), train,
                null, null, true);
        assertThat(second.state().iteration()).isEqualTo(12);

        assertThat(parameters(split.checkpoint("last"))).containsExactly(parameters(straight.checkpoint("last")));
        List<String> csvA = Files.readAllLines(straight.dir().resolve(RunDirectory.CSV));
        List<String> csvB = Files.readAllLines(split.dir().resolve(RunDirectory.CSV));
        assertThat(csvB).hasSize(13);
        for (int i = 1; i < 13; i++) {
            // identical iteration, loss and learning rate; the seconds differ
            assertThat(csvB.get(i).split(",", 4)[1]).isEqualTo(csvA.get(i).split(",", 4)[1]);
        }
    }

    @Test
    void aTimeBudgetIsTheWholeRunsAndAResumedRunCountsTheTimeAlreadySpent() throws Exception {
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(2, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        RunDirectory run = RunDirectory.create(dir.resolve("t"), ModelFiles.JSON.createObjectNode());
        // a budget of a microsecond ends the run after its first step, as if the iterations were done
        Trainer.Result first = new Trainer(config(50, 10), DeviceChoice.CPU, null, null, 1e-6).train(run, train, null, null, false);
        assertThat(first.stopped()).isFalse();
        assertThat(first.state().iteration()).isEqualTo(1);
        assertThatThrownBy(() -> new Trainer(config(50, 10), DeviceChoice.CPU, null, null, 1e-6)
                .train(RunDirectory.open(run.dir()), train, null, null, true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has already trained")
                .hasMessageContaining("larger --minutes");
        Trainer.Result more = new Trainer(config(3, 10), DeviceChoice.CPU, null, null, 3600)
                .train(RunDirectory.open(run.dir()), train, null, null, true);
        assertThat(more.state().iteration()).isEqualTo(3);
    }

    @Test
    void aRunFolderIsTrainedByOneProcessAtATimeAndLeftoversOfKilledWritesGo() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("locked"), ModelFiles.JSON.createObjectNode());
        Path leftover = Files.createDirectories(run.dir().resolve("checkpoints/.last.tmp-123-456"));
        Path previous = Files.createDirectories(run.dir().resolve("checkpoints/.last.old"));
        try (RunDirectory.Lock lock = run.lock()) {
            assertThat(leftover).doesNotExist();
            assertThat(previous).as("the previous version of a checkpoint is kept").exists();
            assertThatThrownBy(() -> new Trainer(config(4, 2), DeviceChoice.CPU, null, null).train(RunDirectory.open(run.dir()),
                    Blobs.samples(1, 64, 1), null, null, false)).isInstanceOf(InvalidInputException.class).hasMessageContaining("another training is writing this run");
        }
        run.lock().close();
    }

    @Test
    void resumeDropsCsvRowsWrittenAfterTheLastCheckpointAndRejectsMissingCheckpoints() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("r"), ModelFiles.JSON.createObjectNode());
        assertThatThrownBy(run::lastCheckpoint).isInstanceOf(InvalidInputException.class).hasMessageContaining("no checkpoint");
        for (int i = 1; i <= 7; i++) {
            run.appendCsv(i, 0.5, 0.01, i, null);
        }
        Files.writeString(run.dir().resolve(RunDirectory.CSV), "1", java.nio.file.StandardOpenOption.APPEND); // torn row "12,..."
        run.truncateCsv(4);
        assertThat(Files.readAllLines(run.dir().resolve(RunDirectory.CSV))).hasSize(5).last().asString().startsWith("4,");
        Files.createDirectories(run.checkpoint("last"));
        assertThatThrownBy(run::lastCheckpoint).isInstanceOf(InvalidInputException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> RunDirectory.create(dir.resolve("r"), ModelFiles.JSON.createObjectNode()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> RunDirectory.open(dir.resolve("nothing")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a training run folder");
    }
}
