package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.StringTensorDict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.augment.AugmentParams;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.Tensors;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

class TrainerTest {
    static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4);

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        NativeEngine.load();
    }

    /** Images of bright touching and separate disks on a noisy background, with instance labels. */
    static List<SegmentationSample> blobs(int n, int size, long seed) {
        Random r = new Random(seed);
        List<SegmentationSample> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] px = new float[size * size];
            int[] ids = new int[size * size];
            int objects = 3 + r.nextInt(4);
            for (int o = 1; o <= objects; o++) {
                double cy = 8 + r.nextDouble() * (size - 16);
                double cx = 8 + r.nextDouble() * (size - 16);
                double rad = 5 + r.nextDouble() * 5;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad) {
                            ids[y * size + x] = o;
                        }
                    }
                }
            }
            for (int i = 0; i < px.length; i++) {
                px[i] = (ids[i] > 0 ? 1f : 0f) + 0.3f * (float) r.nextGaussian();
            }
            LabelImage inst = new LabelImage(size, size, ids);
            int[] cls = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                cls[i] = ids[i] > 0 ? 1 : 0;
            }
            out.add(new SegmentationSample("blob" + k, Image.gray(size, size, px), new LabelImage(size, size, cls), inst, null));
        }
        return out;
    }

    static TrainConfig config(int iterations, int checkpointEvery) {
        return new TrainConfig(TINY, 60, 2, iterations, OptimizerConfig.sgd(0.002), Schedule.constant(), WeightMapParams.paper(),
                TrainConfig.ClassWeightScope.IMAGE, AugmentParams.paper(), 5, 0, checkpointEvery, TrainConfig.BestMetric.AUTO, 2);
    }

    private static float[] parameters(Path model) {
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
        List<SegmentationSample> train = Trainer.withWeightMaps(blobs(3, 64, 1), WeightMapParams.paper(),
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
    void resumeDropsCsvRowsWrittenAfterTheLastCheckpointAndRejectsMissingCheckpoints() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("r"), ModelFiles.JSON.createObjectNode());
        assertThatThrownBy(run::lastCheckpoint).isInstanceOf(InvalidInputException.class).hasMessageContaining("no checkpoint");
        for (int i = 1; i <= 7; i++) {
            run.appendCsv(i, 0.5, 0.01, i, null);
        }
        run.truncateCsv(4);
        assertThat(Files.readAllLines(run.dir().resolve(RunDirectory.CSV))).hasSize(5);
        Files.createDirectories(run.checkpoint("last"));
        assertThatThrownBy(run::lastCheckpoint).isInstanceOf(InvalidInputException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> RunDirectory.create(dir.resolve("r"), ModelFiles.JSON.createObjectNode()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> RunDirectory.open(dir.resolve("nothing")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a training run folder");
    }
}
