package org.unet4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.Progress;
import org.unet4j.data.Components;

/** Building blocks of the ISBI metrics, with the reference scorer's unit cases. */
class IsbiInternalsTest {
    // bits of the 8-neighbourhood: NW, N, NE, W, E, SW, S, SE
    private static final int NW = 1;
    private static final int N = 2;
    private static final int W = 8;
    private static final int E = 16;
    private static final int S = 64;

    /** 3x3 patch with the given neighbour bits set; whether its centre is a simple point. */
    private static boolean simple(int code) {
        boolean[] src = new boolean[9];
        int[] pos = {0, 1, 2, 3, 5, 6, 7, 8};
        for (int k = 0; k < 8; k++) {
            src[pos[k]] = (code >> k & 1) != 0;
        }
        // the centre is background in the source and interior in the target: one mismatch, flipped iff simple
        float[] target = new float[9];
        for (int i = 0; i < 9; i++) {
            target[i] = src[i] ? 1f : 0f;
        }
        target[4] = 1f;
        SimplePointWarping w = new SimplePointWarping(src, 3, 3, 20);
        int[] counts = w.errors(target, 0.5);
        int remaining = 0;
        for (int c : counts) {
            remaining += c;
        }
        return remaining == 0;
    }

    @Test
    void simplePointPatterns() {
        assertThat(simple(0)).isFalse();               // isolated pixel: T4 = 0
        assertThat(simple(255)).isFalse();             // no background neighbour: T8 = 0
        assertThat(simple(N)).isTrue();                // end of a line
        assertThat(simple(W | E)).isFalse();           // bridge between two 4-components
        assertThat(simple(NW)).isFalse();              // diagonal neighbour only: not 4-adjacent
        assertThat(simple(NW | W)).isTrue();
        assertThat(simple(N | S)).isFalse();
        assertThat(simple(255 & ~N)).isTrue();         // notch in a straight border
    }

    @Test
    void watershedOnOneRow() {
        // interior, border x3, interior x3: x=1 floods from basin A, x=3 from B, x=2 meets both
        boolean[] border = {false, true, true, true, false, false, false};
        int[] lab = FijiWatershed.thin(border, 1, 7).labels();
        assertThat(lab[2]).isZero();
        assertThat(lab[0]).isEqualTo(lab[1]).isPositive();
        assertThat(lab[3]).isEqualTo(lab[4]).isEqualTo(lab[6]).isPositive();
        assertThat(lab[0]).isNotEqualTo(lab[4]);
    }

    @Test
    void allBorderBecomesOneRegion() {
        boolean[] border = new boolean[20];
        Arrays.fill(border, true);
        Components.Labelling l = FijiWatershed.thin(border, 4, 5);
        assertThat(l.labels()).containsOnly(l.labels()[0]);
        assertThat(l.labels()[0]).isPositive();
    }

    @Test
    void threadsDoNotChangeTheResult() {
        Random rnd = new Random(3);
        List<float[]> prob = new ArrayList<>();
        List<int[]> gt = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            float[] p = new float[40 * 30];
            int[] g = new int[40 * 30];
            for (int i = 0; i < p.length; i++) {
                g[i] = (i % 30) % 7 == 0 || (i / 30) % 9 == 0 ? 0 : 255;
                p[i] = (float) Math.min(1, Math.max(0, (g[i] > 0 ? 0.8 : 0.2) + 0.3 * rnd.nextGaussian()));
            }
            prob.add(p);
            gt.add(g);
        }
        IsbiResult one = IsbiMetrics.evaluate(prob, gt, 40, 30);
        IsbiResult four = IsbiMetrics.evaluate(prob, gt, 40, 30, IsbiOptions.challenge().withThreads(4), Progress.NONE);
        for (IsbiMetric m : IsbiMetric.values()) {
            assertThat(four.value(m)).as(m.key()).isEqualTo(one.value(m));
            for (int s = 0; s < 4; s++) {
                assertThat(four.sliceValue(m, s)).isEqualTo(one.sliceValue(m, s));
            }
        }
    }

    @Test
    void perSliceValueIsTheValueOfThatSliceAlone() {
        int[] gt = IsbiMetricsHandCasesTest.box(3);
        float[] split = IsbiMetricsHandCasesTest.prob(IsbiMetricsHandCasesTest.box(-1));
        float[] same = IsbiMetricsHandCasesTest.prob(gt);
        IsbiResult both = IsbiMetrics.evaluate(List.of(same, split), List.of(gt, gt), 7, 7);
        IsbiResult second = IsbiMetrics.evaluate(List.of(split), List.of(gt), 7, 7);
        for (IsbiMetric m : IsbiMetric.values()) {
            assertThat(both.sliceValue(m, 1)).as(m.key()).isEqualTo(second.value(m));
        }
    }
}
