package org.unet4j.fiji;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.api.Previews;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.loss.WeightMapParams;

/**
 * The packaged target/fiji/ works whatever Fiji's class path holds: a JVM whose class path is the
 * plugin jar, ImageJ, JavaCPP 1.5.10 and Jackson 2.9 (no unet4j-core) loads the engine from
 * lib/unet4j/ in its own class loader and segments exactly as the library does here.
 */
class IsolationTest {
    @TempDir
    Path tmp;

    @Test
    void pluginsSegmentWithAnOldJavacppAndJacksonOnTheParentClassPath() throws Exception {
        Path fiji = Path.of(System.getProperty("unet4j.fiji.dir"));
        List<String> cp = new ArrayList<>();
        try (Stream<Path> plugins = Files.list(fiji.resolve("plugins"))) {
            plugins.filter(p -> p.getFileName().toString().startsWith("unet4j_-")).forEach(p -> cp.add(p.toString()));
        }
        try (Stream<Path> old = Files.list(Path.of(System.getProperty("unet4j.parent.classpath")))) {
            old.sorted().forEach(p -> cp.add(p.toString()));
        }
        assertThat(cp).anyMatch(s -> s.contains("javacpp-1.5.10")).anyMatch(s -> s.contains("jackson-databind-2.9"));
        cp.add(System.getProperty("unet4j.test.classes"));
        Path run = TinyRun.get();
        Path out = tmp.resolve("isolated.bin");
        Path log = tmp.resolve("isolated.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.awt.headless=true", "-cp", String.join(File.pathSeparator, cp), IsolatedMain.class.getName(), run.toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the isolated JVM finishes").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("JavaCPP 1.5.13").contains("unet4j-engine");

        Synthetic.Plane plane = Synthetic.plane(80, 20);
        try (Segmenter seg = Segmenter.open(run, SegmentOptions.defaults().withTile(60));
                DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
            Segmentation s = seg.segment(Image.gray(80, 80, plane.pixels().clone()));
            for (int k = 0; k < 2; k++) {
                float[] prob = new float[80 * 80];
                for (int i = 0; i < prob.length; i++) {
                    prob[i] = in.readFloat();
                }
                assertThat(prob).as("class %d", k).containsExactly(s.probability(k), org.assertj.core.api.Assertions.within(1e-6f));
            }
            int[] labels = new int[80 * 80];
            int[] ids = new int[80 * 80];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readInt();
            }
            for (int i = 0; i < ids.length; i++) {
                ids[i] = in.readInt();
            }
            assertThat(labels).isEqualTo(s.labels().labels());
            assertThat(ids).isEqualTo(s.instances().labels());
            assertThat(in.readInt()).isEqualTo((int) Arrays.stream(ids).filter(v -> v > 0).distinct().count());
            float[] weights = new float[80 * 80];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = in.readFloat();
            }
            assertThat(weights).isEqualTo(Previews.weightMap(new LabelImage(80, 80, plane.ids()), WeightMapParams.paper()).weights());
        }
    }
}
