package org.unet4j.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.augment.AugmentParams.Flips;

class ElasticFieldTest {
    @Test
    void passesThroughTheControlDisplacements() {
        double[] dy = {1, -2, 3, 4, 5, -6, 7, 8, 9};
        double[] dx = {-1, 2, -3, 0.5, 0, 10, -7, 1, 2};
        ElasticField f = ElasticField.of(3, dy, dx, 9, 13);
        double[] ry = new double[13];
        double[] rx = new double[13];
        for (int i = 0; i < 3; i++) {
            f.fillRow(4 * i, ry, rx);
            for (int j = 0; j < 3; j++) {
                assertThat(ry[6 * j]).isEqualTo(dy[3 * i + j]);
                assertThat(rx[6 * j]).isEqualTo(dx[3 * i + j]);
            }
        }
    }

    @Test
    void reproducesLinearFieldsUpToTheEdges() {
        // control displacements of an affine map: the interpolated field must be that map everywhere
        int g = 4;
        int h = 31;
        int w = 46;
        double[] dy = new double[g * g];
        double[] dx = new double[g * g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                double y = ElasticField.nodePosition(i, g, h);
                double x = ElasticField.nodePosition(j, g, w);
                dy[i * g + j] = 0.1 * x - 0.05 * y + 2;
                dx[i * g + j] = -0.2 * y + 1;
            }
        }
        ElasticField f = ElasticField.of(g, dy, dx, h, w);
        double[] ry = new double[w];
        double[] rx = new double[w];
        for (int y = 0; y < h; y++) {
            f.fillRow(y, ry, rx);
            for (int x = 0; x < w; x++) {
                assertThat(ry[x]).isCloseTo(0.1 * x - 0.05 * y + 2, within(1e-9));
                assertThat(rx[x]).isCloseTo(-0.2 * y + 1, within(1e-9));
            }
        }
    }

    @Test
    void meanDisplacementMagnitudeMatchesSigma() {
        double sigma = 10;
        AugmentParams elasticOnly = new AugmentParams(3, sigma, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0);
        int size = 101;
        Random random = new Random(11);
        double[] sy = new double[size];
        double[] sx = new double[size];
        double sumMagnitude = 0;
        double sumSquares = 0;
        int n = 0;
        double fieldSquares = 0;
        for (int draw = 0; draw < 600; draw++) {
            CoordinateMap map = CoordinateMap.random(elasticOnly, size, size, 7, -3, random);
            for (int y = 0; y < size; y++) {
                map.fillRow(y, sy, sx);
                for (int x = 0; x < size; x++) {
                    double dy = sy[x] - (7 + y);
                    double dx = sx[x] - (-3 + x);
                    if (y % 50 == 0 && x % 50 == 0) {
                        sumMagnitude += Math.hypot(dy, dx);
                        sumSquares += dy * dy + dx * dx;
                        n++;
                    }
                    fieldSquares += dy * dy + dx * dx;
                }
            }
        }
        // at the control points each component is N(0, sigma^2): magnitudes are Rayleigh(sigma)
        assertThat(Math.sqrt(sumSquares / (2 * n))).isCloseTo(sigma, within(0.03 * sigma));
        assertThat(sumMagnitude / n).isCloseTo(sigma * Math.sqrt(Math.PI / 2), within(0.03 * sigma));
        // everywhere: the field is a fixed linear combination of the control vectors, so its variance
        // at a pixel is sigma^2 times the sum of squared interpolation weights of that pixel
        double expectedSquares = 0;
        double[] by = new double[size];
        double[] bx = new double[size];
        for (int k = 0; k < 9; k++) {
            double[] unit = new double[9];
            unit[k] = 1;
            ElasticField basis = ElasticField.of(3, unit, new double[9], size, size);
            for (int y = 0; y < size; y++) {
                basis.fillRow(y, by, bx);
                for (int x = 0; x < size; x++) {
                    expectedSquares += by[x] * by[x];
                }
            }
        }
        double expectedRms = sigma * Math.sqrt(expectedSquares / (size * size));
        assertThat(Math.sqrt(fieldSquares / (600.0 * 2 * size * size))).isCloseTo(expectedRms, within(0.03 * expectedRms));
        assertThat(expectedRms).isBetween(0.6 * sigma, sigma);
    }

    @Test
    void fieldIsSmooth() {
        ElasticField f = ElasticField.random(3, 10, 572, 572, new Random(3));
        double[] ry = new double[572];
        double[] rx = new double[572];
        double[] py = new double[572];
        double[] px = new double[572];
        double maxStep = 0;
        for (int y = 0; y < 572; y++) {
            f.fillRow(y, ry, rx);
            for (int x = 1; x < 572; x++) {
                maxStep = Math.max(maxStep, Math.max(Math.abs(ry[x] - ry[x - 1]), Math.abs(rx[x] - rx[x - 1])));
                if (y > 0) {
                    maxStep = Math.max(maxStep, Math.max(Math.abs(ry[x] - py[x]), Math.abs(rx[x] - px[x])));
                }
            }
            System.arraycopy(ry, 0, py, 0, 572);
            System.arraycopy(rx, 0, px, 0, 572);
        }
        assertThat(maxStep).isLessThan(0.5);
    }
}
