package org.unet4j.fiji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.data.Image;
import org.unet4j.fiji.bridge.Listener;

/**
 * The commands through their macro path, headless, as ImageJ runs run("unet4j ...", "options"):
 * a "Run$_" thread with macro options, images in memory (batch mode), no menus and no display. The
 * engine comes from the test class path here (the class-loader isolation is {@link IsolationTest}).
 */
class FijiCommandsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void batchMode() {
        Ij.batchMode(true);
    }

    @AfterAll
    static void noBatchMode() {
        Ij.batchMode(false);
    }

    @BeforeEach
    void noError() {
        Ui.clearLastError();
    }

    @Test
    void segmentMakesTheImagesOfUnetPredictEqualToTheLibrarysOwnSegmenter() throws Exception {
        Path run = TinyRun.get();
        ImagePlus source = Synthetic.image("blobs.tif", 80, 1, 20);
        long before = ImageConversion.checksum(source);
        SegmentCommand cmd = new SegmentCommand();
        Ij.run(cmd, "", "model=[" + run + "] tile=60 instances rois", source);
        assertThat(Ui.lastError()).isNull();
        SegmentCommand.Result r = cmd.lastResult();
        assertThat(r).isNotNull();
        assertThat(ImageConversion.checksum(source)).isEqualTo(before);

        assertThat(r.prob().getTitle()).isEqualTo("blobs_prob");
        assertThat(r.prob().getBitDepth()).isEqualTo(32);
        assertThat(r.prob().getNChannels()).isEqualTo(2);
        assertThat(r.labels().getTitle()).isEqualTo("blobs_labels");
        assertThat(r.labels().getBitDepth()).isEqualTo(8);
        assertThat(r.foreground().getTitle()).isEqualTo("blobs_fg");
        assertThat(r.instances().getTitle()).isEqualTo("blobs_instances");
        assertThat(r.instances().getBitDepth()).isEqualTo(16);
        assertThat(r.instances().getProcessor().getLut().getRGB(0) & 0xffffff).isZero();

        float[] pixels = (float[]) source.getProcessor().getPixels();
        try (Segmenter seg = Segmenter.open(run, SegmentOptions.defaults().withTile(60))) {
            Segmentation s = seg.segment(Image.gray(80, 80, pixels.clone()));
            assertThat(floats(r.prob().getStack().getProcessor(1))).isEqualTo(s.probability(0));
            assertThat(floats(r.prob().getStack().getProcessor(2))).isEqualTo(s.probability(1));
            assertThat(floats(r.foreground().getProcessor())).isEqualTo(s.foreground());
            assertThat(ints(r.labels().getProcessor())).isEqualTo(s.labels().labels());
            assertThat(ints(r.instances().getProcessor())).isEqualTo(s.instances().labels());
            assertThat(r.rois()).hasSize((int) Arrays.stream(s.instances().labels()).filter(v -> v > 0).distinct().count());
        }
    }

    @Test
    void thresholdsAreThoseOfTheLibrarysSegmentOptions() throws Exception {
        Path run = TinyRun.get();
        ImagePlus source = Synthetic.image("t.tif", 64, 1, 21);
        SegmentCommand.Result r = SegmentCommand.segment(source, SegmentParams.parse(new MacroOptions("model=[" + run
                + "] tile=60 postprocess=watershed seed_threshold=0.6 flood_threshold=0.3 instances")), Listener.NONE);
        float[] pixels = (float[]) source.getProcessor().getPixels();
        try (Segmenter seg = Segmenter.open(run, SegmentOptions.defaults().withTile(60).withPostProcess(
                org.unet4j.infer.PostProcessing.Method.WATERSHED).withThresholds(0.6, 0.3))) {
            Segmentation s = seg.segment(Image.gray(64, 64, pixels.clone()));
            assertThat(floats(r.foreground().getProcessor())).isEqualTo(s.foreground());
            assertThat(ints(r.instances().getProcessor())).isEqualTo(s.instances().labels());
        }
    }

    @Test
    void aStackIsSegmentedPlaneByPlaneIntoAHyperstack() throws Exception {
        ImagePlus stack = Synthetic.image("stack", 64, 2, 40);
        ij.ImageStack shorts = new ij.ImageStack(64, 64);
        for (int i = 1; i <= 2; i++) {
            shorts.addSlice(stack.getStack().getProcessor(i).convertToShort(false));
        }
        ImagePlus sixteen = new ImagePlus("stack16", shorts);
        SegmentCommand.Result r = SegmentCommand.segment(sixteen, SegmentParams.parse(new MacroOptions("model=[" + TinyRun.get()
                + "] tile=60")), Listener.NONE);
        assertThat(r.prob().getNChannels()).isEqualTo(2);
        assertThat(r.prob().getNSlices()).isEqualTo(2);
        assertThat(r.labels().getStackSize()).isEqualTo(2);
        assertThat(r.instances()).isNull();
    }

    @Test
    void aBadModelPathIsTheLibrarysOneLineMessage() throws Exception {
        Path missing = tmp.resolve("no-such-run");
        String expected;
        try {
            Segmenter.open(missing, SegmentOptions.defaults()).close();
            throw new AssertionError("opened a missing model");
        } catch (InvalidInputException e) {
            expected = e.message(Naming.MACRO);
        }
        SegmentCommand cmd = new SegmentCommand();
        Ij.run(cmd, "", "model=[" + missing + "]", Synthetic.image("x", 32, 1, 1));
        assertThat(cmd.lastResult()).isNull();
        assertThat(Ui.lastError()).isEqualTo(expected).doesNotContain("\n");
    }

    @Test
    void noImageAndNoModelAreOneLineErrors() {
        Ij.run(new SegmentCommand(), "", "tile=auto", null);
        assertThat(Ui.lastError()).isEqualTo("no image is open; open the image to segment first");
        Ij.run(new SegmentCommand(), "", "tile=auto", Synthetic.image("x", 32, 1, 1));
        assertThat(Ui.lastError()).startsWith("model= is missing");
    }

    @Test
    void escCancelsASegmentation() throws Exception {
        Listener esc = new Listener() {
            @Override
            public void progress(long done, long total, String status) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> SegmentCommand.segment(Synthetic.image("c", 64, 2, 3), SegmentParams.parse(new MacroOptions("model=["
                + TinyRun.get() + "] tile=60")), esc)).isInstanceOf(CancellationException.class);
    }

    @Test
    void trainFromTwoOpenImagesWritesTheRunFolderOfUnetTrain() throws Exception {
        ImagePlus images = Synthetic.image("train.tif", 64, 3, 300);
        ImagePlus labels = Synthetic.labels("train-labels.tif", 64, 3, 300);
        images.show(); // batch mode: kept by ImageJ and found by title
        labels.show();
        try {
            Path out = tmp.resolve("run");
            TrainCommand cmd = new TrainCommand();
            Ij.run(cmd, "", "images=train.tif labels=train-labels.tif out=[" + out + "] iterations=4 base=4 depth=2 tile=60"
                    + " augment=none validate=2 seed=3", null);
            assertThat(Ui.lastError()).isNull();
            assertThat(cmd.lastOutcome().iterations()).isEqualTo(4);
            assertThat(cmd.lastOutcome().stopped()).isFalse();
            assertThat(cmd.lastOutcome().lastValidation()).containsKey("iou");
            assertThat(out.resolve("config.json")).exists();
            assertThat(out.resolve("train.csv")).exists();
            assertThat(out.resolve("checkpoints").resolve("last")).isDirectory();

            // resume= continues the run: a larger iterations= extends it from its last checkpoint
            TrainCommand more = new TrainCommand();
            Ij.run(more, "", "images=train.tif labels=train-labels.tif resume=[" + out + "] iterations=6", null);
            assertThat(Ui.lastError()).isNull();
            assertThat(more.lastOutcome().iterations()).isEqualTo(6);
            assertThat(java.nio.file.Files.readAllLines(out.resolve("train.csv"))).hasSize(7);

            TrainCurves curves = new TrainCurves(false);
            TrainParams again = TrainParams.parse(new MacroOptions("images=train.tif labels=train-labels.tif out=[" + tmp.resolve("run2")
                    + "] iterations=2 base=4 depth=2 tile=60 augment=none validate=1"));
            TrainCommand.train(again, Listener.NONE, curves);
            assertThat(curves.plot()).isNotNull();

            Ij.run(new TrainCommand(), "", "images=train.tif labels=nothing-open out=[" + tmp.resolve("run3") + "]", null);
            assertThat(Ui.lastError()).isEqualTo("labels=nothing-open is neither an open image nor a file or folder; give a window title or a path");
        } finally {
            images.close();
            labels.close();
        }
    }

    @Test
    void evaluateFillsTheResultsTable() throws Exception {
        ImagePlus truth = Synthetic.labels("truth", 64, 2, 500);
        ImagePlus same = Synthetic.labels("same", 64, 2, 500);
        truth.show();
        same.show();
        try {
            EvaluateCommand cmd = new EvaluateCommand();
            Ij.run(cmd, "", "prediction=same truth=truth", null);
            assertThat(Ui.lastError()).isNull();
            ResultsTable rt = cmd.lastTable();
            assertThat(rt.size()).isEqualTo(3);
            assertThat(rt.getLabel(2)).isEqualTo("all");
            assertThat(rt.getValue("iou", 2)).isEqualTo(1.0);
            assertThat(rt.getValue("ap50", 0)).isEqualTo(1.0);
        } finally {
            truth.close();
            same.close();
        }
    }

    private static float[] floats(ImageProcessor ip) {
        return (float[]) ip.getPixels();
    }

    private static int[] ints(ImageProcessor ip) {
        int[] v = new int[ip.getPixelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ip.get(i);
        }
        return v;
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
