package org.unet4j.apitest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.api.BioImageIo;
import org.unet4j.api.CancelToken;
import org.unet4j.api.Evaluation;
import org.unet4j.api.Images;
import org.unet4j.api.Samples;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.api.TrainSettings;
import org.unet4j.api.Training;
import org.unet4j.api.TrainingProgress;
import org.unet4j.api.TrainingResult;
import org.unet4j.app.ModelExport;
import org.unet4j.bioimageio.Author;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.eval.CellResult;
import org.unet4j.eval.IsbiResult;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Prediction;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.Target;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.Blobs;
import org.unet4j.train.Schedule;

/**
 * The public API end to end, used as a caller outside the library uses it (this package is none of
 * the library's, so nothing package-private can be reached; {@link Blobs} only draws test pictures):
 * train a tiny net on in-memory samples
 * into a run folder, reopen it, segment an in-memory image and a file, evaluate. Keeps the API from
 * breaking silently.
 */
class PublicApiTest {
    @TempDir
    Path tmp;

    /** {@code n} 64x64 instance samples of touching blobs made with the public API. */
    private static List<SegmentationSample> blobs(int n, long seed) {
        List<SegmentationSample> out = new ArrayList<>();
        for (SegmentationSample b : Blobs.samples(n, 64, seed)) {
            out.add(Samples.fromInstances(n == 1 ? "val" : b.name(), b.image(), b.instances()));
        }
        return out;
    }

