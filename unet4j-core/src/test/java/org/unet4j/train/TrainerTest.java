package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.unet4j.io.Json;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.RunLayout;
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
                TrainConfig.ClassWeightScope.IMAGE, AugmentParams.paper(), 5, 0, checkpointEvery, TrainConfig.BestMetric.AUTO, 2, 0, TrainConfig.StallAction.WARN);
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
        RunDirectory straight = RunDirectory.create(dir.resolve("a"), Json.MAPPER.createObjectNode());
        new Trainer(config, DeviceChoice.CPU, null, null).train(straight, train, null, null, false);

        RunDirectory split = RunDirectory.create(dir.resolve("b"), Json.MAPPER.createObjectNode());
        AtomicLong calls = new AtomicLong();
        Trainer.Result first = new Trainer(config, DeviceChoice.CPU, null, () -> calls.incrementAndGet() == 6)
                .train(split, train, null, null, false);
        assertThat(first.stopped()).isTrue();
        assertThat(RunDirectory.readState(split.lastCheckpoint()).iteration()).isEqualTo(6);
        Trainer.Result second = new Trainer(config, DeviceChoice.CPU, null, null).train(RunDirectory.open(dir.resolve("b")), train,
                null, null, true);
        assertThat(second.state().iteration()).isEqualTo(12);

        assertThat(parameters(split.checkpoint(RunLayout.Checkpoint.LAST))).containsExactly(parameters(straight.checkpoint(RunLayout.Checkpoint.LAST)));
        List<String> csvA = Files.readAllLines(straight.dir().resolve(RunLayout.CSV));
        List<String> csvB = Files.readAllLines(split.dir().resolve(RunLayout.CSV));
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
        RunDirectory run = RunDirectory.create(dir.resolve("t"), Json.MAPPER.createObjectNode());
        // a budget of a microsecond ends the run after its first step, as if the iterations were done
        Trainer.Result first = new Trainer(config(50, 10), DeviceChoice.CPU, null, null, 1e-6).train(run, train, null, null, false);
        assertThat(first.stopped()).isFalse();
        assertThat(first.state().iteration()).isEqualTo(1);
        assertThatThrownBy(() -> new Trainer(config(50, 10), DeviceChoice.CPU, null, null, 1e-6)
                .train(RunDirectory.open(run.dir()), train, null, null, true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has already trained")
                .hasMessageContaining("larger time budget in minutes");
        Trainer.Result more = new Trainer(config(3, 10), DeviceChoice.CPU, null, null, 3600)
                .train(RunDirectory.open(run.dir()), train, null, null, true);
        assertThat(more.state().iteration()).isEqualTo(3);
    }

    @Test
    void aRunFolderIsTrainedByOneProcessAtATimeAndLeftoversOfKilledWritesGo() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("locked"), Json.MAPPER.createObjectNode());
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
        RunDirectory run = RunDirectory.create(dir.resolve("r"), Json.MAPPER.createObjectNode());
        assertThatThrownBy(run::lastCheckpoint).isInstanceOf(InvalidInputException.class).hasMessageContaining("no checkpoint");
        for (int i = 1; i <= 7; i++) {
            run.appendCsv(i, 0.5, 0.01, i, null);
        }
        Files.writeString(run.dir().resolve(RunLayout.CSV), "1", StandardOpenOption.APPEND); // torn row "12,..."
        run.truncateCsv(4);
        assertThat(Files.readAllLines(run.dir().resolve(RunLayout.CSV))).hasSize(5).last().asString().startsWith("4,");
        Files.createDirectories(run.checkpoint(RunLayout.Checkpoint.LAST));
        assertThatThrownBy(run::lastCheckpoint).isInstanceOf(InvalidInputException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> RunDirectory.create(dir.resolve("r"), Json.MAPPER.createObjectNode()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> RunDirectory.open(dir.resolve("nothing")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a training run folder");
    }
    /**
     * A network that dies without a NaN: SGD at learning rate 0.05 with momentum 0.99 kills the ReLUs of
     * the tiny net within 100 steps (the loss stays finite), the collapse of docs/TRAINING.md in small.
     */
    private static TrainConfig dying(int iterations, TrainConfig.StallAction action) {
        return new TrainConfig(TINY, 60, 2, iterations, OptimizerConfig.sgd(0.05), Schedule.constant(), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE, AugmentParams.paper(), 5, 0, 1000, TrainConfig.BestMetric.AUTO, 1, 0, action);
    }

    private static Trainer.Result trainDying(RunDirectory run, int iterations, TrainConfig.StallAction action, org.unet4j.Progress progress)
            throws InterruptedException {
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(3, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        return new Trainer(dying(iterations, action), DeviceChoice.CPU, progress, null).train(run, train, null, null, false);
    }

    @Test
    void aNetworkThatStopsLearningWithoutNaNIsReportedInTheConsoleLogCsvAndResult() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("dead"), Json.MAPPER.createObjectNode());
        List<String> warnings = new ArrayList<>();
        org.unet4j.Progress progress = new org.unet4j.Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void step(long done, String status) {
            }

            @Override
            public void done() {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        Trainer.Result r = trainDying(run, 130, TrainConfig.StallAction.WARN, progress);
        assertThat(Double.isFinite(r.state().lossAverage())).isTrue();
        assertThat(r.stalledAt()).isBetween(100L, 130L);
        assertThat(r.stopped()).isFalse();
        assertThat(r.state().iteration()).isEqualTo(130);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("warning: the network has stopped learning at iteration " + r.stalledAt() + ":")
                .contains("inactive").contains("try gradient-norm limit 1, warm-up 500").doesNotContain("\n");
        assertThat(Files.readString(run.dir().resolve(RunLayout.LOG))).contains(warnings.get(0));
        List<String> csv = Files.readAllLines(run.dir().resolve(RunLayout.CSV));
        assertThat(csv.get(0)).endsWith(",state");
        assertThat(csv.get((int) r.stalledAt() - 1)).doesNotEndWith(Trainer.STALLED);
        assertThat(csv.get((int) r.stalledAt())).endsWith("," + Trainer.STALLED);
        assertThat(csv.get(csv.size() - 1)).endsWith("," + Trainer.STALLED);
        assertThat(org.unet4j.app.RunReport.stallNotes(run)).containsExactly(warnings.get(0));
    }

    @Test
    void onStallRestartGoesBackWithALowerLearningRateAndTheStateRemembersIt() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("restart"), Json.MAPPER.createObjectNode());
        Trainer.Result r = trainDying(run, 160, TrainConfig.StallAction.RESTART, null);
        assertThat(r.stalledAt()).isPositive();
        assertThat(r.state().iteration()).isEqualTo(160);
        assertThat(r.state().restarts()).isBetween(1, Trainer.MAX_RESTARTS);
        assertThat(r.state().lrScale()).isCloseTo(Math.pow(1 / Trainer.RESTART_LR_FACTOR, r.state().restarts()),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RunDirectory.readState(run.lastCheckpoint()).lrScale()).isEqualTo(r.state().lrScale());
        String log = Files.readString(run.dir().resolve(RunLayout.LOG));
        assertThat(log).contains("restart 1 of 3 at iteration ").contains("a new initialisation (no live best checkpoint yet)")
                .contains("optimizer state reset (stall action restart)").doesNotContain("--on-stall");
        // the report repeats the restart, whatever the naming of the log's settings
        assertThat(org.unet4j.app.RunReport.stallNotes(run)).anyMatch(n -> n.startsWith("restart 1 of 3 at iteration "));
        // the learning rate after the restart: warm-up from the restart at a third of the rate
        List<String> csv = Files.readAllLines(run.dir().resolve(RunLayout.CSV));
        long first = r.stalledAt();
        assertThat(csv.get((int) first)).endsWith("," + Trainer.STALLED);
        double lrAfter = Double.parseDouble(csv.get((int) first + 1).split(",")[2]);
        assertThat(lrAfter).isLessThanOrEqualTo(0.05 / 3 + 1e-6); // train.csv keeps 6 significant digits
    }

    @Test
    void onStallStopEndsTheRunWithACheckpoint() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("stop"), Json.MAPPER.createObjectNode());
        Trainer.Result r = trainDying(run, 400, TrainConfig.StallAction.STOP, null);
        assertThat(r.stoppedForStall()).isTrue();
        assertThat(r.state().iteration()).isEqualTo(r.stalledAt()).isLessThan(400);
        assertThat(RunDirectory.readState(run.lastCheckpoint()).iteration()).isEqualTo(r.stalledAt());
        assertThat(Files.readString(run.dir().resolve(RunLayout.LOG))).contains("because the network stopped learning");
    }

    @Test
    void diagnosticsRecordEveryLayerAndParameter() throws Exception {
        List<SegmentationSample> train = Trainer.withWeightMaps(Blobs.samples(2, 64, 1), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE);
        RunDirectory run = RunDirectory.create(dir.resolve("diag"), Json.MAPPER.createObjectNode());
        new Trainer(config(4, 10).withDiagnostics(2), DeviceChoice.CPU, null, null).train(run, train, null, null, false);
        List<String> rows = Files.readAllLines(run.dir().resolve(RunLayout.DIAGNOSTICS));
        assertThat(rows.get(0)).isEqualTo("iteration,lr,loss,kind,name,mean,std,zero_fraction,dead_channels,norm,grad_norm");
        // iterations 0 and 2; per step 2 levels x 2 convs + 2 pools, bottom 2, per up level upconv, concat, 2 convs; head
        long layers = rows.stream().filter(l -> l.startsWith("0,") && l.contains(",activation,")).count();
        assertThat(layers).isEqualTo(2 * 3 + 2 + 2 * 4 + 1);
        assertThat(rows).anyMatch(l -> l.startsWith("2,") && l.contains(",parameter,down0.conv1.weight,"));
        assertThat(rows).anyMatch(l -> l.startsWith("2,") && l.contains(",output,spread,"));
        assertThat(rows).noneMatch(l -> l.startsWith("1,") || l.startsWith("3,"));
    }
}
