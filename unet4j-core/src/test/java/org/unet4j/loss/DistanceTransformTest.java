package org.unet4j.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {
    @Test
    void equalsBruteForceOnRandomMasks() {
        Random r = new Random(42);
        int[][] sizes = {{1, 1}, {1, 17}, {13, 1}, {7, 9}, {20, 31}, {32, 32}};
        double[] densities = {0.0, 0.01, 0.1, 0.5, 0.95};
        for (int[] s : sizes) {
            for (double p : densities) {
                for (int rep = 0; rep < 3; rep++) {
                    boolean[] mask = new boolean[s[0] * s[1]];
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] = r.nextDouble() < p;
                    }
                    assertThat(DistanceTransform.squared(mask, s[0], s[1]))
                            .as("%dx%d density %s", s[0], s[1], p)
                            .containsExactly(bruteForce(mask, s[0], s[1]));
                }
            }
        }
    }

    @Test
    void singlePixelGivesSquaredDistancesToItsCentre() {
        boolean[] mask = new boolean[5 * 6];
        mask[2 * 6 + 3] = true;
        double[] d = DistanceTransform.squared(mask, 5, 6);
        assertThat(d[2 * 6 + 3]).isZero();
        assertThat(d[2 * 6 + 4]).isEqualTo(1);
        assertThat(d[3 * 6 + 4]).isEqualTo(2);
        assertThat(d[0]).isEqualTo(2 * 2 + 3 * 3);
    }

    @Test
    void reusedInstanceHandlesGrowingAndShrinkingGrids() {
        DistanceTransform dt = new DistanceTransform();
        Random r = new Random(3);
        for (int[] s : new int[][] {{4, 4}, {25, 9}, {3, 30}, {2, 2}}) {
            boolean[] mask = new boolean[s[0] * s[1]];
            mask[r.nextInt(mask.length)] = true;
            double[] grid = new double[mask.length];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = mask[i] ? 0 : Double.POSITIVE_INFINITY;
            }
            dt.transform(grid, s[0], s[1]);
            assertThat(grid).containsExactly(bruteForce(mask, s[0], s[1]));
        }
    }

    static double[] bruteForce(boolean[] mask, int h, int w) {
        double[] d = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double best = Double.POSITIVE_INFINITY;
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        if (mask[yy * w + xx]) {
                            best = Math.min(best, (double) (y - yy) * (y - yy) + (double) (x - xx) * (x - xx));
                        }
                    }
                }
                d[y * w + x] = best;
            }
        }
        return d;
    }
}
