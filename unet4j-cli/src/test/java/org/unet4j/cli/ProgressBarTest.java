package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.unet4j.Progress;

class ProgressBarTest {
    private long now;

    @Test
    void logModePrintsLinesAtIntervalsWithRateAndEta() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, 10, () -> now);
        bar.start("tiles", 36);
        for (int i = 1; i <= 36; i++) {
            now += 2_000_000_000L;
            bar.step(i, "image 1/2");
        }
        bar.done();
        String[] lines = text.toString().split("\\R");
        assertThat(lines).hasSize(8);
        assertThat(lines[0]).isEqualTo("tiles 5/36  13%  2.0 s/tile  ETA 1:02  image 1/2");
        assertThat(lines[7]).isEqualTo("tiles 36/36 in 1:12 (2.0 s/tile), image 1/2");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void terminalModeRedrawsOneLine() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, 10, () -> now);
        bar.start("iterations", 0);
        now += 1_000_000_000L;
        bar.step(20, "loss 0.31");
        bar.done();
        String s = text.toString();
        assertThat(s).startsWith("\riterations 0  elapsed 0:00").contains("\riterations 20  20.0 iteration/s  loss 0.31")
                .endsWith("iterations 20 in 0:01 (20.0 iteration/s)  loss 0.31" + System.lineSeparator());
    }

    @Test
    void partsOfAWholeAddTheirOffset() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, 10, () -> now);
        bar.start("tiles", 10);
        Progress second = Progress.part(bar, 5, "slice 2/2");
        second.start("tiles", 5);
        now += 1_000_000_000L;
        second.step(5, "");
        second.done();
        assertThat(text.toString()).contains("[####################]  10/10  100%  10.0 tile/s  slice 2/2");
        bar.done();
        assertThat(text.toString()).contains("tiles 10/10 in 0:01 (10.0 tile/s)");
    }

    @Test
    void durations() {
        assertThat(ProgressBar.duration(7.4)).isEqualTo("0:07");
        assertThat(ProgressBar.duration(754)).isEqualTo("12:34");
        assertThat(ProgressBar.duration(3723)).isEqualTo("1:02:03");
    }
}
