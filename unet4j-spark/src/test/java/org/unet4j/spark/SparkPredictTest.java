package org.unet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.api.CancelToken;
import org.unet4j.api.Samples;
import org.unet4j.api.TrainSettings;
import org.unet4j.api.Training;
import org.unet4j.app.ModelSource;
import org.unet4j.app.PredictionFiles;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Precision;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.TiffCompression;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.Blobs;

/**
 * spark-predict on {@code local[2,4]} (two task slots, four attempts per task) against
 * {@code unet predict}'s own writer ({@link PredictionFiles}) in this JVM: byte-identical outputs
 * for a 40-slice stack and a folder of single images, under injected task failures, and after a
 * crashed job or deleted outputs, where a re-run computes only what is missing.
 */
class SparkPredictTest {
    private static final int SLICES = 40;
    private static final int SIZE = 64;
    private static final int IMAGES = 10;

    @TempDir
    static Path tmp;

    static JavaSparkContext sc;
    static Path run;
    static Path stack;
    static Path folder;

    @BeforeAll
    static void trainAndStart() throws InterruptedException {
        List<SegmentationSample> train = new ArrayList<>();
        for (SegmentationSample b : Blobs.samples(3, 64, 1)) {
            train.add(Samples.fromInstances(b.name(), b.image(), b.instances()));
        }
        SegmentationSample v = Blobs.samples(1, 64, 10).get(0);
        TrainSettings settings = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4)).withTile(60)
                .withBatch(2).withIterations(4).withValidationAndCheckpoints(2, 2);
        run = tmp.resolve("run");
        Training.of(train, List.of(Samples.fromInstances("val", v.image(), v.instances())), settings).withReport(false)
                .run(run, CancelToken.none());

        List<float[]> pages = new ArrayList<>();
        for (SegmentationSample b : Blobs.samples(SLICES, SIZE, 7)) {
            pages.add(b.image().pixels());
        }
        stack = tmp.resolve("stack.tif");
        ImageFiles.writeFloatTiff(stack, pages, SIZE, SIZE);
        folder = tmp.resolve("images");
        int k = 0;
        for (SegmentationSample b : Blobs.samples(IMAGES, SIZE, 99)) {
            ImageFiles.writeFloatTiff(folder.resolve(String.format("img%02d.tif", k++)), List.of(b.image().pixels()), SIZE, SIZE);
        }
        NativeEngine.load();
        NativeEngine.setThreads(1);
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName("unet4j-spark test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    static JobSpec spec(Path out, boolean instances, PostProcessing.Method post) {
        return new JobSpec(out.toString(), PredictionFiles.Layout.SUFFIX, 60, 1, 2L << 30, false, Precision.FP32, instances, 0, post, null,
                null, 1, true, 1, 0, 0, -1);
    }

    /** The outputs of unet predict's writer for {@code inputs} with the options of {@code spec}, in {@code ref}. */
    static void reference(JobSpec spec, Path ref, List<Path> inputs) {
        try (ModelSource source = ModelSource.open(run)) {
            ModelFiles.ModelInfo info = ModelFiles.readInfo(source.modelDir());
            PostProcessing post = PostProcessing.forModel(info.metadata(), spec.foregroundClass(), spec.postprocess(), spec.seedThreshold(),
                    spec.floodThreshold(), spec.minSize());
            try (UNet net = ModelFiles.load(info)) {
                ImagePredictor model = ImagePredictor.of(new Predictor(net, spec.predictOptions()), Preprocessing.normalization(info.metadata()),
                        info.dir().toString());
                PredictionFiles writer = new PredictionFiles(model, ref, spec.layout(), post, spec.instances(), spec.overlay());
                for (Path f : PredictJob.inputs(inputs).stream().map(PredictJob.Input::file).toList()) {
                    writer.predict(f, Progress.NONE, "");
                }
            }
        }
    }

    static PredictJob.Summary predict(JobSpec spec, List<Path> inputs) {
        return PredictJob.run(sc, PredictJob.plan(run, inputs, spec), line -> { });
    }

    /** Every file of {@code ref} is in {@code out} with the same bytes, and {@code out} holds nothing else but the job file. */
    static void assertSameFiles(Path ref, Path out) throws IOException {
        List<String> expected = names(ref);
        assertThat(expected).isNotEmpty();
        List<String> actual = new ArrayList<>(names(out));
        actual.remove(PredictJob.JOB_FILE);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        for (String n : expected) {
            assertThat(Files.readAllBytes(out.resolve(n))).as(n).isEqualTo(Files.readAllBytes(ref.resolve(n)));
        }
    }

    /** The files under {@code dir}, relative to it (hidden ones only at the top: the job file). */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aStackAndAFolderGiveTheBytesOfUnetPredict() throws IOException {
        JobSpec spec = spec(tmp.resolve("out1"), true, PostProcessing.Method.NONE);
        PredictJob.Summary s = predict(spec, List.of(stack, folder));
        assertThat(s.computed()).isEqualTo(SLICES + IMAGES);
        assertThat(s.slices()).isEqualTo(SLICES + IMAGES);
        Path ref = tmp.resolve("ref1");
        reference(spec, ref, List.of(stack, folder));
        assertSameFiles(ref, tmp.resolve("out1"));
        assertThat(ImageFiles.readImages(tmp.resolve("out1/stack_prob.tif"))).hasSize(2 * SLICES);
    }

    @Test
    void watershedWithInjectedFirstAttemptFailuresStillGivesTheSameBytes() throws IOException {
        JobSpec s0 = spec(tmp.resolve("out2"), true, PostProcessing.Method.WATERSHED);
        JobSpec spec = new JobSpec(s0.out(), PredictionFiles.Layout.FOLDERS, s0.tile(), s0.batch(), s0.memoryBytes(), s0.tta(),
                s0.precision(), true, 3, PostProcessing.Method.WATERSHED, null, null, 1, true, 1, 0, 3, -1);
        PredictJob.Summary s = predict(spec, List.of(stack));
        assertThat(s.computed()).isEqualTo(SLICES);
        assertThat(tmp.resolve("out2/instances/stack.tif")).exists();
        Path ref = tmp.resolve("ref2");
        reference(spec, ref, List.of(stack));
        assertSameFiles(ref, tmp.resolve("out2"));
    }

    @Test
    void aReRunAfterDeletedOutputsOrACrashedJobComputesOnlyWhatIsMissing() throws IOException {
        Path out = tmp.resolve("out3");
        JobSpec spec = spec(out, false, PostProcessing.Method.NONE);
        Path ref = tmp.resolve("ref3");
        reference(spec, ref, List.of(stack, folder));

        // a job that dies: every attempt of the slices from 25 on fails
        assertThatThrownBy(() -> predict(spec.withFailures(0, 25), List.of(stack, folder))).isInstanceOf(Exception.class)
                .hasMessageContaining("injected failure");
        long parts;
        try (Stream<Path> s = Files.list(SlicePart.folder(out, "stack"))) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
        assertThat(parts).isLessThanOrEqualTo(25);
        assertThat(out.resolve("stack_prob.tif")).doesNotExist();
        long singlesDone = 0;
        for (int k = 0; k < IMAGES; k++) {
            singlesDone += OutputNames.complete(out, String.format("img%02d", k), spec) ? 1 : 0;
        }
        PredictJob.Summary resumed = predict(spec, List.of(stack, folder));
        assertThat(resumed.computed()).isEqualTo(SLICES - parts + IMAGES - singlesDone);
        assertThat(resumed.skipped()).isEqualTo(parts + singlesDone);
        assertSameFiles(ref, out);

        // half of the single images lose an output: only those five are predicted again
        for (int k = 0; k < IMAGES; k += 2) {
            Files.delete(out.resolve(String.format("img%02d_%s.tif", k, k % 4 == 0 ? "prob" : "labels")));
        }
        PredictJob.Summary again = predict(spec, List.of(stack, folder));
        assertThat(again.computed()).isEqualTo(IMAGES / 2);
        assertThat(again.skipped()).isEqualTo(SLICES + IMAGES / 2);
        assertSameFiles(ref, out);

        // other options into the same folder are refused before anything runs
        assertThatThrownBy(() -> PredictJob.plan(run, List.of(stack), spec(out, true, PostProcessing.Method.NONE)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("other options");
    }

    @Test
    void aNanPixelInOnePageStopsTheJobWithOneLineAndLeavesNoParts() throws IOException {
        List<float[]> pages = new ArrayList<>();
        for (SegmentationSample b : Blobs.samples(6, 32, 4)) {
            pages.add(b.image().pixels());
        }
        pages.get(2)[5] = Float.NaN;
        Path bad = tmp.resolve("nan.tif");
        ImageFiles.writeFloatTiff(bad, pages, 32, 32);
        Path out = tmp.resolve("out4");
        assertThatThrownBy(() -> predict(spec(out, false, PostProcessing.Method.NONE), List.of(bad)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nan.tif page 3").hasMessageContaining("NaN");
        assertThat(names(out)).containsExactly(PredictJob.JOB_FILE);
        assertThat(SlicePart.folder(out, "nan")).doesNotExist();
    }

    /** A large single image: blob-like bright discs on a gradient, with noise. */
    static Path largeImage(String name, int h, int w) {
        float[] px = new float[h * w];
        java.util.Random r = new java.util.Random(h * 31L + w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double disc = Math.max(0, Math.sin(x / 9.0) * Math.sin(y / 11.0));
                px[y * w + x] = (float) (0.2 + 0.0001 * (x + y) + 0.6 * disc * disc + 0.05 * r.nextGaussian());
            }
        }
        Path f = tmp.resolve(name);
        ImageFiles.writeFloatTiff(f, List.of(px), h, w);
        return f;
    }

    @Test
    void aLargeImageSplitIntoTilePartsGivesTheBytesOfUnetPredict() throws IOException {
        Path big = largeImage("big.tif", 3000, 3000);
        Path out = tmp.resolve("out5");
        JobSpec spec = new JobSpec(out.toString(), PredictionFiles.Layout.SUFFIX, 508, 1, 2L << 30, false, Precision.FP32, false, 0,
                PostProcessing.Method.NONE, null, null, 1, false, 1, 1_000_000, 0, -1);
        PredictJob.Plan plan = PredictJob.plan(run, List.of(big), spec);
        assertThat(plan.parts()).isGreaterThan(4);
        assertThat(plan.tasks()).hasSize((int) plan.parts());
        PredictJob.Summary s = PredictJob.run(sc, plan, line -> { });
        assertThat(s.lines().get(0)).contains("parts").contains("stitched");
        Path ref = tmp.resolve("ref5");
        reference(spec.withSplitAbove(0), ref, List.of(big));
        assertSameFiles(ref, out);
        assertThat(SlicePart.folder(out, "big")).doesNotExist();
    }

    @Test
    void splitImagesWithTtaInstancesAndWatershedOnTheDriverAndARunThatStoppedHalfway() throws IOException {
        Path img = largeImage("mid.tif", 420, 390);
        Path out = tmp.resolve("out6");
        JobSpec spec = new JobSpec(out.toString(), PredictionFiles.Layout.SUFFIX, 124, 1, 2L << 30, true, Precision.FP32, true, 3,
                PostProcessing.Method.WATERSHED, null, null, 1, true, 1, 30_000, 0, -1);
        Path ref = tmp.resolve("ref6");
        reference(spec.withSplitAbove(0), ref, List.of(img));

        // a job that stopped after half of its parts: the others are missing, nothing is written
        PredictJob.Plan plan = PredictJob.plan(run, List.of(img), spec);
        int n = plan.tasks().size();
        assertThat(n).isGreaterThanOrEqualTo(4);
        PredictJob.Plan half = new PredictJob.Plan(plan.spec(), plan.model(), plan.modelText(), plan.inputs(), plan.tasks().subList(0, n / 2),
                plan.slices(), plan.skippedSlices(), plan.skippedFiles(), plan.fingerprint(), n / 2, plan.items(), plan.skippedItems(),
                plan.inChannels(), plan.classes(), plan.post());
        assertThatThrownBy(() -> PredictJob.run(sc, half, line -> { })).hasMessageContaining("cannot stitch");
        assertThat(out.resolve("mid_prob.tif")).doesNotExist();

        PredictJob.Plan rest = PredictJob.plan(run, List.of(img), spec.withFailures(3, -1));
        assertThat(rest.tasks()).hasSize(n - n / 2);
        assertThat(rest.skippedItems()).isEqualTo(n / 2);
        PredictJob.run(sc, rest, line -> { });
        assertSameFiles(ref, out);
    }

    @Test
    void smallSlicesAreGroupedIntoAboutFourTasksPerCore() {
        assertThat(PredictJob.slicesPerTask(200, 2, 0)).isEqualTo(25);
        assertThat(PredictJob.slicesPerTask(5, 2, 0)).isEqualTo(1);
        assertThat(PredictJob.slicesPerTask(40, 4, 0)).isEqualTo(2);
        assertThat(PredictJob.slicesPerTask(40, 2, 3)).isEqualTo(3);
    }

    @Test
    void aPageIsReadWithTheValuesOfTheLibrary() {
        List<Image> all = ImageFiles.readImages(stack);
        for (int p : new int[] {0, 17, SLICES - 1}) {
            Image page = ImageFiles.readPage(stack, p);
            assertThat(page).isEqualTo(all.get(p));
        }
        Path labels = tmp.resolve("labels16.tif");
        List<LabelImage> pages = new ArrayList<>();
        for (SegmentationSample b : Blobs.samples(3, 32, 5)) {
            int[] v = b.instances().labels().clone();
            v[0] = 1000 + pages.size();
            pages.add(new LabelImage(32, 32, v));
        }
        ImageFiles.writeLabelImages(labels, pages, TiffCompression.NONE);
        List<Image> expected = ImageFiles.readImages(labels);
        for (int p = 0; p < 3; p++) {
            assertThat(ImageFiles.readPage(labels, p)).isEqualTo(expected.get(p));
        }
    }

    @Test
    void badInputIsOneLineAndExitTwoBeforeSparkStarts() {
        StringWriter err = new StringWriter();
        int status = SparkPredict.execute(new String[] {"--model", run.toString(), "--input", tmp.resolve("missing").toString(), "--out",
            tmp.resolve("never").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("unet spark-predict: --input").doesNotContain("\n");
        assertThat(tmp.resolve("never")).doesNotExist();

        StringWriter err2 = new StringWriter();
        int split = SparkPredict.execute(new String[] {"--model", run.toString(), "--input", stack.toString(), "--out",
            tmp.resolve("never").toString(), "--split-above", "-5"}, new PrintWriter(new StringWriter()), new PrintWriter(err2, true));
        assertThat(split).isEqualTo(2);
        assertThat(err2.toString()).contains("--split-above -5 is negative").doesNotContain("\n" + "unet");

        StringWriter err3 = new StringWriter();
        int tile = SparkPredict.execute(new String[] {"--model", run.toString(), "--input", stack.toString(), "--out",
            tmp.resolve("never").toString(), "--tile", "61"}, new PrintWriter(new StringWriter()), new PrintWriter(err3, true));
        assertThat(tile).isEqualTo(2);
        assertThat(err3.toString()).contains("tile");
        assertThat(tmp.resolve("never")).doesNotExist();
    }
}
