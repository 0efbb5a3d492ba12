package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.data.Image;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.LabelImage;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.data.Split;

class TrainingSetsTest {
    /** The shared ISBI slices: beside the repository ({@code ../shared}), or beside a worktree's parent. */
    private static final Path ISBI = Files.isDirectory(Path.of("../shared/data/isbi2012")) ? Path.of("../shared/data/isbi2012")
            : Path.of("../../shared/data/isbi2012");

    @TempDir
    Path dir;

    private static LabelImage mask(int h, int w, int fg, int seed) {
        int[] v = new int[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 31 + seed) % 7) < 3 ? fg : 0;
        }
        return new LabelImage(h, w, v);
    }

    private static LabelImage gray(int h, int w, int seed) {
        int[] v = new int[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 13 + seed * 5) % 256;
        }
        return new LabelImage(h, w, v);
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** images/{a,b,c}.png with labels/{a,b,c}.tif masks 0/255. */
    private void binaryFolders() throws IOException {
        for (String s : List.of("a", "b", "c")) {
            ImageFiles.writeLabelImage(folder("images").resolve(s + ".png"), gray(12, 10, s.charAt(0)));
            ImageFiles.writeLabelImage(folder("labels").resolve(s + ".tif"), mask(12, 10, 255, s.charAt(0)));
        }
    }

    private TrainingSet load(LabelOptions options) {
        return TrainingSets.load(dir.resolve("images"), dir.resolve("labels"), null, options);
    }

    @Test
    void foldersPairedByStemWithDetectedBinaryLabels() throws IOException {
        binaryFolders();
        TrainingSet set = load(LabelOptions.AUTO);
        assertThat(set.layout()).isEqualTo(TrainingSet.Layout.FOLDERS);
        assertThat(set.rule()).isEqualTo(FilePairing.Rule.SAME_STEM);
        assertThat(set.samples()).extracting(SegmentationSample::name).containsExactly("a.png", "b.png", "c.png");
        assertThat(set.convention().kind()).isEqualTo(LabelConvention.Kind.BINARY);
        assertThat(set.convention().detected()).isTrue();
        SegmentationSample a = set.samples().get(0);
        assertThat(a.image().pixels()[1]).isEqualTo(gray(12, 10, 'a').labels()[1]);
        assertThat(a.classes().labels()).containsOnly(0, 1);
        assertThat(a.instances()).isNull();
        TrainingSet norm = set.normalized(Normalization.of(Normalization.Method.MINMAX));
        assertThat(norm.normalization().method()).isEqualTo(Normalization.Method.MINMAX);
        float max = 0;
        for (float v : norm.samples().get(0).image().pixels()) {
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
        assertThat(set.samples().get(0).image().pixels()[1]).isEqualTo(gray(12, 10, 'a').labels()[1]);
    }

    @Test
    void instanceLabelsAndLabelPattern() throws IOException {
        for (int t = 0; t < 3; t++) {
            ImageFiles.writeLabelImage(folder("images").resolve(String.format("t%03d.tif", t)), gray(8, 8, t));
            int[] ids = new int[64];
            for (int i = 0; i < 64; i++) {
                ids[i] = i % 8 < 4 ? 0 : 1000 + (i / 16) + t;
            }
            ImageFiles.writeLabelImage(folder("labels").resolve(String.format("man_seg%03d.tif", t)), new LabelImage(8, 8, ids));
        }
        TrainingSet set = TrainingSets.load(dir.resolve("images"), dir.resolve("labels"), "man_seg{num}", LabelOptions.AUTO);
        assertThat(set.rule()).isEqualTo(FilePairing.Rule.PATTERN);
        assertThat(set.convention().kind()).isEqualTo(LabelConvention.Kind.INSTANCES);
        assertThat(set.convention().reason()).startsWith("16-bit labels");
        SegmentationSample s = set.samples().get(1);
        assertThat(s.instances().get(0, 4)).isEqualTo(1001);
        assertThat(s.classes().get(0, 4)).isEqualTo(1);
        assertThat(s.classes().get(0, 0)).isZero();
        // the same without a pattern: paired by trailing number
        assertThat(load(LabelOptions.AUTO).rule()).isEqualTo(FilePairing.Rule.TRAILING_NUMBER);
    }

    @Test
    void stackPairIsPairedPageByPageAndSplitPageByPage() throws IOException {
        List<LabelImage> images = new ArrayList<>();
        List<LabelImage> labels = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            images.add(gray(6, 9, p));
            labels.add(mask(6, 9, 1, p));
        }
        ImageFiles.writeLabelImages(dir.resolve("volume.tif"), images, TiffCompression.DEFLATE);
        ImageFiles.writeLabelImages(dir.resolve("labels.tif"), labels, TiffCompression.NONE);
        TrainingSet set = TrainingSets.load(dir.resolve("volume.tif"), dir.resolve("labels.tif"), null, LabelOptions.AUTO);
        assertThat(set.layout()).isEqualTo(TrainingSet.Layout.STACKS);
        assertThat(set.samples()).hasSize(4);
        assertThat(set.samples().get(2).name()).isEqualTo("volume.tif page 3");
        assertThat(set.samples().get(2).classes().labels()).containsExactly(labels.get(2).labels());
        assertThat(set.origins().get(2).page()).isEqualTo(2);
        assertThat(Split.byFile(set.samples(), 0.25, 1).validation()).hasSize(1);
    }

    @Test
    void isbiSlicesLoadAsBinaryWithMembraneClassZero() {
        Assumptions.assumeTrue(Files.isDirectory(ISBI.resolve("train/images")), "ISBI 2012 slices not present");
        TrainingSet set = TrainingSets.load(ISBI.resolve("val/images"), ISBI.resolve("val/labels"), null, LabelOptions.AUTO);
        assertThat(set.samples()).hasSize(5);
        assertThat(set.convention().kind()).isEqualTo(LabelConvention.Kind.BINARY);
        assertThat(set.convention().describe()).startsWith("binary (detected: every label file holds only 0 and 255)");
        LabelImage raw = ImageFiles.readLabelImage(ISBI.resolve("val/labels/20.png"));
        SegmentationSample s = set.samples().get(0);
        long membrane = 0;
        for (int i = 0; i < raw.labels().length; i++) {
            assertThat(s.classes().labels()[i]).isEqualTo(raw.labels()[i] == 0 ? 0 : 1);
            membrane += raw.labels()[i] == 0 ? 1 : 0;
        }
        // README: membrane (0) covers 17-27 % of a slice
        assertThat(membrane / (double) raw.labels().length).isBetween(0.17, 0.27);
        Image img = ImageFiles.readImage(ISBI.resolve("val/images/20.png"));
        assertThat(s.image()).isEqualTo(img);
    }

    @Test
    void isbiStackMadeFromTheSlicesPairsPages() {
        Assumptions.assumeTrue(Files.isDirectory(ISBI.resolve("val/images")), "ISBI 2012 slices not present");
        List<LabelImage> images = new ArrayList<>();
        List<LabelImage> labels = new ArrayList<>();
        for (int i = 20; i < 25; i++) {
            Image img = ImageFiles.readImage(ISBI.resolve("val/images/" + i + ".png"));
            int[] v = new int[img.pixels().length];
            Arrays.setAll(v, k -> (int) img.pixels()[k]);
            images.add(new LabelImage(img.height(), img.width(), v));
            labels.add(ImageFiles.readLabelImage(ISBI.resolve("val/labels/" + i + ".png")));
        }
        ImageFiles.writeLabelImages(dir.resolve("val-volume.tif"), images, TiffCompression.NONE);
        ImageFiles.writeLabelImages(dir.resolve("val-labels.tif"), labels, TiffCompression.DEFLATE);
        TrainingSet stack = TrainingSets.load(dir.resolve("val-volume.tif"), dir.resolve("val-labels.tif"), null, LabelOptions.AUTO);
        TrainingSet folders = TrainingSets.load(ISBI.resolve("val/images"), ISBI.resolve("val/labels"), null, LabelOptions.AUTO);
        assertThat(stack.convention().kind()).isEqualTo(LabelConvention.Kind.BINARY);
        for (int i = 0; i < 5; i++) {
            assertThat(stack.samples().get(i).image()).isEqualTo(folders.samples().get(i).image());
            assertThat(stack.samples().get(i).classes()).isEqualTo(folders.samples().get(i).classes());
        }
        assertThat(ImageFiles.describe(dir.resolve("val-volume.tif")).pages()).isEqualTo(5);
    }

    // ---- bad input: each gives one line naming the files, what was found, what was expected and the fix

    private void assertInputError(Runnable r, String... parts) {
        assertThatThrownBy(r::run).isInstanceOf(InvalidInputException.class).satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n");
            for (String p : parts) {
                assertThat(e.getMessage()).contains(p);
            }
        });
    }

    @Test
    void missingPartnerFile() throws IOException {
        binaryFolders();
        ImageFiles.writeLabelImage(dir.resolve("images/d.png"), gray(12, 10, 4));
        assertInputError(() -> load(LabelOptions.AUTO), "images/d.png: no label file for this image in", "add the label file");
    }

    @Test
    void labelWithoutImage() throws IOException {
        binaryFolders();
        ImageFiles.writeLabelImage(dir.resolve("labels/zz.png"), mask(12, 10, 255, 1));
        assertInputError(() -> load(LabelOptions.AUTO), "cannot pair 3 files", "for zz.png");
    }

    @Test
    void imageLabelSizeMismatch() throws IOException {
        binaryFolders();
        ImageFiles.writeLabelImage(dir.resolve("labels/b.tif"), mask(10, 12, 255, 1));
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.png is 12x10 but its labels", "labels/b.tif are 10x12",
                "labels must have the image's size");
    }

    @Test
    void emptyFolder() throws IOException {
        folder("images");
        binaryFolders();
        Files.createDirectories(dir.resolve("empty"));
        assertInputError(() -> TrainingSets.load(dir.resolve("empty"), dir.resolve("labels"), null, LabelOptions.AUTO),
                "empty: holds no image file");
    }

    @Test
    void truncatedFile() throws IOException {
        binaryFolders();
        Path b = dir.resolve("images/b.png");
        byte[] bytes = Files.readAllBytes(b);
        Files.write(b, Arrays.copyOf(bytes, bytes.length - 30));
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.png: cannot be read", "truncated or corrupt");
    }

    @Test
    void unsupportedFormatAndBitDepth() throws IOException {
        binaryFolders();
        Files.write(dir.resolve("images/b.png"), new TiffBuilder(12, 10).type(64, 2).page(new double[120]).build());
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.png: uses an image type unet4j cannot read",
                "Unsupported BitsPerSample");
        Files.writeString(dir.resolve("images/b.png"), "GIF89a not really");
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.png: GIF images are not supported, expected PNG, TIFF, BMP or JPEG");
        Files.writeString(dir.resolve("images/b.png"), "plain text");
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.png: not a PNG, TIFF, BMP or JPEG image");
    }

    @Test
    void labelValuesOutsideTheDeclaredClasses() throws IOException {
        binaryFolders();
        LabelImage three = mask(12, 10, 2, 3);
        three.labels()[5] = 4;
        ImageFiles.writeLabelImage(dir.resolve("labels/b.tif"), three);
        ImageFiles.writeLabelImage(dir.resolve("labels/a.tif"), mask(12, 10, 1, 3));
        ImageFiles.writeLabelImage(dir.resolve("labels/c.tif"), mask(12, 10, 1, 3));
        assertInputError(() -> load(new LabelOptions(LabelOptions.Mode.CLASSES, 3, null)),
                "labels/b.tif: label value 4 (1 pixels) is outside the classes 0..2", "use classes 5", "use ignore value 4");
        assertThat(load(new LabelOptions(LabelOptions.Mode.CLASSES, 3, 4)).convention().classes()).isEqualTo(3);
    }

    @Test
    void stackPairWithDifferentPageCounts() {
        ImageFiles.writeLabelImages(dir.resolve("v.tif"), List.of(gray(4, 4, 1), gray(4, 4, 2), gray(4, 4, 3)), TiffCompression.NONE);
        ImageFiles.writeLabelImages(dir.resolve("l.tif"), List.of(mask(4, 4, 1, 1), mask(4, 4, 1, 2)), TiffCompression.NONE);
        assertInputError(() -> TrainingSets.load(dir.resolve("v.tif"), dir.resolve("l.tif"), null, LabelOptions.AUTO),
                "v.tif has 3 pages but its labels", "l.tif have 2", "same number of slices");
    }

    @Test
    void pathThatDoesNotExist() throws IOException {
        binaryFolders();
        assertInputError(() -> TrainingSets.load(dir.resolve("imgs"), dir.resolve("labels"), null, LabelOptions.AUTO),
                "images " + dir.resolve("imgs") + ": no such file or folder");
    }

    @Test
    void folderWithFile() throws IOException {
        binaryFolders();
        assertInputError(() -> TrainingSets.load(dir.resolve("images"), dir.resolve("labels/a.tif"), null, LabelOptions.AUTO),
                "is a folder but labels ", "is a file", "give two folders");
    }

    @Test
    void mixedChannelsAndNaNPixels() throws IOException {
        binaryFolders();
        BufferedImage rgb = new BufferedImage(10, 12, BufferedImage.TYPE_INT_RGB);
        ImageFiles.writePng(dir.resolve("images/b.png"), rgb);
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.png has 3 channel(s) but", "need the same channels");
        float[] nan = new float[120];
        nan[13] = Float.NaN;
        Files.delete(dir.resolve("images/b.png"));
        ImageFiles.writeFloatTiff(dir.resolve("images/b.tif"), List.of(nan), 12, 10);
        assertInputError(() -> load(LabelOptions.AUTO), "images/b.tif: 1 pixels are NaN or infinite (first at x=3 y=1)");
    }
    // ---- sparse annotations: --unlabelled skip and --exclude

    /** A Cell Tracking Challenge layout: frames t000..t005, masks for three of them. */
    private void ctcFolders() throws IOException {
        for (int i = 0; i < 6; i++) {
            ImageFiles.writeLabelImage(folder("frames").resolve(String.format("t%03d.tif", i)), gray(12, 10, i));
        }
        for (int i : new int[] {1, 3, 4}) {
            ImageFiles.writeLabelImage(folder("seg").resolve(String.format("man_seg%03d.tif", i)), mask(12, 10, 7, i));
        }
    }

    private TrainingSet loadCtc(FileSelection selection) {
        return TrainingSets.load(dir.resolve("frames"), dir.resolve("seg"), null, LabelOptions.AUTO, selection, org.unet4j.Progress.NONE);
    }

    @Test
    void unlabelledFramesAreRefusedByDefaultAndSkippedOnRequest() throws IOException {
        ctcFolders();
        assertInputError(() -> loadCtc(FileSelection.all()), "t000.tif: no label file", "2 more images lack labels",
                "train on the labelled images only (unlabelled images: skip)");
        TrainingSet set = loadCtc(FileSelection.all().skippingUnlabelled());
        assertThat(set.samples()).extracting(SegmentationSample::name).containsExactly("t001.tif", "t003.tif", "t004.tif");
        assertThat(set.unlabelled()).extracting(p -> p.getFileName().toString()).containsExactly("t000.tif", "t002.tif", "t005.tif");
        assertThat(set.selectionSummary()).isEqualTo("skipped 3 images without a label file (e.g. t000.tif)");
    }

    @Test
    void excludedFilesAreLeftOutAndAnExcludedMaskLeavesItsFrameUnlabelled() throws IOException {
        ctcFolders();
        // t001 goes with its mask; man_seg004 goes and leaves t004 unlabelled (skipped)
        TrainingSet set = loadCtc(FileSelection.all().skippingUnlabelled().excluding("man_seg004.tif", "t00[0-2].tif"));
        assertThat(set.samples()).extracting(SegmentationSample::name).containsExactly("t003.tif");
        assertThat(set.excluded()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("t000.tif", "t001.tif", "t002.tif", "man_seg004.tif");
        assertThat(set.unlabelled()).extracting(p -> p.getFileName().toString()).containsExactly("t004.tif", "t005.tif");
        assertThat(set.selectionSummary()).contains("skipped 2 images").contains("left out 4 files by exclude patterns");
        assertThat(set.selectionSummary(Naming.CLI)).contains("left out 4 files by --exclude (e.g. ");
        // without skip, the frame whose mask was left out is an unlabelled image
        assertInputError(() -> loadCtc(FileSelection.all().excluding("man_seg004.tif", "t00[0-3].tif", "t005.tif")),
                "t004.tif: no label file");
        assertInputError(() -> loadCtc(FileSelection.all().excluding("t*")), "leaves out every image");
        assertInputError(() -> loadCtc(FileSelection.all().excluding("sub/t*")), "file-name glob");
        assertInputError(() -> loadCtc(FileSelection.all().excluding("t[0")), "not a valid glob");
        assertThat(loadCtc(FileSelection.all().skippingUnlabelled()).excluded()).isEmpty();
    }
}