    @Test
    void trainSaveReopenSegmentAndEvaluateThroughThePublicApiOnly() throws Exception {
        List<SegmentationSample> train = blobs(3, 1);
        List<SegmentationSample> validation = blobs(1, 10);

        TrainSettings settings = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4)).withTile(60)
                .withBatch(2).withIterations(6).withValidationAndCheckpoints(3, 3);
        List<TrainingProgress> events = new ArrayList<>();
        Path run = tmp.resolve("run");
        TrainingResult r = Training.of(train, validation, settings).onProgress(events::add).run(run, new CancelToken());

        assertThat(r.iterations()).isEqualTo(6);
        assertThat(r.stopped()).isFalse();
        assertThat(r.lastValidation()).containsKeys("loss", "iou", "dice");
        assertThat(r.report()).exists();
        assertThat(run.resolve("config.json")).exists();
        assertThat(run.resolve("train.csv")).exists();
        assertThat(run.resolve("checkpoints").resolve("last")).isDirectory();
        assertThat(events).anyMatch(e -> e.kind() == TrainingProgress.Kind.STEP && e.iteration() == 6 && e.totalIterations() == 6
                && Double.isFinite(e.loss()));
        assertThat(events).anyMatch(e -> e.kind() == TrainingProgress.Kind.VALIDATION && e.validation().containsKey("iou"));

        SegmentationSample blob = Blobs.samples(1, 80, 20).get(0);
        LabelImage testIds = blob.instances();
        Image test = blob.image();
        Path testFile = tmp.resolve("test.tif");
        Images.writeFloat(testFile, test.pixels(), test.height(), test.width());
        try (Segmenter seg = Segmenter.open(run, SegmentOptions.defaults().withTile(60))) {
            assertThat(seg.config().numClasses()).isEqualTo(2);
            Segmentation s = seg.segment(test);
            assertThat(s.height()).isEqualTo(80);
            assertThat(s.width()).isEqualTo(80);
            assertThat(s.numClasses()).isEqualTo(2);
            assertThat(s.labels().labels()).hasSize(80 * 80);
            assertThat(s.foreground()).hasSize(80 * 80);
            assertThat(s.instances()).isNotNull();
            for (int i = 0; i < 80 * 80; i++) {
                assertThat(s.probability(0)[i] + s.probability(1)[i]).isCloseTo(1f, offset(1e-4f));
            }

            List<Segmentation> fromFile = seg.segment(testFile);
            assertThat(fromFile).hasSize(1);
            assertThat(fromFile.get(0).labels().labels()).isEqualTo(s.labels().labels());

            Path out = tmp.resolve("pred");
            List<String> written = seg.writeOutputs(testFile, out, Progress.NONE);
            assertThat(written).contains("test_prob.tif", "test_fg.tif", "test_labels.tif", "test_instances.tif");
            assertThat(out.resolve("test_instances.tif")).exists();

            CellResult cells = Evaluation.cells(List.of(s.instances()), List.of(testIds));
            assertThat(cells.images()).isEqualTo(1);
            assertThat(cells.iou().value()).isBetween(0.0, 1.0);
            Path gt = tmp.resolve("gt.tif");
            Images.writeLabels(gt, testIds);
            CellResult fromFiles = Evaluation.cells(out.resolve("test_instances.tif"), gt);
            assertThat(fromFiles.iou().value()).isEqualTo(cells.iou().value());
            assertThat(fromFiles.seg().value()).isEqualTo(cells.seg().value());

            int[] binary = new int[80 * 80];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = testIds.labels()[i] > 0 ? 1 : 0;
            }
            IsbiResult em = Evaluation.isbi2012(List.of(s.foreground()), List.of(binary), 80, 80);
            assertThat(em.slices()).isEqualTo(1);

            // withThresholds: the watershed of unet predict --seed-threshold 0.6 --flood-threshold 0.3
            PostProcessing cli = PostProcessing.forModel(ModelFiles.readInfo(seg.modelDir()).metadata(), 1, PostProcessing.Method.WATERSHED,
                    0.6, 0.3, 0);
            PostProcessing.Outputs expected = cli.apply(new Prediction(80, 80, s.probabilities()), true);
            try (Segmenter ws = Segmenter.open(run, SegmentOptions.defaults().withTile(60).withPostProcess(PostProcessing.Method.WATERSHED)
                    .withThresholds(0.6, 0.3))) {
                Segmentation t = ws.segment(test);
                assertThat(t.foreground()).isEqualTo(expected.foreground());
                assertThat(t.instances().labels()).isEqualTo(expected.instances().labels());
            }
        }
        assertThat(Files.list(run).map(p -> p.getFileName().toString())).contains("report.html", "curves.png");
    }

    @Test
    void exportReopenAndFineTuneThroughThePublicApiOnly() throws Exception {
        List<SegmentationSample> train = blobs(3, 1);
        List<SegmentationSample> validation = blobs(1, 10);
        TrainSettings settings = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4)).withTile(60)
                .withBatch(2).withIterations(4).withValidationAndCheckpoints(2, 2);
        Path run = tmp.resolve("run");
        Training.of(train, validation, settings).withReport(false).run(run, CancelToken.none());

        Image test = Blobs.samples(1, 80, 20).get(0).image();
        Path testFile = tmp.resolve("test.tif");
        Images.writeFloat(testFile, test.pixels(), test.height(), test.width());
        Path zip = BioImageIo.export(run, tmp.resolve("blobs.zip"), new ModelExport.Options("U-Net blobs", null,
                List.of(new Author("Ada Lovelace", null, null)), "MIT", List.of(), testFile), Progress.NONE);
        assertThat(zip).isRegularFile();
        Segmentation direct;
        try (Segmenter seg = Segmenter.open(run, SegmentOptions.defaults())) {
            direct = seg.segment(test);
        }
        try (Segmenter seg = Segmenter.open(zip, SegmentOptions.defaults())) {
            assertThat(seg.config().depth()).isEqualTo(2);
            assertThat(seg.segment(test).labels().labels()).isEqualTo(direct.labels().labels());
        }

        Path tuned = tmp.resolve("tuned");
        TrainingResult r = Training.of(train, validation, settings.withIterations(1)).withInit(zip).withReport(false).run(tuned,
                CancelToken.none());
        assertThat(r.iterations()).isEqualTo(1);
        assertThat(Files.readString(tuned.resolve("config.json"))).contains("\"parent\"");
        assertThatThrownBy(() -> Training.of(train, validation, settings).withInit(tmp.resolve("none")).run(tmp.resolve("x"),
                CancelToken.none())).isInstanceOf(InvalidInputException.class).hasMessageContaining("no such folder");
    }

    @Test
    void presetsAreSettingsAsTheCommandLineMakesThem() {
        TrainSettings nuclei = TrainSettings.nuclei();
        assertThat(nuclei.config().weightMaps().target()).isEqualTo(Target.CONTOURS);
        assertThat(nuclei.config().weightMaps().classWeights()).isEqualTo(ClassWeightMode.SQRT);
        assertThat(nuclei.config().network().norm()).isEqualTo(UNetConfig.Norm.BATCH);
        assertThat(nuclei.config().schedule().kind()).isEqualTo(Schedule.Kind.POLY);
        assertThat(nuclei.config().tile()).isEqualTo(TrainSettings.paper().config().tile());
        TrainSettings cells = TrainSettings.cells();
        assertThat(cells.config().weightMaps().target()).isEqualTo(Target.CLASSES);
        assertThat(cells.config().weightMaps().classWeights()).isEqualTo(ClassWeightMode.BALANCED);
        assertThat(cells.config().network().norm()).isEqualTo(UNetConfig.Norm.BATCH);
        // contours need instances: a binary sample set is refused in one line before anything is written
        List<SegmentationSample> binary = new ArrayList<>();
        for (SegmentationSample s : Blobs.samples(2, 40, 3)) {
            binary.add(new SegmentationSample(s.name(), s.image(), s.classes(), null, null));
        }
        Path run = tmp.resolve("refused-contours");
        assertThatThrownBy(() -> Training.of(binary, List.of(), nuclei.withIterations(1)).run(run, CancelToken.none()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("target contours needs instance labels")
                .hasMessageContaining("(label mode instances) or use target classes");
        assertThat(run).doesNotExist();
    }

    @Test
    void badInputIsAnInvalidInputExceptionWithAOneLineMessage() {
        assertThatThrownBy(() -> Segmenter.open(tmp.resolve("nothing"), SegmentOptions.defaults()))
                .isInstanceOf(InvalidInputException.class).message().doesNotContain("\n");
        assertThatThrownBy(() -> SegmentOptions.defaults().withBatch(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SegmentOptions.defaults().withMinSize(-1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SegmentOptions.defaults().withThresholds(1.5, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1.5");
        assertThat(SegmentOptions.defaults().withThresholds(0.7, null).withTile(92).seedThreshold()).isEqualTo(0.7);
        assertThatThrownBy(() -> TrainSettings.paper().withTile(570)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("570");
        assertThatThrownBy(() -> TrainSettings.paper().withMinutes(-1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Training.of(List.of(), List.of(), TrainSettings.paper())).isInstanceOf(InvalidInputException.class);
        LabelImage a = Blobs.samples(1, 32, 1).get(0).instances();
        LabelImage b = Blobs.samples(1, 40, 1).get(0).instances();
        assertThatThrownBy(() -> Evaluation.cells(List.of(a), List.of(b))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Evaluation.cells(List.of(a), List.of(a), 1.5)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aCancelledTrainingStopsWithACheckpoint() throws Exception {
        SegmentationSample blob = Blobs.samples(1, 64, 3).get(0);
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        TrainSettings settings = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4)).withTile(60)
                .withIterations(100);
        TrainingResult r = Training.of(List.of(Samples.fromInstances("a", blob.image(), blob.instances())), List.of(), settings).withReport(false)
                .run(tmp.resolve("stopped"), cancel);
        assertThat(r.stopped()).isTrue();
        assertThat(r.iterations()).isLessThan(100);
        assertThat(r.report()).isNull();
        assertThat(tmp.resolve("stopped").resolve("checkpoints").resolve("last")).isDirectory();

        // resumed with the same samples, it runs to the run's own 100 iterations
        Training again = Training.of(List.of(Samples.fromInstances("a", blob.image(), blob.instances())), List.of(), settings)
                .withReport(false);
        TrainingResult resumed = again.resume(tmp.resolve("stopped"), CancelToken.none());
        assertThat(resumed.stopped()).isFalse();
        assertThat(resumed.iterations()).isEqualTo(100);
        assertThatThrownBy(() -> again.resume(tmp.resolve("stopped"), CancelToken.none())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> again.resume(tmp.resolve("none"), CancelToken.none())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aMovingAverageOfTheWeightsIsASettingThatReachesTheRun() throws Exception {
        SegmentationSample blob = Blobs.samples(1, 64, 4).get(0);
        TrainSettings settings = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4)).withTile(60)
                .withIterations(3).withEma(0.95);
        assertThat(settings.config().ema()).isEqualTo(0.95);
        assertThat(TrainSettings.paper().config().ema()).as("the paper's: none").isZero();
        Path run = tmp.resolve("averaged");
        Training.of(List.of(Samples.fromInstances("a", blob.image(), blob.instances())), List.of(), settings).withReport(false)
                .run(run, CancelToken.none());
        assertThat(Files.readString(run.resolve("config.json"))).containsPattern("\"ema\"\\s*:\\s*0\\.95");
        assertThat(run.resolve("checkpoints").resolve("last").resolve("average").resolve("weights.pt")).isRegularFile();
        assertThatThrownBy(() -> settings.withEma(1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("weight-average decay 1.0 is out of range; use 0 (no average) or a decay below 1, e.g. 0.999 (about the last"
                        + " 1,000 steps)");
    }
}
