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
 * @param ap object AP = TP / (TP + FP + FN), one entry per IoU threshold (first: 0.5 by default)
 */
public record CellResult(int images, Overlap iou, Overlap dice, Seg seg, List<Ap> ap) {

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
}
