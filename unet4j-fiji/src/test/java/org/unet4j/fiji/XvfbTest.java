package org.unet4j.fiji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.data.Image;

/**
 * ImageJ itself started from the packaged folder, as the independent check does: {@code
 * xvfb-run -a java -Dplugins.dir=target/fiji -jar ij.jar -batch macro.ijm}. ImageJ finds the plugin
 * jar in plugins/ through its plugins.config, the macro's run("unet4j Segment", ...) reaches it, and
 * the images it saves equal the library's own output. Skipped where xvfb-run is not installed
 * (plain ImageJ 1 needs a display to build its menus, even with -batch).
 */
class XvfbTest {
    @TempDir
    Path tmp;

    @Test
    void imagejBatchMacroRunsSegmentFromThePackagedFolder() throws Exception {
        Path xvfb = onPath("xvfb-run");
        assumeTrue(xvfb != null, "xvfb-run is not installed (apt-get install xvfb): skipped");
        Path fiji = Path.of(System.getProperty("unet4j.fiji.dir"));
        Path ij = Path.of(System.getProperty("unet4j.parent.classpath"), "ij-1.54p.jar");
        Path run = TinyRun.get();
        ImagePlus source = Synthetic.image("cells.tif", 72, 1, 77);
        Path input = tmp.resolve("cells.tif");
        assertThat(new FileSaver(source).saveAsTiff(input.toString())).isTrue();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path macro = tmp.resolve("segment.ijm");
        Files.writeString(macro, String.join("\n",
                "open(\"" + input + "\");",
                "run(\"unet4j Segment\", \"model=[" + run + "] tile=60 instances\");",
                "selectImage(\"cells_prob\"); saveAs(\"Tiff\", \"" + out.resolve("cells_prob.tif") + "\");",
                "selectImage(\"cells_instances\"); saveAs(\"Tiff\", \"" + out.resolve("cells_instances.tif") + "\");",
                "print(\"unet4j macro done\");", ""));
        Path log = tmp.resolve("imagej.log");
        Process p = new ProcessBuilder(xvfb.toString(), "-a", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dplugins.dir=" + fiji, "-jar", ij.toString(), "-batch", macro.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as(output).isTrue();
        assertThat(output).contains("unet4j macro done");
        ImagePlus prob = IJ.openImage(out.resolve("cells_prob.tif").toString());
        ImagePlus ids = IJ.openImage(out.resolve("cells_instances.tif").toString());
        assertThat(prob.getBitDepth()).isEqualTo(32);
        assertThat(prob.getNChannels()).isEqualTo(2);
        assertThat(ids.getBitDepth()).isEqualTo(16);
        try (Segmenter seg = Segmenter.open(run, SegmentOptions.defaults().withTile(60))) {
            Segmentation s = seg.segment(Image.gray(72, 72, Synthetic.plane(72, 77).pixels().clone()));
            assertThat((float[]) prob.getStack().getProcessor(2).getPixels()).containsExactly(s.probability(1),
                    org.assertj.core.api.Assertions.within(1e-6f));
            int[] got = new int[72 * 72];
            for (int i = 0; i < got.length; i++) {
                got[i] = ids.getProcessor().get(i);
            }
            assertThat(got).isEqualTo(s.instances().labels());
        }
    }

    static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
