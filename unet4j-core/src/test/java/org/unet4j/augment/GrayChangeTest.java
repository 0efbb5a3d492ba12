package org.unet4j.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.augment.AugmentParams.Flips;
import org.unet4j.data.Image;

class GrayChangeTest {
    private static Image ramp() {
        float[] px = new float[64 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = 10 + (i % 97) * 2;
        }
        return Image.gray(64, 64, px);
    }

    @Test
    void zeroParametersChangeNothing() {
        Image img = ramp();
        GrayChange g = GrayChange.random(AugmentParams.paper().scaled(0), new Random(1));
        assertThat(g.isIdentity()).isTrue();
        Image copy = img.copy();
        g.apply(copy);
        assertThat(copy).isEqualTo(img);
    }

    @Test
    void gammaContrastAndBrightnessKeepTheOrderOfGrayValues() {
        Image img = ramp();
        for (double gamma : new double[] {0.7, 1.4}) {
            Image out = img.copy();
            new GrayChange(gamma, 1.3, 0.5, 0, 0, 0).apply(out);
            for (int i = 0; i < img.pixels().length; i++) {
                for (int j = 0; j < 97; j++) {
                    if (img.pixels()[i] < img.pixels()[j]) {
                        assertThat(out.pixels()[i]).isLessThan(out.pixels()[j]);
                    }
                }
            }
            assertThat(out).isNotEqualTo(img);
        }
    }

    @Test
    void brightnessAndContrastActInStandardDeviations() {
        Image img = ramp();
        double[] before = stats(img.pixels());
        Image shifted = img.copy();
        new GrayChange(1, 1, 0.5, 0, 0, 0).apply(shifted);
        assertThat(stats(shifted.pixels())[0]).isCloseTo(before[0] + 0.5 * before[1], within(1e-3));
        Image stretched = img.copy();
        new GrayChange(1, 2, 0, 0, 0, 0).apply(stretched);
        assertThat(stats(stretched.pixels())[1]).isCloseTo(2 * before[1], within(1e-3));
        assertThat(stats(stretched.pixels())[0]).isCloseTo(before[0], within(1e-3));
    }

    @Test
    void gammaKeepsTheValueRange() {
        Image out = ramp();
        new GrayChange(1.5, 1, 0, 0, 0, 0).apply(out);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : out.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isCloseTo(10, within(1e-4));
        assertThat(max).isCloseTo(10 + 96 * 2, within(1e-3));
    }

    @Test
    void noiseHasTheDrawnStandardDeviation() {
        float[] px = new float[200 * 200];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 2 == 0 ? 90 : 110;
        }
        Image img = Image.gray(200, 200, px);
        Image noisy = img.copy();
        new GrayChange(1, 1, 0, 0, 0.5, 42).apply(noisy);
        double sumSq = 0;
        for (int i = 0; i < px.length; i++) {
            double d = noisy.pixels()[i] - px[i];
            sumSq += d * d;
        }
        // image std 10: noise std 5
        assertThat(Math.sqrt(sumSq / px.length)).isCloseTo(5, within(0.1));
        Image again = img.copy();
        new GrayChange(1, 1, 0, 0, 0.5, 42).apply(again);
        assertThat(again).isEqualTo(noisy);
    }

    @Test
    void blurSmoothsAndKeepsTheMean() {
        float[] px = new float[40 * 40];
        px[20 * 40 + 20] = 1000;
        Image img = Image.gray(40, 40, px);
        new GrayChange(1, 1, 0, 1.5, 0, 0).apply(img);
        assertThat(stats(img.pixels())[0] * px.length).isCloseTo(1000, within(0.1));
        assertThat(img.get(0, 20, 20)).isLessThan(200f);
        assertThat(img.get(0, 20, 21)).isCloseTo(img.get(0, 21, 20), within(1e-3f));
        assertThat(img.get(0, 21, 20)).isCloseTo(img.get(0, 19, 20), within(1e-3f));
    }

    @Test
    void channelsChangeTogether() {
        AugmentParams p = new AugmentParams(3, 0, 0, Flips.NONE, 0, 0, 0.2, 0.2, 0.2, 0, 0);
        float[] px = new float[2 * 64 * 64];
        System.arraycopy(ramp().pixels(), 0, px, 0, 4096);
        System.arraycopy(ramp().pixels(), 0, px, 4096, 4096);
        Image img = new Image(2, 64, 64, px);
        GrayChange.random(p, new Random(5)).apply(img);
        assertThat(img.channel(1)).containsExactly(img.channel(0));
    }

    private static double[] stats(float[] v) {
        double s = 0;
        double ss = 0;
        for (float f : v) {
            s += f;
            ss += (double) f * f;
        }
        double m = s / v.length;
        return new double[] {m, Math.sqrt(ss / v.length - m * m)};
    }
}
