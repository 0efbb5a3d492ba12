package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

class PredictCommandTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    private String stdout;
    private String stderr;

    @BeforeAll
    static void tinyModel() {
        model = shared.resolve("model");
        UNet.seed(9);
        try (UNet net = UNet.create(UNetConfig.paper().withDepth(2).withBaseChannels(4))) {
            ModelFiles.save(net, model, null);
        }
    }

    private int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    private static Path grayPng(Path file, int h, int w, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        ImageFiles.writePng(file, img);
        return file;
    }

    @Test
    void predictsANonSquareImageIntoFilesOfItsSize() {
        Path png = grayPng(dir.resolve("cells.png"), 45, 71, 1);
        Path out = dir.resolve("out");
        int code = run("predict", "--model", model.toString(), "--input", png.toString(), "--out", out.toString(),
                "--instances", "--overlay", "--threads", "1");
        assertThat(code).as(stderr).isZero();
        assertThat(stdout).contains("cells.png: 45x71, 1 slice");

        List<Image> prob = ImageFiles.readImages(out.resolve("cells_prob.tif"));
        assertThat(prob).hasSize(2);
        for (Image p : prob) {
            assertThat(p.height()).isEqualTo(45);
            assertThat(p.width()).isEqualTo(71);
        }
        for (int i = 0; i < 45 * 71; i++) {
            assertThat(prob.get(0).pixels()[i] + prob.get(1).pixels()[i]).isBetween(0.999f, 1.001f);
        }
        List<Image> fg = ImageFiles.readImages(out.resolve("cells_fg.tif"));
        assertThat(fg).hasSize(1);
        assertThat(fg.get(0).pixels()).containsExactly(prob.get(1).pixels());
        LabelImage labels = ImageFiles.readLabelImage(out.resolve("cells_labels.tif"));
        assertThat(labels.height()).isEqualTo(45);
        for (int i = 0; i < 45 * 71; i++) {
            assertThat(labels.labels()[i]).isEqualTo(prob.get(1).pixels()[i] > prob.get(0).pixels()[i] ? 1 : 0);
        }
        LabelImage inst = ImageFiles.readLabelImage(out.resolve("cells_instances.tif"));
        assertThat(inst.width()).isEqualTo(71);
        for (int i = 0; i < 45 * 71; i++) {
            assertThat(inst.labels()[i] > 0).isEqualTo(labels.labels()[i] == 1);
        }
        Image overlay = ImageFiles.readImage(out.resolve("cells_overlay.png"));
        assertThat(overlay.channels()).isEqualTo(3);
        assertThat(overlay.height()).isEqualTo(45);
        assertThat(out.toFile().list()).containsExactlyInAnyOrder("cells_prob.tif", "cells_fg.tif", "cells_labels.tif",
                "cells_instances.tif", "cells_overlay.png");
    }

    @Test
    void stacksArePredictedSliceBySliceAndFoldersFileByFile() throws IOException {
        Path in = dir.resolve("in");
        Random r = new Random(2);
        List<float[]> pages = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            float[] v = new float[33 * 50];
            for (int i = 0; i < v.length; i++) {
                v[i] = 1000 * r.nextFloat();
            }
            pages.add(v);
        }
        ImageFiles.writeFloatHyperstack(in.resolve("stack.tif"), pages, 33, 50, 1, 3, 0, 1000);
        grayPng(in.resolve("single.png"), 20, 30, 3);
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Path out = dir.resolve("out");
        int code = run("predict", "--model", model.toString(), "--input", in.toString(), "--out", out.toString(), "--tile", "60",
                "--batch", "3");
        assertThat(code).as(stdout + stderr).isZero();
        assertThat(stdout).contains("stack.tif: 33x50, 3 slices").contains("single.png: 20x30, 1 slice");
        assertThat(ImageFiles.readImages(out.resolve("stack_prob.tif"))).hasSize(6);
        assertThat(ImageFiles.readImages(out.resolve("stack_fg.tif"))).hasSize(3);
        assertThat(ImageFiles.readLabelImages(out.resolve("stack_labels.tif"))).hasSize(3);
        assertThat(ImageFiles.readImages(out.resolve("single_prob.tif")).get(0).width()).isEqualTo(30);
        // slice 2 of the stack equals slice 2 predicted on its own
        Path one = dir.resolve("slice2.tif");
        ImageFiles.writeFloatHyperstack(one, List.of(pages.get(1)), 33, 50, 1, 1, 0, 1000);
        assertThat(run("predict", "--model", model.toString(), "--input", one.toString(), "--out", out.toString(), "--tile", "60")).isZero();
        float[] alone = ImageFiles.readImages(out.resolve("slice2_fg.tif")).get(0).pixels();
        float[] inStack = ImageFiles.readImages(out.resolve("stack_fg.tif")).get(1).pixels();
        for (int i = 0; i < alone.length; i++) {
            assertThat(alone[i]).isCloseTo(inStack[i], within(1e-5f)); // batch sizes differ: float rounding only
        }
    }

    @Test
    void foldersLayoutFeedsUnetEvaluate() {
        Path in = dir.resolve("in");
        Path gt = dir.resolve("gt");
        for (String name : new String[] {"20", "21"}) {
            grayPng(in.resolve(name + ".png"), 40, 48, name.hashCode());
            BufferedImage mask = new BufferedImage(48, 40, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 48; x++) {
                    mask.getRaster().setSample(x, y, 0, (x / 8 + y / 8) % 2 == 0 ? 255 : 0);
                }
            }
            ImageFiles.writePng(gt.resolve(name + ".png"), mask);
        }
        Path out = dir.resolve("out");
        assertThat(run("predict", "--model", model.toString(), "--input", in.toString(), "--out", out.toString(), "--layout", "folders"))
                .as(stderr).isZero();
        assertThat(out.resolve("fg").toFile().list()).containsExactlyInAnyOrder("20.tif", "21.tif");
        assertThat(out.resolve("prob").toFile().list()).containsExactlyInAnyOrder("20.tif", "21.tif");
        assertThat(out.resolve("labels").toFile().list()).containsExactlyInAnyOrder("20.tif", "21.tif");
        assertThat(run("evaluate", "--pred", out.resolve("fg").toString(), "--gt", gt.toString())).as(stderr).isZero();
        assertThat(stdout).contains("20.png").contains("pixel_error");
    }

    @Test
    void badModelsAreInputErrors() throws IOException {
        Path png = grayPng(dir.resolve("a.png"), 20, 20, 1);
        assertThat(run("predict", "--model", dir.resolve("missing").toString(), "--input", png.toString(), "--out", dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr).contains("no such folder");
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("config.json"), "{\"format\": \"keras\"}");
        assertThat(run("predict", "--model", foreign.toString(), "--input", png.toString(), "--out", dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr).contains("is not a unet4j model");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void badInputsAreInputErrors() throws IOException {
        String m = model.toString();
        String o = dir.resolve("o").toString();
        assertThat(run("predict", "--model", m, "--input", dir.resolve("none.png").toString(), "--out", o)).isEqualTo(2);
        assertThat(stderr).contains("no such file or folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("predict", "--model", m, "--input", empty.toString(), "--out", o)).isEqualTo(2);
        assertThat(stderr).contains("holds no image file");
        Path corrupt = Files.write(dir.resolve("corrupt.png"), new byte[] {1, 2, 3, 4});
        assertThat(run("predict", "--model", m, "--input", corrupt.toString(), "--out", o)).isEqualTo(2);
        assertThat(stderr).contains("corrupt.png");
        BufferedImage rgb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        Path color = dir.resolve("color.png");
        ImageIO.write(rgb, "png", color.toFile());
        assertThat(run("predict", "--model", m, "--input", color.toString(), "--out", o)).isEqualTo(2);
        assertThat(stderr).contains("has 3 channel(s), but the model").contains("expects 1");
        assertThat(dir.resolve("o")).as("refused predictions leave no empty --out folder behind").doesNotExist();
    }

    @Test
    void badOptionsAreInputErrors() {
        Path png = grayPng(dir.resolve("a.png"), 20, 20, 1);
        String[] base = {"predict", "--model", model.toString(), "--input", png.toString(), "--out", dir.resolve("o").toString()};
        assertThat(run(concat(base, "--tile", "50"))).isEqualTo(2);
        assertThat(stderr).contains("tile 50 is not valid for depth 2; nearest valid sizes are 48 and 52");
        assertThat(run(concat(base, "--tile", "big"))).isEqualTo(2);
        assertThat(stderr).contains("--tile 'big' is not valid");
        assertThat(run(concat(base, "--memory", "lots"))).isEqualTo(2);
        assertThat(stderr).contains("memory size 'lots' is not valid");
        assertThat(run(concat(base, "--batch", "0"))).isEqualTo(2);
        assertThat(run(concat(base, "--precision", "fp8"))).isEqualTo(2);
        assertThat(run(concat(base, "--foreground-class", "2"))).isEqualTo(2);
        assertThat(stderr).contains("--foreground-class 2 is out of range");
        assertThat(run(concat(base, "--postprocess", "watershed", "--seed-threshold", "2"))).isEqualTo(2);
        assertThat(stderr).contains("--seed-threshold 2.0 is not a probability");
        assertThat(run(concat(base, "--postprocess", "watershed", "--flood-threshold", "0.5"))).isEqualTo(2);
        assertThat(stderr).contains("--flood-threshold 0.5 must be at least 0 and below --seed-threshold 0.5");
        assertThat(run(concat(base, "--postprocess", "thinning"))).isEqualTo(2);
        assertThat(run(concat(base, "--min-size", "-1"))).isEqualTo(2);
        assertThat(stderr).contains("--min-size -1 is negative");
    }

    @Test
    void watershedSealsTheForegroundMapAndSplitsInstances() {
        Path png = grayPng(dir.resolve("em.png"), 40, 52, 3);
        Path out = dir.resolve("ws");
        int code = run("predict", "--model", model.toString(), "--input", png.toString(), "--out", out.toString(),
                "--instances", "--postprocess", "watershed", "--seed-threshold", "0.55", "--threads", "1");
        assertThat(code).as(stderr).isZero();
        assertThat(stdout).contains("watershed (seeds > 0.55, flood > 0)");
        float[] prob = ImageFiles.readImages(out.resolve("em_prob.tif")).get(1).pixels();
        float[] fg = ImageFiles.readImages(out.resolve("em_fg.tif")).get(0).pixels();
        int[] ids = ImageFiles.readLabelImage(out.resolve("em_instances.tif")).labels();
        int lines = 0;
        for (int i = 0; i < fg.length; i++) {
            if (ids[i] == 0) {
                lines++;
                assertThat(fg[i]).as("everything is flooded: a pixel outside every instance is a line").isZero();
            } else {
                assertThat(fg[i]).isEqualTo(prob[i]);
            }
            if (i % 52 < 51 && ids[i] > 0 && ids[i + 1] > 0) {
                assertThat(ids[i + 1]).isEqualTo(ids[i]);
            }
        }
        assertThat(lines).isPositive();
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
