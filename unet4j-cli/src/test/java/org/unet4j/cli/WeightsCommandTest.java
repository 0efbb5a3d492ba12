package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;

class WeightsCommandTest {
    private static final int H = 40;
    private static final int W = 40;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    /** Two 12x16 cells touching along a horizontal line: A rows 8..19, B rows 20..31, columns 12..27. */
    private Path touchingCells() {
        int[] ids = new int[H * W];
        for (int y = 8; y < 32; y++) {
            for (int x = 12; x < 28; x++) {
                ids[y * W + x] = y < 20 ? 1 : 2;
            }
        }
        Path p = dir.resolve("cells.png");
        ImageFiles.writeLabelImage(p, new LabelImage(H, W, ids));
        return p;
    }

    @Test
    void writesTheFloatTiffAndAHeatMapWithABrightRidgeAlongTheContactLine() throws IOException {
        Path labels = touchingCells();
        Path tif = dir.resolve("w.tif");
        assertThat(run("weights", "--labels", labels.toString(), "--out", tif.toString())).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("instance labels", "2 objects", "32 touching pixels made background", "w.png");

        List<Image> pages = ImageFiles.readImages(tif);
        assertThat(pages).hasSize(1);
        Image map = pages.get(0);
        assertThat(map.channels()).isEqualTo(1);
        assertThat(map.height()).isEqualTo(H);
        assertThat(map.width()).isEqualTo(W);
        // a gap pixel: background (majority, weight 1), d1 = 1, d2 = 2
        assertThat(map.get(0, 19, 15)).isCloseTo((float) (1 + 10 * Math.exp(-9 / 50.0)), within(1e-5f));

        BufferedImage png = ImageIO.read(dir.resolve("w.png").toFile());
        assertThat(png.getWidth()).isEqualTo(W);
        assertThat(png.getHeight()).isEqualTo(H);
        int brightest = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                brightest = Math.max(brightest, luminance(png.getRGB(x, y)));
            }
        }
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean onContact = (y == 19 || y == 20) && x >= 12 && x < 28;
                if (onContact) {
                    assertThat(luminance(png.getRGB(x, y))).as("contact pixel %d,%d", y, x).isEqualTo(brightest);
                } else {
                    assertThat(luminance(png.getRGB(x, y))).as("pixel %d,%d", y, x).isLessThan(brightest);
                }
            }
        }
    }

    @Test
    void binaryMasksUseComponentsAndOptionsAreApplied() {
        int[] mask = new int[H * W];
        for (int y = 5; y < 35; y++) {
            for (int x = 5; x < 35; x++) {
                mask[y * W + x] = x == 20 ? 0 : 255;
            }
        }
        Path labels = dir.resolve("mask.tif");
        ImageFiles.writeLabelImage(labels, new LabelImage(H, W, mask));
        Path tif = dir.resolve("sub/w.TIFF");
        assertThat(run("weights", "--labels", labels.toString(), "--w0", "4", "--sigma", "2", "--class-weights", "NONE",
                "--out", tif.toString())).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("binary mask", "2 objects");
        Image map = ImageFiles.readImages(tif).get(0);
        assertThat(map.get(0, 20, 20)).isCloseTo((float) (1 + 4 * Math.exp(-4 / 8.0)), within(1e-5f));
        assertThat(map.get(0, 10, 10)).isEqualTo(1f);
        assertThat(dir.resolve("sub/w.png")).isRegularFile();
    }

    @Test
    void contourTargetsShowTheirThreeClassWeightsAndNeedInstances() throws IOException {
        Path labels = touchingCells();
        Path tif = dir.resolve("c.tif");
        assertThat(run("weights", "--labels", labels.toString(), "--target", "contours", "--class-weights", "sqrt", "--out",
                tif.toString())).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("32 touching pixels made background", "contour pixels around 2 interiors",
                "interior", "contour", "(sqrt)");
        Image map = ImageFiles.readImages(tif).get(0);
        // the gap pixel keeps the paper's border term, the class weight of the background stays 1
        assertThat(map.get(0, 19, 15)).isCloseTo((float) (1 + 10 * Math.exp(-9 / 50.0)), within(1e-5f));
        Path binary = dir.resolve("binary.tif");
        int[] mask = new int[H * W];
        mask[5 * W + 5] = 255;
        ImageFiles.writeLabelImage(binary, new LabelImage(H, W, mask));
        Path refused = dir.resolve("r.tif");
        assertThat(run("weights", "--labels", binary.toString(), "--target", "contours", "--out", refused.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).contains("--target contours needs instance labels").hasLineCount(1);
        assertThat(refused).doesNotExist();
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() throws IOException {
        Path labels = touchingCells();
        String[][] bad = {
            {"weights", "--labels", labels.toString(), "--out", dir.resolve("w.png").toString()},
            {"weights", "--labels", dir.resolve("missing.png").toString(), "--out", dir.resolve("w.tif").toString()},
            {"weights", "--labels", labels.toString(), "--sigma", "0", "--out", dir.resolve("w.tif").toString()},
            {"weights", "--labels", labels.toString(), "--w0", "-1", "--out", dir.resolve("w.tif").toString()},
            {"weights", "--labels", labels.toString(), "--class-weights", "median", "--out", dir.resolve("w.tif").toString()},
            {"weights", "--labels", labels.toString()},
        };
        Files.writeString(dir.resolve("corrupt.tif"), "not an image");
        for (String[] args : bad) {
            err.getBuffer().setLength(0);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).isNotBlank();
        }
        err.getBuffer().setLength(0);
        assertThat(run("weights", "--labels", dir.resolve("corrupt.tif").toString(), "--out", dir.resolve("w.tif").toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("corrupt.tif");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cells.png", "corrupt.tif");
        }
    }

    private static int luminance(int rgb) {
        return 299 * ((rgb >> 16) & 255) + 587 * ((rgb >> 8) & 255) + 114 * (rgb & 255);
    }
}
