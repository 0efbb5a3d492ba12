package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;

class AugmentCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path images;
    private Path labels;

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    /** Two 48x64 images with a bright disk each, and their labels (1 in the disk). */
    @BeforeEach
    void data() throws IOException {
        images = Files.createDirectories(dir.resolve("images"));
        labels = Files.createDirectories(dir.resolve("labels"));
        for (int k = 0; k < 2; k++) {
            int[] px = new int[48 * 64];
            int[] cls = new int[48 * 64];
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    boolean in = (y - 24) * (y - 24) + (x - 20 - 20 * k) * (x - 20 - 20 * k) < 100;
                    px[y * 64 + x] = (in ? 200 : 50) + (x * 7 + y * 3) % 20;
                    cls[y * 64 + x] = in ? 1 : 0;
                }
            }
            ImageFiles.writeLabelImage(images.resolve("s" + k + ".png"), new LabelImage(48, 64, px));
            ImageFiles.writeLabelImage(labels.resolve("s" + k + ".png"), new LabelImage(48, 64, cls));
        }
    }

    @Test
    void writesTheGridOfImagesAndOverlays() throws IOException {
        Path png = dir.resolve("preview.png");
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--n", "5", "--tile", "32",
                "--columns", "2", "--out", png.toString())).as(err.toString()).isEqualTo(0);
        BufferedImage grid = ImageIO.read(png.toFile());
        // 2 tiles per row = 4 pictures of 32 px and 5 gaps of 4; 3 rows
        assertThat(grid.getWidth()).isEqualTo(4 * 32 + 5 * AugmentCommand.GAP);
        assertThat(grid.getHeight()).isEqualTo(3 * 32 + 4 * AugmentCommand.GAP);
        assertThat(out.toString()).contains("5 augmented 32x32 tiles from 2 images, seed 1", "augmentation: elastic 3x3 sigma 10 px");

        Path again = dir.resolve("again.png");
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--n", "5", "--tile", "32",
                "--columns", "2", "--out", again.toString())).isEqualTo(0);
        BufferedImage second = ImageIO.read(again.toFile());
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                assertThat(second.getRGB(x, y)).isEqualTo(grid.getRGB(x, y));
            }
        }
    }

    @Test
    void defaultsGiveTwelveTilesInRowsOfFour() throws IOException {
        Path png = dir.resolve("p.png");
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--tile", "20",
                "--augment", "strong", "--seed", "9", "--out", png.toString())).as(err.toString()).isEqualTo(0);
        BufferedImage grid = ImageIO.read(png.toFile());
        assertThat(grid.getWidth()).isEqualTo(8 * 20 + 9 * AugmentCommand.GAP);
        assertThat(grid.getHeight()).isEqualTo(3 * 20 + 4 * AugmentCommand.GAP);
    }

    @Test
    void badInputExitsWithTwoAndOneLine() throws IOException {
        Path png = dir.resolve("p.png");
        assertThat(run("augment", "--images", dir.resolve("nope").toString(), "--labels", labels.toString(), "--out",
                png.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope");
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--augment", "wild", "--out",
                png.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'wild'");
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--out",
                dir.resolve("p.jpg").toString())).isEqualTo(2);
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--n", "0", "--out",
                png.toString())).isEqualTo(2);
        Files.delete(labels.resolve("s1.png"));
        assertThat(run("augment", "--images", images.toString(), "--labels", labels.toString(), "--out", png.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("s1.png");
        assertThat(Files.exists(png)).isFalse();
    }
}
