package org.unet4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.data.LabelImage;

/** Issue 19's metrics on a hand-worked case: AP@0.5:0.95, its mean, PQ, merged touching pairs, the JSON numbers. */
class CellMetricsDsbTest {
    // ground truth: 1 and 2 touch (cols 0-1 and 2-3), 3 alone (cols 6-7); rows 0-1
    private static final int[] GT = {
        1, 1, 2, 2, 0, 0, 3, 3,
        1, 1, 2, 2, 0, 0, 3, 3,
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    // prediction: 10 merges 1 and 2 (IoU 0.5 each), 20 covers 3 and a column more (IoU 4/6), 30 is a false positive
    private static final int[] PRED = {
        10, 10, 10, 10, 0, 20, 20, 20,
        10, 10, 10, 10, 0, 20, 20, 20,
        0, 0, 0, 0, 0, 0, 0, 0,
        30, 0, 0, 0, 0, 0, 0, 0};

    private static CellResult result() {
        return CellMetrics.evaluate(List.of(new LabelImage(4, 8, PRED)), List.of(new LabelImage(4, 8, GT)));
    }

    @Test
    void apAtTheTenThresholdsAndTheirMean() {
        CellResult r = result();
        assertThat(r.ap()).hasSize(10);
        // 0.5: three pairs qualify, a matching holds two -> TP 2, FP 1, FN 1
        assertThat(r.apAt(0.5).value()).isEqualTo(0.5);
        assertThat(r.apAt(0.5).tp()).isEqualTo(2);
        // 0.55..0.65: only (3, 20) at 0.667 -> TP 1, FP 2, FN 2
        for (double t : new double[] {0.55, 0.6, 0.65}) {
            assertThat(r.apAt(t).value()).isCloseTo(0.2, within(1e-12));
        }
        for (double t : new double[] {0.7, 0.75, 0.8, 0.85, 0.9, 0.95}) {
            assertThat(r.apAt(t).value()).isZero();
        }
        assertThat(r.meanAp()).isCloseTo(0.11, within(1e-12));
        assertThat(CellMetric.MEAN_AP.value(r)).isCloseTo(0.11, within(1e-12));
        assertThat(r.meanAp(0)).isCloseTo(0.11, within(1e-12));
    }

    @Test
    void panopticQualityCountsOnlyMatchesAboveHalf() {
        CellResult.Pq pq = result().pq();
        assertThat(pq.tp()).isEqualTo(1);
        assertThat(pq.fp()).isEqualTo(2);
        assertThat(pq.fn()).isEqualTo(2);
        assertThat(pq.value()).isCloseTo((4.0 / 6) / 3, within(1e-12));
        assertThat(pq.sq() * pq.rq()).isCloseTo(pq.value(), within(1e-12));
    }

    @Test
    void mergedTouchingPairs() {
        CellResult.Merges m = result().merges();
        assertThat(m.touchingPairs()).isEqualTo(1);
        assertThat(m.mergedPairs()).isEqualTo(1);
        int[] split = PRED.clone();
        split[2] = 11;
        split[3] = 11;
        split[10] = 11;
        split[11] = 11;
        CellResult s = CellMetrics.evaluate(List.of(new LabelImage(4, 8, split)), List.of(new LabelImage(4, 8, GT)));
        assertThat(s.merges().touchingPairs()).isEqualTo(1);
        assertThat(s.merges().mergedPairs()).isZero();
        assertThat(s.apAt(0.5).tp()).isEqualTo(3);
    }

    @Test
    void pooledLikeStarDistNotAveraged() {
        int[] empty = new int[32];
        CellResult r = CellMetrics.evaluate(List.of(new LabelImage(4, 8, PRED), new LabelImage(4, 8, empty)),
                List.of(new LabelImage(4, 8, GT), new LabelImage(4, 8, empty)));
        assertThat(r.apAt(0.5).value()).isEqualTo(0.5); // sums: TP 2, FP 1, FN 1
        assertThat(r.apAt(0.5).meanPerImage()).isEqualTo(0.75); // per image 0.5 and 1 (nothing on either side)
        assertThat(r.pq().perImage().get(1).pq()).isEqualTo(1.0);
    }

    @Test
    void jsonHasTheNumbersBesideTheApObject() {
        var o = EvaluationJson.cells(result(), List.of("a.tif"), EnumSet.allOf(CellMetric.class));
        assertThat(o.get("ap").get("value").asDouble()).isEqualTo(0.5);
        assertThat(o.get("ap@0.5").asDouble()).isEqualTo(0.5);
        assertThat(o.get("ap@0.55").asDouble()).isCloseTo(0.2, within(1e-12));
        assertThat(o.get("ap@0.95").asDouble()).isZero();
        assertThat(o.get("mean_ap").asDouble()).isCloseTo(0.11, within(1e-12));
        assertThat(o.get("pq").asDouble()).isCloseTo(2.0 / 9, within(1e-12));
        assertThat(o.get("merged_pairs").get("merged").asInt()).isEqualTo(1);
        var row = o.get("per_image").get(0);
        assertThat(row.get("image").asText()).isEqualTo("a.tif");
        assertThat(row.get("ap@0.6").asDouble()).isCloseTo(0.2, within(1e-12));
        assertThat(row.get("mean_ap").asDouble()).isCloseTo(0.11, within(1e-12));
        assertThat(row.get("pq").asDouble()).isCloseTo(2.0 / 9, within(1e-12));
        assertThat(EvaluationJson.apKey(0.75)).isEqualTo("ap@0.75");
    }
}
