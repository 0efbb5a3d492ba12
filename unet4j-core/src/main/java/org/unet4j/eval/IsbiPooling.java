package org.unet4j.eval;

import java.util.ArrayList;
import java.util.List;

/** Pools the per-slice counts of {@link IsbiSlice} into the stack's results, as the scorer does. */
final class IsbiPooling {
    private final IsbiSlice[] slices;
    private final long pixelsPerSlice;
    private final IsbiOptions options;

    IsbiPooling(IsbiSlice[] slices, int height, int width, IsbiOptions options) {
        this.slices = slices;
        this.pixelsPerSlice = (long) height * width;
        this.options = options;
    }

    IsbiResult.PixelError pixelError() {
        double[] th = options.thresholds();
        long total = pixelsPerSlice * slices.length;
        List<IsbiResult.PixelRow> rows = new ArrayList<>();
        double[] f = new double[th.length];
        double[] acc = new double[th.length];
        for (int t = 0; t < th.length; t++) {
            long[] c = new long[4];
            for (IsbiSlice s : slices) {
                for (int k = 0; k < 4; k++) {
                    c[k] += s.pixel[t][k];
                }
            }
            f[t] = FijiFScore.of(c[0], c[1], c[2]);
            acc[t] = (c[0] + c[3]) / (double) total;
            rows.add(new IsbiResult.PixelRow(th[t], c[0], c[1], c[2], c[3], f[t], acc[t]));
        }
        long wrongAtHalf = 0;
        for (IsbiSlice s : slices) {
            wrongAtHalf += s.pixel[th.length][1] + s.pixel[th.length][2];
        }
        int best = FijiFScore.argMax(f);
        int bestAcc = FijiFScore.argMax(acc);
        double[] perSlice = new double[slices.length];
        for (int i = 0; i < slices.length; i++) {
            double[] fs = new double[th.length];
            for (int t = 0; t < th.length; t++) {
                long[] c = slices[i].pixel[t];
                fs[t] = FijiFScore.of(c[0], c[1], c[2]);
            }
            perSlice[i] = 1.0 - FijiFScore.max(fs);
        }
        return new IsbiResult.PixelError(1.0 - FijiFScore.max(f), FijiFScore.max(f), at(th, best),
                1.0 - FijiFScore.max(acc), at(th, bestAcc), wrongAtHalf / (double) total, rows, perSlice);
    }

    IsbiResult.RandError randError(boolean n2) {
        double[] th = options.thresholds();
        List<IsbiResult.CountRow> rows = new ArrayList<>();
        double[] f = new double[th.length];
        for (int t = 0; t < th.length; t++) {
            double[] c = new double[3];
            for (IsbiSlice s : slices) {
                double[] sc = n2 ? s.randN2[t] : s.randPairs[t];
                for (int k = 0; k < 3; k++) {
                    c[k] += sc[k];
                }
            }
            f[t] = FijiFScore.of(c[0], c[1], c[2]);
            rows.add(new IsbiResult.CountRow(th[t], c[0], c[1], c[2], f[t]));
        }
        double[] perSlice = new double[slices.length];
        for (int i = 0; i < slices.length; i++) {
            double[] fs = new double[th.length];
            for (int t = 0; t < th.length; t++) {
                double[] c = n2 ? slices[i].randN2[t] : slices[i].randPairs[t];
                fs[t] = FijiFScore.of(c[0], c[1], c[2]);
            }
            perSlice[i] = 1.0 - FijiFScore.max(fs);
        }
        return new IsbiResult.RandError(n2 ? "n2" : "pairs", 1.0 - FijiFScore.max(f), FijiFScore.max(f),
                at(th, FijiFScore.argMax(f)), rows, perSlice);
    }

    IsbiResult.WarpingError warpingError() {
        double[] th = options.warpingThresholds();
        double total = (double) pixelsPerSlice * slices.length;
        List<IsbiResult.WarpingRow> rows = new ArrayList<>();
        int best = 0;
        for (int t = 0; t < th.length; t++) {
            long[] c = new long[SimplePointWarping.NAMES.length];
            for (IsbiSlice s : slices) {
                for (int k = 0; k < c.length; k++) {
                    c[k] += s.warping[t][k];
                }
            }
            long err = c[SimplePointWarping.MERGE] + c[SimplePointWarping.SPLIT];
            rows.add(new IsbiResult.WarpingRow(th[t], err / total, err, c));
            if (err / total < rows.get(best).error()) {
                best = t;
            }
        }
        double[] perSlice = new double[slices.length];
        for (int i = 0; i < slices.length; i++) {
            double min = Double.POSITIVE_INFINITY;
            for (int t = 0; t < th.length; t++) {
                int[] c = slices[i].warping[t];
                min = Math.min(min, (c[SimplePointWarping.MERGE] + c[SimplePointWarping.SPLIT]) / (double) pixelsPerSlice);
            }
            perSlice[i] = min;
        }
        IsbiResult.WarpingRow b = rows.get(best);
        return new IsbiResult.WarpingError(b.error(), b.threshold(), b.errorPixels(), options.warpingRadius(), rows, perSlice);
    }

    IsbiResult.Score thinnedScore(boolean vRand) {
        double[] th = options.thresholds();
        List<IsbiResult.ScoreRow> rows = new ArrayList<>();
        double[] mean = new double[th.length];
        for (int t = 0; t < th.length; t++) {
            double sum = 0;
            for (IsbiSlice s : slices) {
                sum += vRand ? s.vRand[t] : s.vInfo[t];
            }
            mean[t] = sum / slices.length;
            rows.add(new IsbiResult.ScoreRow(th[t], mean[t]));
        }
        double[] perSlice = new double[slices.length];
        for (int i = 0; i < slices.length; i++) {
            perSlice[i] = FijiFScore.max(vRand ? slices[i].vRand : slices[i].vInfo);
        }
        return new IsbiResult.Score(FijiFScore.max(mean), at(th, FijiFScore.argMax(mean)), rows, perSlice);
    }

    private static double at(double[] th, int index) {
        return index < 0 ? Double.NaN : th[index];
    }
}
