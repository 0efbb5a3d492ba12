package org.unet4j.eval;

import java.util.List;

/**
 * Cell (instance) segmentation metrics of a set of images, pooled exactly as the reference
 * scorer pools them, with per-image values. Undefined values (SEG of images without ground-truth
 * objects) are NaN.
 *
 * @param images number of images
 * @param iou foreground IoU (Jaccard) of the masks label &gt; 0
 * @param dice foreground Dice of the masks label &gt; 0
 * @param seg Cell Tracking Challenge SEG
 * @param ap object AP = TP / (TP + FP + FN), one entry per IoU threshold (by default 0.5, 0.55, ..., 0.95)
 * @param pq panoptic quality (Kirillov et al. 2019) of the objects matched at IoU &gt; 0.5
 * @param merges touching ground-truth pairs and how many of them the prediction merged; null when
 *     the images' shapes were not given
 */
public record CellResult(int images, Overlap iou, Overlap dice, Seg seg, List<Ap> ap, Pq pq, Merges merges) {

    /** Mean of the pooled AP over the IoU thresholds ({@code mean_ap}; AP@0.5:0.95 by default). */
    public double meanAp() {
        double s = 0;
        for (Ap a : ap) {
            s += a.value();
        }
        return s / ap.size();
    }

    /** Mean over the IoU thresholds of image {@code i}'s AP. */
    public double meanAp(int i) {
        double s = 0;
        for (Ap a : ap) {
            s += a.perImage().get(i).ap();
        }
        return s / ap.size();
    }

    /** Mean over the images of their mean AP over the thresholds. */
    public double meanApPerImage() {
        double s = 0;
        for (int i = 0; i < images; i++) {
            s += meanAp(i);
        }
        return s / images;
    }

    /** The AP entry at IoU threshold {@code t}, or null if {@code t} is not among the thresholds. */
    public Ap apAt(double t) {
        for (Ap a : ap) {
            if (Math.abs(a.threshold() - t) < 1e-9) {
                return a;
            }
        }
        return null;
    }

    /** The AP entry of the first IoU threshold (0.5 by default). */
    public Ap firstAp() {
        return ap.get(0);
    }

    /**
     * Foreground IoU or Dice.
     *
     * @param value pooled over all pixels of all images (1 when both masks are empty everywhere)
     * @param meanPerImage mean of the per-image values
     * @param perImage value of each image (1 when both of its masks are empty)
     */
    public record Overlap(double value, double meanPerImage, double[] perImage) {
    }

    /**
     * CTC SEG.
     *
     * @param value Σ J over all ground-truth objects of all images / their number (NaN if none)
     * @param gtObjects number of ground-truth objects of all images
     * @param meanPerImage mean of the per-image SEG over images that have ground-truth objects (NaN if none)
     * @param perImage per image
     */
    public record Seg(double value, long gtObjects, double meanPerImage, List<SegImage> perImage) {
    }

    /** SEG of one image (NaN without ground-truth objects) and its object counts. */
    public record SegImage(double seg, int gtObjects, int matched, int predObjects) {
    }

    /**
     * Object AP at one IoU threshold, with a one-to-one matching maximising the pairs with IoU &gt;= t.
     *
     * @param threshold the IoU threshold t
     * @param value TP / (TP + FP + FN) with counts summed over images (StarDist's pooling; 1 if all are 0)
     * @param meanPerImage mean of per-image AP (Cellpose's); an image without objects on either side has AP 1
     * @param tp true positives of all images
     * @param fp false positives
     * @param fn false negatives
     * @param precision TP / (TP + FP), 0 if undefined
     * @param recall TP / (TP + FN), 0 if undefined
     * @param f1 2TP / (2TP + FP + FN), 1 if undefined
     * @param perImage per image
     */
    public record Ap(double threshold, double value, double meanPerImage, long tp, long fp, long fn, double precision,
            double recall, double f1, List<ApImage> perImage) {
    }

    /** Matching counts and AP of one image. */
    public record ApImage(int tp, int fp, int fn, double ap) {
    }

    /**
     * Panoptic quality PQ = Σ IoU(matched) / (TP + FP/2 + FN/2) = SQ · RQ, where a predicted and a
     * ground-truth object match when their IoU is above 0.5 (such a match is unique).
     *
     * @param value from the counts and IoU sums of all images (StarDist's pooling; 1 if there are no objects at all)
     * @param sq segmentation quality: mean IoU of the matched pairs (0 without matches)
     * @param rq recognition quality TP / (TP + FP/2 + FN/2) (the F1 at IoU &gt; 0.5)
     * @param tp matched pairs of all images
     * @param fp unmatched predicted objects
     * @param fn unmatched ground-truth objects
     * @param iouSum Σ IoU of the matched pairs of all images
     * @param meanPerImage mean of the per-image PQ
     * @param perImage per image
     */
    public record Pq(double value, double sq, double rq, long tp, long fp, long fn, double iouSum, double meanPerImage,
            List<PqImage> perImage) {
    }

    /** Panoptic quality of one image (1 without objects on either side) and its counts. */
    public record PqImage(int tp, int fp, int fn, double iouSum, double pq) {
    }

    /**
     * Touching ground-truth objects and merges: a touching pair is two ground-truth objects with
     * 4-adjacent pixels (6-adjacent in volumes); it is merged when more than half of each one's
     * pixels fall in the same predicted object.
     *
     * @param touchingPairs touching pairs of all images
     * @param mergedPairs merged pairs of all images
     * @param perImage per image
     */
    public record Merges(long touchingPairs, long mergedPairs, List<MergeImage> perImage) {
        /** Merged / touching pairs, NaN without touching pairs. */
        public double mergedFraction() {
            return touchingPairs > 0 ? mergedPairs / (double) touchingPairs : Double.NaN;
        }
    }

    /** Touching and merged ground-truth pairs of one image. */
    public record MergeImage(int touchingPairs, int mergedPairs) {
    }
}
