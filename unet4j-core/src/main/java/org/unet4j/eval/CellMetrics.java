package org.unet4j.eval;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.data.LabelImage;

/**
 * Cell (instance) segmentation metrics on label images (0 = background, other values = object
 * ids), agreeing with the reference scorer ({@code ../shared/eval/score.py}) to 1e-9:
 *
 * <ul>
 *   <li>foreground IoU and Dice of the masks label &gt; 0, pooled over all pixels and per image;
 *   <li>Cell Tracking Challenge SEG: a ground-truth object R matches the predicted object S with
 *       |R ∩ S| &gt; 0.5·|R| (strictly), J(R) = |R ∩ S| / |R ∪ S| or 0 without a match; SEG = Σ J
 *       over all ground-truth objects of all images / their number;
 *   <li>object AP = TP / (TP + FP + FN) at IoU thresholds (by default the 2018 Data Science Bowl's
 *       0.5, 0.55, ..., 0.95, {@link #dsbThresholds()}) and their mean, with a one-to-one matching
 *       that maximises the number of pairs with IoU &gt;= t; counts summed over images (StarDist's
 *       {@code matching_dataset}), plus precision, recall and F1;
 *   <li>panoptic quality PQ at IoU &gt; 0.5;
 *   <li>touching ground-truth pairs and how many of them the prediction merged (when the images'
 *       shapes are known).
 * </ul>
 *
 * Definitions and sources: {@code docs/EVALUATION.md}.
 */
public final class CellMetrics {
    /** The default IoU threshold of the object AP. */
    public static final double AP_THRESHOLD = 0.5;

    private static final double[] DSB_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    /** The IoU thresholds of the 2018 Data Science Bowl, StarDist and Cellpose: 0.5, 0.55, ..., 0.95 (a copy). */
    public static double[] dsbThresholds() {
        return DSB_THRESHOLDS.clone();
    }

    private CellMetrics() {
    }

    /** All metrics, AP at IoU 0.5, 0.55, ..., 0.95. Images are paired by position and must have equal sizes. */
    public static CellResult evaluate(List<LabelImage> pred, List<LabelImage> gt) {
        return evaluate(pred, gt, DSB_THRESHOLDS);
    }

