package org.unet4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.io.ImageFiles;

class CurvesTest {
    private static final int BLUE = 0x4E79A7;

    @TempDir
    Path dir;

    @Test
    void aTypicalLogRendersBothPanels() {
        List<CurvePoint> points = SampleReports.curve(1000, new Random(1));
        BufferedImage img = Curves.render(points, 900, 600, Curves.YScale.AUTO);
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(600);
        assertThat(count(img, 0, 330, BLUE)).as("smoothed loss in the top panel").isGreaterThan(200);
        assertThat(count(img, 330, 600, 0x59A14F)).as("IoU line in the bottom panel").isGreaterThan(100);
        assertThat(Curves.validationMetrics(points)).containsExactly("iou", "dice", "pixel_error", "rand_error");
    }

    @Test
    void edgeCasesRenderWithoutFailing() {
        List<List<CurvePoint>> cases = new ArrayList<>();
        cases.add(List.of());
        cases.add(List.of(CurvePoint.training(5, 0.7, 0.01, 1)));
        cases.add(List.of(new CurvePoint(5, Double.NaN, Double.NaN, Double.NaN, Map.of("iou", 0.5))));
        cases.add(List.of(CurvePoint.training(1, Double.NaN, 0, 0), CurvePoint.training(2, Double.NaN, 0, 0)));
        cases.add(List.of(CurvePoint.training(1, 0.5, 0, 0), CurvePoint.training(2, 0.5, 0, 0), CurvePoint.training(3, 0.5, 0, 0)));
        cases.add(List.of(CurvePoint.training(1, 0, 0, 0), CurvePoint.training(2, -1, 0, 0),
                CurvePoint.training(3, Double.POSITIVE_INFINITY, 0, 0), CurvePoint.training(4, 1e-7, 0, 0)));
        cases.add(List.of(new CurvePoint(7, 0.3, 0, 0, Map.of("loss", 0.2, "seg", 3.5, "count", -2.0)),
                new CurvePoint(7, 0.2, 0, 0, Map.of("loss", 0.1))));
        for (List<CurvePoint> c : cases) {
            for (Curves.YScale scale : Curves.YScale.values()) {
                BufferedImage img = Curves.render(c, 400, 300, scale);
                assertThat(img.getWidth()).isEqualTo(400);
                assertThat(count(img, 0, 300, 0xFFFFFF)).as("mostly white background").isGreaterThan(400 * 300 / 2);
            }
        }
    }

    @Test
    void aSinglePointIsDrawnAsAMarker() {
        BufferedImage img = Curves.render(List.of(CurvePoint.training(5, 0.7, 0.01, 1)), 400, 300, Curves.YScale.LINEAR);
        assertThat(count(img, 0, 300, BLUE)).isGreaterThan(10);
    }

    @Test
    void nanLossesLeaveGapsButTheRestIsDrawn() {
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            points.add(CurvePoint.training(i, i > 40 && i < 60 ? Double.NaN : 1.0 / i, 0.01, i));
        }
        BufferedImage img = Curves.render(points, 600, 400, Curves.YScale.LOG);
        assertThat(count(img, 0, 400, BLUE)).isGreaterThan(100);
    }

    @Test
    void writesAPngAndRefusesTinySizes() {
        Path png = dir.resolve("curves.png");
        Curves.write(png, SampleReports.curve(200, new Random(2)));
        assertThat(ImageFiles.readImage(png).width()).isEqualTo(Curves.WIDTH);
        assertThatThrownBy(() -> Curves.render(List.of(), 100, 100, Curves.YScale.AUTO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ticksAreRoundNumbers() {
        assertThat(ChartPanel.linearTicks(0, 1, 5)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1);
        assertThat(ChartPanel.linearTicks(3, 1197, 5)).containsExactly(250, 500, 750, 1000);
        assertThat(ChartPanel.linearTicks(0, 90, 4)).containsExactly(0, 25, 50, 75);
        assertThat(ChartPanel.linearTicks(0, 90, 9)).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
        assertThat(ChartPanel.logTicks(0.003, 2)).containsExactly(0.01, 0.1, 1);
        assertThat(ChartPanel.logTicks(0.05, 0.6)).containsExactly(0.05, 0.1, 0.2, 0.5);
        assertThat(ChartPanel.format(1200)).isEqualTo("1,200");
        assertThat(ChartPanel.format(0.25)).isEqualTo("0.25");
        assertThat(ChartPanel.format(1e-4)).isEqualTo("1e-4");
        assertThat(ChartPanel.format(0)).isEqualTo("0");
    }

    @Test
    void smoothingSkipsNonFiniteValues() {
        double[] s = Curves.smooth(new double[] {1, Double.NaN, 3, 5}, 1);
        assertThat(s[0]).isEqualTo(1);
        assertThat(s[1]).isNaN();
        assertThat(s[2]).isEqualTo(4);
        assertThat(Curves.pretty("pixel_error")).isEqualTo("pixel error");
        assertThat(Curves.pretty("iou")).isEqualTo("IoU");
    }

    /** Pixels of rows [y0, y1) within a small distance of colour {@code rgb}. */
    private static int count(BufferedImage img, int y0, int y1, int rgb) {
        int n = 0;
        for (int y = y0; y < Math.min(y1, img.getHeight()); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                if (d < 12) {
                    n++;
                }
            }
        }
        return n;
    }
}
