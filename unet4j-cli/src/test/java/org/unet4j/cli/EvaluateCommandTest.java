package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.SharedData;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;

/** {@code unet evaluate} end to end: self-scores, output, and bad input (exit 2, one line naming the file). */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "evaluate";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    static Path fixture(String relative) {
        return GoldenValuesTest.dir().resolve(relative);
    }

    @Test
    void committedGroundTruthScoredAgainstItselfIsPerfect() throws IOException {
        Path gt = fixture("em_a/gt.tif");
        Path json = dir.resolve("out/self.json");
        Run r = run("--pred", gt.toString(), "--gt", gt.toString(), "--json", json.toString(), "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("stack (pooled)").contains("pixel_error").contains("JSON written to");
        JsonNode em = JSON.readTree(json.toFile()).get("isbi2012");
        assertThat(em.get("pixel_error").get("value").asDouble()).isZero();
        assertThat(em.get("rand_error").get("value").asDouble()).isZero();
        assertThat(em.get("warping_error").get("value").asDouble()).isZero();
        assertThat(em.get("v_rand").get("value").asDouble()).isEqualTo(1.0);
        assertThat(em.get("v_info").get("value").asDouble()).isEqualTo(1.0);
        assertThat(em.get("prediction_conversion").get("scale_divisor").asDouble()).isEqualTo(255.0);
        assertThat(em.get("rand_error").get("per_image")).hasSize(3);
        assertThat(lines(r.out(), "stack (pooled)")).contains("0.0000000      0.0000000      0.0000000      1.0000000      1.0000000");
    }

    @Test
    void isbiValidationLabelsScoredAgainstThemselvesPrintZeros() throws IOException {
        Path labels = SharedData.resolve("data/isbi2012/val/labels").orElse(null);
        Assumptions.assumeTrue(labels != null, "../shared/data/isbi2012 is not available");
        Path json = dir.resolve("val.json");
        Run r = run("--pred", labels.toString(), "--gt", labels.toString(), "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode em = JSON.readTree(json.toFile()).get("isbi2012");
        assertThat(em.get("n_slices").asInt()).isEqualTo(5);
        for (String m : List.of("pixel_error", "rand_error", "warping_error")) {
            assertThat(em.get(m).get("value").asDouble()).as(m).isZero();
        }
        assertThat(em.get("v_rand").get("value").asDouble()).isEqualTo(1.0);
        assertThat(em.get("v_info").get("value").asDouble()).isEqualTo(1.0, within(1e-12));
        assertThat(r.out()).contains("metrics: isbi2012 (the ground truth is a binary mask").contains("20.png").contains("24.png");
    }

    @Test
    void autoChoosesCellsForInstanceLabelsAndPrintsTheTable() throws IOException {
        Path json = dir.resolve("cells.json");
        Run r = run("--pred", fixture("cells_a/pred").toString(), "--gt", fixture("cells_a/gt").toString(), "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("metrics: cells (the ground truth has several object labels").contains("cell metrics, 4 image(s) (paired by last number in the file names")
                .contains("man_seg000.tif").contains("all (pooled)").contains("ap@0.5");
        JsonNode cells = JSON.readTree(json.toFile()).get("cells");
        assertThat(cells.get("ap").get("value").asDouble()).isGreaterThan(0);
        assertThat(JSON.readTree(json.toFile()).has("isbi2012")).isFalse();
    }

    @Test
    void cellsReportTheTenThresholdsTheirMeanPqAndMerges() throws IOException {
        Path json = dir.resolve("cells.json");
        Run r = run("--pred", fixture("cells_a/pred").toString(), "--gt", fixture("cells_a/gt").toString(), "--metric", "cells",
                "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ap@0.95 = ").contains("mean_ap = ").contains("pq = ").contains("touching ground-truth pairs: ");
        JsonNode cells = JSON.readTree(json.toFile()).get("cells");
        double sum = 0;
        for (String t : new String[] {"0.5", "0.55", "0.6", "0.65", "0.7", "0.75", "0.8", "0.85", "0.9", "0.95"}) {
            assertThat(cells.has("ap@" + t)).as("ap@" + t).isTrue();
            sum += cells.get("ap@" + t).asDouble();
        }
        assertThat(cells.get("ap@0.5").asDouble()).isEqualTo(cells.get("ap").get("value").asDouble());
        assertThat(cells.get("mean_ap").asDouble()).isCloseTo(sum / 10, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(cells.get("pq").isNumber()).isTrue();
        assertThat(cells.get("merged_pairs").has("touching_gt_pairs")).isTrue();
        assertThat(cells.get("per_image")).hasSize(4);
        assertThat(cells.get("per_image").get(0).has("mean_ap")).isTrue();

        Run only = run("--pred", fixture("cells_a/pred").toString(), "--gt", fixture("cells_a/gt").toString(), "--metric", "pq",
                "--json", "-");
        assertThat(only.code()).as(only.err()).isZero();
        JsonNode pq = JSON.readTree(only.out()).get("cells");
        assertThat(pq.has("pq")).isTrue();
        assertThat(pq.has("ap")).isFalse();
        assertThat(pq.has("mean_ap")).isFalse();
        assertThat(pq.get("pq").asDouble()).isEqualTo(cells.get("pq").asDouble());
    }

    @Test
    void jsonToStandardOutput() throws IOException {
        Path gt = fixture("em_edge/gt.tif");
        Run r = run("--pred", fixture("em_edge/pred.tif").toString(), "--gt", gt.toString(), "--metric", "pixel_error,v_rand",
                "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode em = JSON.readTree(r.out()).get("isbi2012");
        assertThat(em.has("pixel_error")).isTrue();
        assertThat(em.has("v_rand")).isTrue();
        assertThat(em.has("warping_error")).isFalse();
        assertThat(r.err()).contains("stack (pooled)");
    }

    @Test
    void membranePolarityInvertsTheMap() throws IOException {
        Path gt = fixture("em_a/gt.tif");
        List<LabelImage> pages = ImageFiles.readLabelImages(gt);
        LabelImage inverted = pages.get(0).copy();
        int[] v = inverted.labels();
        for (int i = 0; i < v.length; i++) {
            v[i] = 255 - v[i];
        }
        Path pred = dir.resolve("membrane.png");
        ImageFiles.writeLabelImage(pred, inverted);
        Path gt0 = dir.resolve("gt0.png");
        ImageFiles.writeLabelImage(gt0, pages.get(0));
        Run r = run("--pred", pred.toString(), "--gt", gt0.toString(), "--metric", "isbi2012", "--pred-polarity", "membrane",
                "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("isbi2012").get("rand_error").get("value").asDouble()).isZero();
    }

    @Test
    void sixteenBitPredictionsAreScaledBy65535OrBy255ForEightBitData() throws IOException {
        LabelImage gt = ImageFiles.readLabelImages(fixture("em_a/gt.tif")).get(0);
        Path gtFile = dir.resolve("gt.png");
        ImageFiles.writeLabelImage(gtFile, gt);
        for (int top : new int[] {65535, 255}) {
            BufferedImage img = new BufferedImage(gt.width(), gt.height(), BufferedImage.TYPE_USHORT_GRAY);
            int[] v = gt.labels().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] > 0 ? top : 0;
            }
            img.getRaster().setSamples(0, 0, gt.width(), gt.height(), 0, v);
            Path pred = dir.resolve("p" + top + ".png");
            ImageFiles.writePng(pred, img);
            Run r = run("--pred", pred.toString(), "--gt", gtFile.toString(), "--metric", "pixel_error", "--json", "-");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode em = JSON.readTree(r.out()).get("isbi2012");
            assertThat(em.get("prediction_conversion").get("scale_divisor").asDouble()).isEqualTo(top);
            assertThat(em.get("prediction_conversion").get("max").asDouble()).isEqualTo(1.0);
            assertThat(em.get("pixel_error").get("value").asDouble()).isZero();
        }
    }

    @Test
    void mismatchedSizesAreAnInputError() {
        Run r = run("--pred", fixture("em_a/pred.tif").toString(), "--gt", fixture("em_c/gt.tif").toString(), "--metric", "isbi2012");
        assertThat(r.code()).isEqualTo(2);
        assertOneLine(r.err(), "pred.tif", "3 slice(s) of 64x64", "2 slice(s) of 80x72");
    }

    @Test
    void missingPartnerIsAnInputError() throws IOException {
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path gt = Files.createDirectories(dir.resolve("gt"));
        LabelImage l = LabelImage.zeros(8, 8);
        l.set(2, 2, 1);
        l.set(5, 5, 2);
        ImageFiles.writeLabelImage(gt.resolve("man_seg000.tif"), l);
        ImageFiles.writeLabelImage(gt.resolve("man_seg001.tif"), l);
        ImageFiles.writeLabelImage(gt.resolve("man_seg002.tif"), l);
        ImageFiles.writeLabelImage(pred.resolve("mask000.tif"), l);
        ImageFiles.writeLabelImage(pred.resolve("mask002.tif"), l);
        Run r = run("--pred", pred.toString(), "--gt", gt.toString(), "--metric", "cells");
        assertThat(r.code()).isEqualTo(2);
        assertOneLine(r.err(), "man_seg001.tif has no prediction with number 1", "same last number");
    }

    @Test
    void emptyFolderIsAnInputError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run r = run("--pred", empty.toString(), "--gt", fixture("em_a/gt.tif").toString(), "--metric", "isbi2012");
        assertThat(r.code()).isEqualTo(2);
        assertOneLine(r.err(), "prediction folder", "holds no image files");
        Run missing = run("--pred", dir.resolve("nothing").toString(), "--gt", fixture("em_a/gt.tif").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertOneLine(missing.err(), "nothing", "no such file or folder");
    }

    @Test
    void nanInThePredictionIsAnInputError() {
        float[] p = new float[16 * 16];
        p[5 * 16 + 3] = Float.NaN;
        Path pred = dir.resolve("nan.tif");
        ImageFiles.writeFloatTiff(pred, List.of(p), 16, 16);
        Path gt = dir.resolve("gt.png");
        ImageFiles.writeLabelImage(gt, LabelImage.zeros(16, 16));
        Run r = run("--pred", pred.toString(), "--gt", gt.toString(), "--metric", "isbi2012");
        assertThat(r.code()).isEqualTo(2);
        assertOneLine(r.err(), "nan.tif", "NaN at x=3, y=5");
    }

    @Test
    void badOptionsAreInputErrors() {
        String gt = fixture("em_a/gt.tif").toString();
        assertOneLine(check(run("--pred", gt, "--gt", gt, "--metric", "accuracy")), "--metric accuracy is unknown");
        assertOneLine(check(run("--pred", gt, "--gt", gt, "--metric", "isbi2012", "--pred-scale", "abc")), "--pred-scale abc");
        assertOneLine(check(run("--pred", gt, "--gt", gt, "--metric", "isbi2012", "--thresholds", "1:0:0.1")), "are empty");
        assertOneLine(check(run("--pred", gt, "--gt", gt, "--metric", "cells", "--iou-thresholds", "1.5")), "not in (0, 1]");
        assertThat(run("--pred", gt, "--gt", gt, "--pred-polarity", "sideways").code()).isEqualTo(2);
    }

    @Test
    void nonIntegerGroundTruthIsAnInputError() {
        float[] g = new float[8 * 8];
        g[9] = 0.5f;
        Path gt = dir.resolve("gt.tif");
        ImageFiles.writeFloatTiff(gt, List.of(g), 8, 8);
        Run r = run("--pred", gt.toString(), "--gt", gt.toString(), "--metric", "isbi2012");
        assertThat(r.code()).isEqualTo(2);
        assertOneLine(r.err(), "gt.tif", "value 0.5", "integer labels");
    }

    private static String check(Run r) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        return r.err();
    }

    private static void assertOneLine(String err, String... parts) {
        assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("unet evaluate: ");
        for (String p : parts) {
            assertThat(err).contains(p);
        }
    }

    private static String lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }
}