    /** All metrics with AP at each of {@code iouThresholds}. */
    public static CellResult evaluate(List<LabelImage> pred, List<LabelImage> gt, double... iouThresholds) {
        if (pred.size() != gt.size()) {
            throw new IllegalArgumentException(pred.size() + " predicted and " + gt.size() + " ground-truth images");
        }
        List<int[]> p = new ArrayList<>();
        List<int[]> g = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < pred.size(); i++) {
            if (pred.get(i).height() != gt.get(i).height() || pred.get(i).width() != gt.get(i).width()) {
                throw new IllegalArgumentException("image " + i + ": prediction " + pred.get(i).sizeText()
                        + " and ground truth " + gt.get(i).sizeText() + " differ in size");
            }
            p.add(pred.get(i).labels());
            g.add(gt.get(i).labels());
            shapes.add(new int[] {gt.get(i).height(), gt.get(i).width()});
        }
        return evaluateArrays(p, g, shapes, iouThresholds);
    }

    /**
     * All metrics on flat label arrays of any shape (a 2-D image, or a 3-D volume flattened): the
     * metrics only compare labels pixel by pixel.
     *
     * @throws IllegalArgumentException if the lists are empty or differ in length, two paired
     *     arrays differ in length, or no IoU threshold is given
     */
    public static CellResult evaluateArrays(List<int[]> pred, List<int[]> gt, double... iouThresholds) {
        return evaluateArrays(pred, gt, null, iouThresholds);
    }

    /**
     * As {@link #evaluateArrays(List, List, double...)}, with each image's shape ({height, width}
     * or {depth, height, width}) so that touching ground-truth pairs can be counted; {@code shapes}
     * null leaves {@link CellResult#merges()} null.
     */
    public static CellResult evaluateArrays(List<int[]> pred, List<int[]> gt, List<int[]> shapes, double... iouThresholds) {
        if (pred.isEmpty() || pred.size() != gt.size()) {
            throw new IllegalArgumentException("need the same positive number of predicted and ground-truth images, got "
                    + pred.size() + " and " + gt.size());
        }
        if (iouThresholds.length == 0) {
            throw new IllegalArgumentException("no IoU threshold");
        }
        int n = pred.size();
        List<ObjectOverlap> overlaps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (pred.get(i).length != gt.get(i).length) {
                throw new IllegalArgumentException("image " + i + ": prediction has " + pred.get(i).length
                        + " pixels, ground truth " + gt.get(i).length);
            }
            overlaps.add(ObjectOverlap.of(gt.get(i), pred.get(i)));
        }
        CellResult.Overlap[] fg = foreground(pred, gt);
        List<CellResult.Ap> ap = new ArrayList<>();
        for (double t : iouThresholds) {
            ap.add(averagePrecision(overlaps, t));
        }
        CellResult.Merges merges = null;
        if (shapes != null) {
            if (shapes.size() != n) {
                throw new IllegalArgumentException(shapes.size() + " shapes for " + n + " images");
            }
            long touching = 0;
            long merged = 0;
            List<CellResult.MergeImage> per = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int[] c = TouchingPairs.count(overlaps.get(i), shapes.get(i));
                per.add(new CellResult.MergeImage(c[0], c[1]));
                touching += c[0];
                merged += c[1];
            }
            merges = new CellResult.Merges(touching, merged, List.copyOf(per));
        }
        return new CellResult(n, fg[0], fg[1], seg(overlaps), List.copyOf(ap), panoptic(overlaps), merges);
    }

    /** PQ with matches at IoU &gt; 0.5, which are unique: an object has at most one partner above 0.5. */
    private static CellResult.Pq panoptic(List<ObjectOverlap> overlaps) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        double iouSum = 0;
        double sumPq = 0;
        List<CellResult.PqImage> per = new ArrayList<>();
        for (ObjectOverlap o : overlaps) {
            int itp = 0;
            double s = 0;
            for (int k = 0; k < o.pairCount.length; k++) {
                double iou = o.iou(k);
                if (iou > 0.5) {
                    itp++;
                    s += iou;
                }
            }
            int ifp = o.predCount() - itp;
            int ifn = o.gtCount() - itp;
            double pq = pq(itp, ifp, ifn, s);
            per.add(new CellResult.PqImage(itp, ifp, ifn, s, pq));
            sumPq += pq;
            tp += itp;
            fp += ifp;
            fn += ifn;
            iouSum += s;
        }
        double rq = tp + fp + fn > 0 ? tp / (tp + 0.5 * fp + 0.5 * fn) : 1.0;
        double sq = tp > 0 ? iouSum / tp : 0.0;
        return new CellResult.Pq(pq(tp, fp, fn, iouSum), sq, rq, tp, fp, fn, iouSum, sumPq / overlaps.size(),
                List.copyOf(per));
    }

    private static double pq(long tp, long fp, long fn, double iouSum) {
        return tp + fp + fn > 0 ? iouSum / (tp + 0.5 * fp + 0.5 * fn) : 1.0;
    }

    private static CellResult.Overlap[] foreground(List<int[]> pred, List<int[]> gt) {
        int n = pred.size();
        PixelOverlap pooled = PixelOverlap.NONE;
        double[] iou = new double[n];
        double[] dice = new double[n];
        for (int k = 0; k < n; k++) {
            PixelOverlap o = PixelOverlap.of(LabelImage.foreground(pred.get(k)), gt.get(k));
            iou[k] = o.iou();
            dice[k] = o.dice();
            pooled = pooled.plus(o);
        }
        return new CellResult.Overlap[] {
            new CellResult.Overlap(pooled.iou(), mean(iou), iou),
            new CellResult.Overlap(pooled.dice(), mean(dice), dice)
        };
    }

    private static CellResult.Seg seg(List<ObjectOverlap> overlaps) {
        double totalJ = 0;
        long totalN = 0;
        List<CellResult.SegImage> per = new ArrayList<>();
        double sumSeg = 0;
        int withObjects = 0;
        for (ObjectOverlap o : overlaps) {
            double[] j = new double[o.gtCount()];
            int matched = 0;
            for (int k = 0; k < o.pairCount.length; k++) {
                long nij = o.pairCount[k];
                int a = o.pairGt[k];
                if (2 * nij > o.gtSize[a]) { // |R ∩ S| > 0.5 |R|, exact in integers; at most one S per R
                    j[a] = nij / (double) (o.gtSize[a] + o.predSize[o.pairPred[k]] - nij);
                    matched++;
                }
            }
            double sum = 0;
            for (double v : j) {
                sum += v;
            }
            double s = j.length > 0 ? sum / j.length : Double.NaN;
            per.add(new CellResult.SegImage(s, j.length, matched, o.predCount()));
            totalJ += sum;
            totalN += j.length;
            if (j.length > 0) {
                sumSeg += s;
                withObjects++;
            }
        }
        return new CellResult.Seg(totalN > 0 ? totalJ / totalN : Double.NaN, totalN,
                withObjects > 0 ? sumSeg / withObjects : Double.NaN, List.copyOf(per));
    }

    private static CellResult.Ap averagePrecision(List<ObjectOverlap> overlaps, double t) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        List<CellResult.ApImage> per = new ArrayList<>();
        double[] perAp = new double[overlaps.size()];
        for (int i = 0; i < overlaps.size(); i++) {
            ObjectOverlap o = overlaps.get(i);
            int itp = truePositives(o, t);
            int ifp = o.predCount() - itp;
            int ifn = o.gtCount() - itp;
            perAp[i] = ap(itp, ifp, ifn);
            per.add(new CellResult.ApImage(itp, ifp, ifn, perAp[i]));
            tp += itp;
            fp += ifp;
            fn += ifn;
        }
        return new CellResult.Ap(t, ap(tp, fp, fn), mean(perAp), tp, fp, fn,
                tp + fp > 0 ? tp / (double) (tp + fp) : 0.0,
                tp + fn > 0 ? tp / (double) (tp + fn) : 0.0,
                2 * tp + fp + fn > 0 ? 2.0 * tp / (2 * tp + fp + fn) : 1.0,
                List.copyOf(per));
    }

    /** Pairs of a maximum one-to-one matching among the pairs with IoU >= t (see {@link MaxMatching}). */
    private static int truePositives(ObjectOverlap o, double t) {
        int nTrue = o.gtCount();
        int nPred = o.predCount();
        if (nTrue == 0 || nPred == 0) {
            return 0;
        }
        if (t <= 0) {
            return Math.min(nTrue, nPred); // every pair qualifies, even without overlap
        }
        int[] degree = new int[nTrue];
        for (int k = 0; k < o.pairCount.length; k++) {
            if (o.iou(k) >= t) {
                degree[o.pairGt[k]]++;
            }
        }
        int[][] adjacency = new int[nTrue][];
        for (int a = 0; a < nTrue; a++) {
            adjacency[a] = new int[degree[a]];
            degree[a] = 0;
        }
        for (int k = 0; k < o.pairCount.length; k++) {
            if (o.iou(k) >= t) {
                int a = o.pairGt[k];
                adjacency[a][degree[a]++] = o.pairPred[k];
            }
        }
        return MaxMatching.size(adjacency, nPred);
    }

    private static double ap(long tp, long fp, long fn) {
        long d = tp + fp + fn;
        return d > 0 ? tp / (double) d : 1.0;
    }

    private static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
