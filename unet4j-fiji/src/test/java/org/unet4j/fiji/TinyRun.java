package org.unet4j.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.api.CancelToken;
import org.unet4j.api.Samples;
import org.unet4j.api.TrainSettings;
import org.unet4j.api.Training;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.model.UNetConfig;

/** A tiny model (depth 2, base 4, tile 60, 6 iterations) trained once per test JVM with unet4j-core's own API. */
final class TinyRun {
    private static Path run;

    private TinyRun() {
    }

    static synchronized Path get() throws IOException, InterruptedException {
        if (run == null) {
            List<SegmentationSample> train = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Synthetic.Plane p = Synthetic.plane(64, 100 + i);
                train.add(Samples.fromInstances("s" + i, Image.gray(64, 64, p.pixels()), new LabelImage(64, 64, p.ids())));
            }
            Synthetic.Plane v = Synthetic.plane(64, 200);
            List<SegmentationSample> val = List.of(Samples.fromInstances("v", Image.gray(64, 64, v.pixels()), new LabelImage(64, 64, v.ids())));
            TrainSettings s = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4)).withTile(60)
                    .withIterations(6).withValidationAndCheckpoints(3, 3).withSeed(1);
            Path top = Files.createTempDirectory("unet4j-fiji-tiny");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(top)));
            Path dir = top.resolve("run");
            Training.of(train, val, s).withReport(false).run(dir, CancelToken.none());
            run = dir;
        }
        return run;
    }

    private static void delete(Path top) {
        try (var all = Files.walk(top)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
