package org.unet4j.eval;

/**
 * Foreground overlap counts of a prediction against ground truth, the one computation of pooled
 * foreground IoU and Dice. Ground-truth pixels below 0 ({@code SegmentationSample.IGNORE}) are left
 * out; foreground is a label above 0 ({@link org.unet4j.data.LabelImage#foreground()}).
 *
 * @param intersection pixels foreground in both
 * @param predicted predicted foreground pixels (among the counted ones)
 * @param truth ground-truth foreground pixels
 */
public record PixelOverlap(long intersection, long predicted, long truth) {
    /** No pixels. */
    public static final PixelOverlap NONE = new PixelOverlap(0, 0, 0);

    /** The counts of {@code predicted} foreground against the labels {@code truth} (&gt; 0 foreground, &lt; 0 ignored). */
    public static PixelOverlap of(boolean[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(predicted.length + " predicted and " + truth.length + " ground-truth pixels");
        }
        long inter = 0;
        long pc = 0;
        long tc = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0) {
                continue;
            }
            boolean t = truth[i] > 0;
            inter += predicted[i] && t ? 1 : 0;
            pc += predicted[i] ? 1 : 0;
            tc += t ? 1 : 0;
        }
        return new PixelOverlap(inter, pc, tc);
    }

    /** The counts of both (pooling over images). */
    public PixelOverlap plus(PixelOverlap o) {
        return new PixelOverlap(intersection + o.intersection, predicted + o.predicted, truth + o.truth);
    }

    /** Intersection over union; 1 when both are empty. */
    public double iou() {
        long union = predicted + truth - intersection;
        return union == 0 ? 1.0 : intersection / (double) union;
    }

    /** Dice coefficient; 1 when both are empty. */
    public double dice() {
        return predicted + truth == 0 ? 1.0 : 2.0 * intersection / (predicted + truth);
    }
}
