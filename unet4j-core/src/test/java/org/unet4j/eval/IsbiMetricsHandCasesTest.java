package org.unet4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.unet4j.Progress;

/**
 * The hand-computed 7x7 cases of the reference scorer's {@code test_score.py} (each expected value
 * is derived there): a 1-pixel membrane frame around a 5x5 interior, optionally cut by a vertical
 * membrane line.
 */
class IsbiMetricsHandCasesTest {
    private static final double EPS = 1e-14;

    /** 7x7 ground truth: frame 0, interior 255, optional membrane line at column {@code lineX}. */
    static int[] box(int lineX) {
        int[] a = new int[49];
        for (int y = 1; y < 6; y++) {
            for (int x = 1; x < 6; x++) {
                a[y * 7 + x] = x == lineX ? 0 : 255;
            }
        }
        return a;
    }

    static float[] prob(int[] labels) {
        float[] p = new float[labels.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (labels[i] / 255.0);
        }
        return p;
    }

    static IsbiResult score(int[] gt, int[] pred) {
        return IsbiMetrics.evaluate(List.of(prob(pred)), List.of(gt), 7, 7);
    }

    static double f1(double p, double r) {
        return 2 * p * r / (p + r);
    }

    @Test
    void identicalTwoObjects() {
        IsbiResult r = score(box(3), box(3));
        assertThat(r.pixelError().value()).isEqualTo(0.0);
        assertThat(r.randError().value()).isEqualTo(0.0);
        assertThat(r.randErrorPairs().value()).isEqualTo(0.0);
        assertThat(r.warpingError().value()).isEqualTo(0.0);
        assertThat(r.vRand().value()).isEqualTo(1.0);
        assertThat(r.vInfo().value()).isEqualTo(1.0);
    }

    @Test
    void identicalSingleObjectHasVInfoZero() {
        IsbiResult r = score(box(-1), box(-1));
        assertThat(r.randError().value()).isEqualTo(0.0);
        assertThat(r.vRand().value()).isEqualTo(1.0);
        assertThat(r.vInfo().value()).isEqualTo(0.0); // H(GT) = 0: Fiji's (P, R) = (0, 1)
    }

    @Test
    void splitOfOneObject() {
        IsbiResult r = score(box(-1), box(3));
        assertThat(r.pixelError().value()).isCloseTo(1 - f1(1.0, 0.8), within(EPS));
        assertThat(r.pixelError().accuracyValue()).isCloseTo(5 / 49.0, within(EPS));
        assertThat(r.randError().value()).isCloseTo(1 - f1(1.0, 205 / 625.0), within(EPS));
        assertThat(r.randErrorPairs().value()).isCloseTo(1 - f1(1.0, 0.3), within(EPS));
        assertThat(r.warpingError().value()).isCloseTo(1 / 49.0, within(EPS));
        assertThat(r.warpingError().perThreshold().get(0).counts()[SimplePointWarping.SPLIT]).isEqualTo(1);
        assertThat(r.vRand().value()).isCloseTo(f1(1.0, 205 / 625.0), within(EPS));
        assertThat(r.vInfo().value()).isEqualTo(0.0);
    }

    @Test
    void mergeOfTwoObjects() {
        IsbiResult r = score(box(3), box(-1));
        assertThat(r.pixelError().value()).isCloseTo(1 - f1(0.8, 1.0), within(EPS));
        assertThat(r.randError().value()).isCloseTo(1 / 3.0, within(EPS));
        assertThat(r.randErrorPairs().value()).isCloseTo(1 - f1(90 / 190.0, 1.0), within(EPS));
        assertThat(r.warpingError().value()).isCloseTo(5 / 49.0, within(EPS));
        assertThat(r.warpingError().perThreshold().get(0).counts()[SimplePointWarping.MERGE]).isEqualTo(5);
        assertThat(r.vRand().value()).isCloseTo(2 / 3.0, within(EPS));
        assertThat(r.vInfo().value()).isEqualTo(0.0); // H(prediction) = 0
    }

    @Test
    void onePixelShiftHasNoWarpingError() {
        IsbiResult r = score(box(3), box(4));
        assertThat(r.pixelError().value()).isCloseTo(0.25, within(EPS));
        assertThat(r.randError().value()).isCloseTo(1 - f1(1.0, 130 / 200.0), within(EPS));
        assertThat(r.randErrorPairs().value()).isCloseTo(1 - f1(1.0, 55 / 90.0), within(EPS));
        assertThat(r.warpingError().value()).isEqualTo(0.0);
        assertThat(r.vRand().value()).isCloseTo(f1(1.0, 130 / 200.0), within(EPS));
        double rec = Math.log(2) / (Math.log(2) + 0.25 * Math.log(20));
        assertThat(r.vInfo().value()).isCloseTo(f1(1.0, rec), within(EPS));
    }

    @Test
    void filledHoleIsAHoleDeletionNotAnError() {
        int[] gt = box(-1);
        gt[3 * 7 + 3] = 0;
        IsbiResult r = score(gt, box(-1));
        assertThat(r.warpingError().value()).isEqualTo(0.0);
        assertThat(r.warpingError().perThreshold().get(0).counts()[SimplePointWarping.HOLE_DELETION]).isEqualTo(1);
    }

    @Test
    void thresholdIsStrictlyGreater() {
        int[] gt = box(-1);
        float[] p = prob(gt);
        for (int i = 0; i < p.length; i++) {
            if (gt[i] > 0) {
                p[i] = 0.5f;
            }
        }
        IsbiResult r = IsbiMetrics.evaluate(List.of(p), List.of(gt), 7, 7,
                IsbiOptions.challenge().withMetrics(Set.of(IsbiMetric.PIXEL_ERROR)), Progress.NONE);
        assertThat(r.pixelError().perThreshold().get(5).tp()).isZero(); // 0.5 > 0.5 is false
        assertThat(r.pixelError().perThreshold().get(4).tp()).isEqualTo(25);
        assertThat(r.randError()).isNull();
    }

    @Test
    void randIsMicroAndVRandMacroAveraged() {
        IsbiResult r = IsbiMetrics.evaluate(List.of(prob(box(3)), prob(box(-1))), List.of(box(3), box(3)), 7, 7);
        assertThat(r.randError().value()).isCloseTo(1 - f1(400 / 600.0, 1.0), within(EPS));
        assertThat(r.vRand().value()).isCloseTo((1 + 2 / 3.0) / 2, within(EPS));
        assertThat(r.randError().perSlice()).containsExactly(new double[] {0.0, 1 / 3.0}, within(EPS));
    }

    @Test
    void fijiThresholdLists() {
        double[] t = FijiThresholds.challenge();
        assertThat(t).hasSize(11);
        assertThat(t[3]).isEqualTo(0.30000000000000004);
        assertThat(t[10]).isEqualTo(0.9999999999999999);
        double[] w = FijiThresholds.challengeWarping();
        assertThat(w).hasSize(10);
        assertThat(w[9]).isEqualTo(0.8999999999999999);
    }
}
