package org.unet4j.eval;

import java.util.Arrays;
import org.unet4j.data.Components;

/**
 * The counts and scores of one slice at every threshold, from which {@link IsbiMetrics} pools the
 * stack's values. Slices are independent, so they can be scored in parallel.
 */
final class IsbiSlice {
    /** Pixel tp, fp, fn, tn per threshold; the last row is threshold 0.5. */
    long[][] pixel;
    /** Rand tp, fp, fn (N² normalisation) per threshold. */
    double[][] randN2;
    /** Rand tp, fp, fn (pairs normalisation) per threshold. */
    double[][] randPairs;
    /** V_Rand F-score per threshold. */
    double[] vRand;
    /** V_Info F-score per threshold. */
    double[] vInfo;
    /** Counts of the mismatch types per warping threshold. */
    int[][] warping;

    private IsbiSlice() {
    }

    /** Scores ground truth {@code gt} (0 = membrane) against probability map {@code prob} (1 = interior). */
    static IsbiSlice score(float[] prob, int[] gt, int height, int width, IsbiOptions options) {
        IsbiSlice s = new IsbiSlice();
        double[] th = options.thresholds();
        int size = height * width;
        if (options.has(IsbiMetric.PIXEL_ERROR)) {
            double[] withHalf = Arrays.copyOf(th, th.length + 1);
            withHalf[th.length] = 0.5;
            s.pixel = new long[withHalf.length][];
            for (int t = 0; t < withHalf.length; t++) {
                s.pixel[t] = pixelCounts(prob, gt, withHalf[t]);
            }
        }
        boolean rand = options.has(IsbiMetric.RAND_ERROR);
        boolean thinned = options.has(IsbiMetric.V_RAND) || options.has(IsbiMetric.V_INFO);
        if (rand || thinned) {
            s.randN2 = new double[th.length][];
            s.randPairs = new double[th.length][];
            s.vRand = new double[th.length];
            s.vInfo = new double[th.length];
            boolean[] gtMask = null;
            Components.Labelling gtLab = null;
            for (int t = 0; t < th.length; t++) {
                boolean[] g = new boolean[size];
                boolean[] p = new boolean[size];
                for (int i = 0; i < size; i++) {
                    g[i] = gt[i] > th[t];
                    p[i] = prob[i] > th[t];
                }
                if (gtLab == null || !Arrays.equals(g, gtMask)) {
                    gtMask = g;
                    gtLab = Components.label(g, height, width, Components.Connectivity.FOUR);
                }
                if (rand) {
                    Components.Labelling pl = Components.label(p, height, width, Components.Connectivity.FOUR);
                    ForegroundOverlap o = ForegroundOverlap.of(gtLab.labels(), gtLab.count(), pl.labels(), pl.count());
                    s.randN2[t] = o.randN2();
                    s.randPairs[t] = o.randPairs();
                }
                if (thinned) {
                    boolean[] border = new boolean[size];
                    for (int i = 0; i < size; i++) {
                        border[i] = !p[i];
                    }
                    Components.Labelling w = FijiWatershed.thin(border, height, width);
                    ForegroundOverlap o = ForegroundOverlap.of(gtLab.labels(), gtLab.count(), w.labels(), w.count());
                    double[] c = o.randN2();
                    s.vRand[t] = FijiFScore.of(c[0], c[1], c[2]);
                    s.vInfo[t] = o.infoFScore();
                }
            }
        }
        if (options.has(IsbiMetric.WARPING_ERROR)) {
            boolean[] source = new boolean[size];
            for (int i = 0; i < size; i++) {
                source[i] = gt[i] > 0;
            }
            SimplePointWarping warp = new SimplePointWarping(source, height, width, options.warpingRadius());
            double[] wth = options.warpingThresholds();
            s.warping = new int[wth.length][];
            for (int t = 0; t < wth.length; t++) {
                s.warping[t] = warp.errors(prob, wth[t]);
            }
        }
        return s;
    }

    /** tp, fp, fn, tn with ground truth {@code > 0} and prediction {@code > th} (interior positive). */
    private static long[] pixelCounts(float[] prob, int[] gt, double th) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < gt.length; i++) {
            boolean g = gt[i] > 0;
            boolean p = prob[i] > th;
            if (g) {
                if (p) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (p) {
                fp++;
            } else {
                tn++;
            }
        }
        return new long[] {tp, fp, fn, tn};
    }
}
