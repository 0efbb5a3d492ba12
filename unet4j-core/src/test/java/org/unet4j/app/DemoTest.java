package org.unet4j.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.data.synth.SyntheticStyle;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNetConfig;

class DemoTest {
    @TempDir
    Path dir;

    private Demo.Outcome tinyDemo(SyntheticStyle style, Path out) throws InterruptedException {
        UNetConfig net = UNetConfig.paper().withDepth(2).withBaseChannels(4);
        Demo.Options o = new Demo.Options(style, 0.08, out, 3, 3, 64, net, 60, 2, 0.003);
        List<String> stages = new ArrayList<>();
        Demo.Outcome outcome = new Demo(o, DeviceChoice.CPU).run(stages::add, null, () -> false);
        assertThat(stages).isNotEmpty();
        return outcome;
    }

    @Test
    void cellsDemoWritesEveryPromisedFile() throws Exception {
        Path out = dir.resolve("demo-run");
        Demo.Outcome o = tinyDemo(SyntheticStyle.CELLS, out);
        for (String f : List.of("config.json", "train.csv", "log.txt", "curves.png", "report.html", "metrics.json",
                "checkpoints/last/weights.pt", "checkpoints/last/optimizer.pt", "checkpoints/last/state.json",
                "checkpoints/best/weights.pt", "data/train/images/train-000.png", "data/train/labels/train-000.png",
                "data/val/images/val-000.png", "data/test/labels/test-003.png", "predictions/test-000_fg.tif",
                "predictions/test-003_instances.tif")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
            assertThat(Files.size(out.resolve(f))).as(f).isPositive();
        }
        assertThat(o.testMetrics()).containsKeys("iou", "dice", "seg", "ap");
        assertThat(o.perImage()).hasSize(4);
        assertThat(o.iterations()).isPositive();
        assertThat(ModelFiles.readInfo(out).config().depth()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("unet demo: cells").contains("data:image/png;base64,");
        // running it again replaces the earlier demo
        tinyDemo(SyntheticStyle.CELLS, out);
        assertThat(out.resolve("report.html")).isRegularFile();
    }

    @Test
    void membranesDemoScoresWithTheIsbiMetrics() throws Exception {
        Demo.Outcome o = tinyDemo(SyntheticStyle.MEMBRANES, dir.resolve("m"));
        assertThat(o.testMetrics()).containsKeys("pixel_error", "rand_error", "warping_error");
    }

    @Test
    void refusesToReplaceAFolderThatIsNotADemo() throws IOException {
        Path out = dir.resolve("precious");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.txt"), "do not delete");
        UNetConfig net = UNetConfig.paper().withDepth(2).withBaseChannels(4);
        Demo.Options o = new Demo.Options(SyntheticStyle.CELLS, 0.08, out, 3, 3, 64, net, 60, 2, 0.003);
        Assertions.assertThatThrownBy(() -> new Demo(o, DeviceChoice.CPU).run(s -> { }, null, () -> false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an earlier demo");
        assertThat(out.resolve("thesis.txt")).isRegularFile();
    }
}
