package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.LabelImage;
import org.unet4j.data.synth.SyntheticData;
import org.unet4j.data.synth.SyntheticSample;
import org.unet4j.data.synth.SyntheticStyle;
import org.unet4j.io.ImageFiles;

class SynthCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void writesCellImagesAnd16BitInstanceLabels() throws Exception {
        Path o = dir.resolve("cells");
        assertThat(run("synth", "--style", "CELLS", "--n", "2", "--size", "64", "--seed", "5", "--out", o.toString()))
                .as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("wrote 2 cells images of 64x64");
        List<SyntheticSample> expected = SyntheticData.generateSet(SyntheticStyle.CELLS, 2, 64, 5);
        for (int i = 0; i < 2; i++) {
            Path image = o.resolve("images/00" + i + ".png");
            Path labels = o.resolve("labels/00" + i + ".png");
            assertThat(ImageFiles.readImage(image)).isEqualTo(expected.get(i).image());
            assertThat(ImageFiles.readLabelImage(labels)).isEqualTo(expected.get(i).labels());
            assertThat(ImageIO.read(image.toFile()).getColorModel().getPixelSize()).isEqualTo(8);
            assertThat(ImageIO.read(labels.toFile()).getColorModel().getPixelSize()).isEqualTo(16);
        }
        assertThat(Files.readString(o.resolve("synth.json"))).contains("\"style\" : \"cells\"").contains("\"seed\" : 5");
        try (var files = Files.list(o.resolve("images"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void writesMembranesWithIsbiLabelsAndCanRunAgain() throws Exception {
        Path o = dir.resolve("em");
        String[] args = {"synth", "--style", "membranes", "--n", "1", "--size", "48", "--out", o.toString()};
        assertThat(run(args)).as(err.toString()).isEqualTo(0);
        assertThat(run(args)).as(err.toString()).isEqualTo(0);
        LabelImage l = ImageFiles.readLabelImage(o.resolve("labels/000.png"));
        assertThat(l.labels()).contains(0, 255).containsOnly(0, 255);
        assertThat(ImageIO.read(o.resolve("labels/000.png").toFile()).getColorModel().getPixelSize()).isEqualTo(8);
        assertThat(out.toString()).contains("membrane pixels");
    }

    @Test
    void refusesToMixWithOtherFiles() throws Exception {
        Path o = dir.resolve("mixed");
        Files.createDirectories(o.resolve("images"));
        Files.writeString(o.resolve("images/other.png"), "x");
        assertThat(run("synth", "--n", "1", "--size", "32", "--out", o.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("other.png").contains("empty --out");
    }

    @Test
    void badOptionsExitWith2AndOneLine() {
        String o = dir.resolve("bad").toString();
        String[][] cases = {
            {"synth", "--n", "0", "--out", o},
            {"synth", "--size", "15", "--out", o},
            {"synth", "--style", "tissue", "--out", o},
        };
        for (String[] args : cases) {
            err.getBuffer().setLength(0);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString().strip()).as(String.join(" ", args)).doesNotContain("\n").isNotBlank();
        }
        assertThat(Files.exists(dir.resolve("bad"))).isFalse();
    }
}
