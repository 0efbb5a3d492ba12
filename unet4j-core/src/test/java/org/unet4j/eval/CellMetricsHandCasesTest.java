package org.unet4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.data.LabelImage;

/** The hand-computed cell cases of the reference scorer's {@code test_score.py}, on 10x10 label images. */
class CellMetricsHandCasesTest {
    private static final double EPS = 1e-15;

    static LabelImage blank() {
        return LabelImage.zeros(10, 10);
    }

    /** Sets rows y0..y1-1, columns x0..x1-1 to {@code v}. */
    static LabelImage fill(LabelImage l, int y0, int y1, int x0, int x1, int v) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                l.set(y, x, v);
            }
        }
        return l;
    }

    static CellResult score(LabelImage gt, LabelImage pred, double... t) {
        return t.length == 0 ? CellMetrics.evaluate(List.of(pred), List.of(gt)) : CellMetrics.evaluate(List.of(pred), List.of(gt), t);
    }

    @Test
    void identical() {
        LabelImage g = fill(fill(blank(), 1, 5, 1, 6, 1), 6, 9, 2, 9, 7);
        CellResult r = score(g, g.copy());
        assertThat(r.iou().value()).isEqualTo(1.0);
        assertThat(r.dice().value()).isEqualTo(1.0);
        assertThat(r.seg().value()).isEqualTo(1.0);
        assertThat(r.firstAp().value()).isEqualTo(1.0);
    }

    @Test
    void unevenSplit() {
        LabelImage g = fill(blank(), 1, 5, 1, 6, 1);
        LabelImage p = fill(fill(blank(), 1, 5, 1, 4, 1), 1, 5, 4, 6, 2);
        CellResult r = score(g, p);
        assertThat(r.iou().value()).isEqualTo(1.0);
        assertThat(r.seg().value()).isCloseTo(0.6, within(EPS));
        CellResult.Ap a = r.firstAp();
        assertThat(new long[] {a.tp(), a.fp(), a.fn()}).containsExactly(1, 1, 0);
        assertThat(a.value()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void exactHalfSplitIsNoSegMatchButAnApMatch() {
        LabelImage g = fill(blank(), 1, 5, 1, 6, 1);
        LabelImage p = fill(fill(blank(), 1, 3, 1, 6, 1), 3, 5, 1, 6, 2);
        CellResult r = score(g, p);
        assertThat(r.seg().value()).isEqualTo(0.0); // 10 is not > 0.5 * 20
        CellResult.Ap a = r.firstAp(); // IoU 0.5 >= 0.5
        assertThat(new long[] {a.tp(), a.fp(), a.fn()}).containsExactly(1, 1, 0);
    }

    @Test
    void mergeOfTwoObjects() {
        LabelImage g = fill(fill(blank(), 1, 3, 1, 6, 1), 3, 5, 1, 6, 2);
        LabelImage p = fill(blank(), 1, 5, 1, 6, 5);
        CellResult r = score(g, p);
        assertThat(r.seg().value()).isCloseTo(0.5, within(EPS));
        CellResult.Ap a = r.firstAp();
        assertThat(new long[] {a.tp(), a.fp(), a.fn()}).containsExactly(1, 0, 1);
        assertThat(a.value()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void onePixelShift() {
        LabelImage g = fill(blank(), 2, 6, 2, 6, 1);
        LabelImage p = fill(blank(), 2, 6, 3, 7, 1);
        CellResult r = score(g, p, 0.5, 0.7);
        assertThat(r.iou().value()).isCloseTo(0.6, within(EPS));
        assertThat(r.dice().value()).isCloseTo(24 / 32.0, within(EPS));
        assertThat(r.seg().value()).isCloseTo(0.6, within(EPS));
        assertThat(r.ap().get(0).value()).isEqualTo(1.0);
        assertThat(r.ap().get(1).value()).isEqualTo(0.0);
    }

    @Test
    void emptyPrediction() {
        LabelImage g = fill(blank(), 2, 6, 2, 6, 1);
        CellResult r = score(g, blank());
        assertThat(r.iou().value()).isEqualTo(0.0);
        assertThat(r.seg().value()).isEqualTo(0.0);
        assertThat(r.firstAp().value()).isEqualTo(0.0);
    }

    @Test
    void segIsPooledOverObjects() {
        LabelImage g1 = fill(blank(), 1, 4, 1, 4, 1);
        LabelImage g2 = fill(fill(fill(blank(), 0, 2, 0, 2, 1), 4, 6, 4, 6, 2), 7, 9, 7, 9, 3);
        CellResult r = CellMetrics.evaluate(List.of(g1.copy(), blank()), List.of(g1, g2));
        assertThat(r.seg().value()).isCloseTo(0.25, within(EPS));
        assertThat(r.seg().meanPerImage()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void imagesWithoutObjects() {
        CellResult r = score(blank(), blank());
        assertThat(r.iou().value()).isEqualTo(1.0);
        assertThat(r.dice().value()).isEqualTo(1.0);
        assertThat(r.seg().value()).isNaN();
        assertThat(r.firstAp().value()).isEqualTo(1.0);
        assertThat(r.firstAp().f1()).isEqualTo(1.0);
    }

    @Test
    void matchingFindsTheMaximumNumberOfPairs() {
        // greedy matching by IoU would pair gt 1 with pred 11 and leave gt 2 unmatched
        int[][] adjacency = {{0, 1}, {0}};
        assertThat(MaxMatching.size(adjacency, 2)).isEqualTo(2);
        assertThat(MaxMatching.size(new int[][] {{0}, {0}, {}}, 1)).isEqualTo(1);
    }
}
