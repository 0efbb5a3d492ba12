package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.TiffCompression;

class InspectCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    /** Two 4x5 images; labels: a = 3 objects (ids 1, 2, 7) and 2 ignored pixels (255), b = 1 object. */
    private void instanceFolders() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("labels"));
        int[] a = {0, 1, 1, 0, 2, 0, 1, 1, 0, 2, 0, 0, 0, 0, 0, 7, 7, 0, 255, 255};
        int[] b = {0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0};
        ImageFiles.writeLabelImage(dir.resolve("images/a.png"), new LabelImage(4, 5, a.clone()));
        ImageFiles.writeLabelImage(dir.resolve("images/b.png"), new LabelImage(4, 5, b.clone()));
        ImageFiles.writeLabelImage(dir.resolve("labels/a.png"), new LabelImage(4, 5, a));
        ImageFiles.writeLabelImage(dir.resolve("labels/b.png"), new LabelImage(4, 5, b));
    }

    @Test
    void printsPairsConventionFractionsInstancesAndIgnoredPixels() throws IOException {
        instanceFolders();
        int code = run("inspect", "--images", dir.resolve("images").toString(), "--labels", dir.resolve("labels").toString(),
                "--labels-as", "INSTANCES", "--ignore", "255");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).contains("layout     folders, 2 samples from 2 image files, paired by identical file name");
        assertThat(text).contains("image type PNG 8-bit gray (2 files)");
        assertThat(text).contains("sizes      2 x 4x5");
        assertThat(text).contains("labels as  instances (given: values {0, 1, 2, 3, 7}, 4 distinct ids); 0 -> background (class 0),"
                + " each other value one object (class 1); value 255 ignored (excluded from the loss)");
        // 38 annotated pixels: 8 + 4 object pixels
        assertThat(text).contains("classes    2 (pixel fractions of annotated pixels)  0: 68.4 %   1: 31.6 %");
        assertThat(text).contains("ignored    2 pixels (5.0 %) with value 255");
        assertThat(text).contains("instances  4 objects; per image min 1, median 2.0, max 3");
        assertThat(text).contains("normalize  percentile 1-99.8 per image and channel");
        assertThat(text).contains("  a.png <-> a.png  4x5  class 1 44.4 %  3 objects  2 ignored");
        assertThat(text).contains("  b.png <-> b.png  4x5  class 1 20.0 %  1 object  0 ignored");
    }

    @Test
    void detectedConventionIsPrintedForAStackPair() {
        LabelImage img = new LabelImage(3, 3, new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13});
        LabelImage mask = new LabelImage(3, 3, new int[] {0, 255, 255, 0, 0, 255, 0, 0, 0});
        ImageFiles.writeLabelImages(dir.resolve("v.tif"), List.of(img, img, img), TiffCompression.DEFLATE);
        ImageFiles.writeLabelImages(dir.resolve("l.tif"), List.of(mask, mask, mask), TiffCompression.NONE);
        int code = run("inspect", "--images", dir.resolve("v.tif").toString(), "--labels", dir.resolve("l.tif").toString(),
                "--normalize", "zscore", "--max-rows", "2");
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).contains("layout     stack pair (page i <-> page i), 3 samples from 1 image file, paired by single files");
        assertThat(text).contains("image type TIFF 8-bit gray, compression ZLib (1 file)");
        assertThat(text).contains("labels as  binary (detected: every label file holds only 0 and 255)");
        assertThat(text).contains("  v.tif p2 <-> l.tif p2  3x3  class 1 33.3 %");
        assertThat(text).contains("  ... 1 more (--max-rows 0 lists all)");
        assertThat(text).contains("normalize  z-score");
    }

    @Test
    void badInputExitsWithTwoAndOneLineAndWritesNothing() throws IOException {
        instanceFolders();
        Files.delete(dir.resolve("labels/b.png"));
        int code = run("inspect", "--images", dir.resolve("images").toString(), "--labels", dir.resolve("labels").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("unet inspect: " + dir.resolve("images/b.png") + ": no label file for this image")
                .doesNotContain("\n");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(3);
        }
        assertThat(run("inspect", "--images", "nowhere", "--labels", "nowhere2")).isEqualTo(2);
        assertThat(run("inspect", "--images", dir.resolve("images").toString(), "--labels", dir.resolve("labels").toString(),
                "--labels-as", "sometimes")).isEqualTo(2);
        assertThat(run("inspect", "--images", dir.resolve("images").toString(), "--labels", dir.resolve("labels").toString(),
                "--percentiles", "50,2")).isEqualTo(2);
    }
}
