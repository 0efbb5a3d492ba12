package org.unet4j.train;

import java.util.Locale;
import org.unet4j.eval.CellMetric;
import org.unet4j.eval.IsbiMetric;

/**
 * The metrics a validation reports ({@link Validator}), with their names in {@code train.csv}
 * ({@code val_} + {@link #key()}) and which way is better. The weighted loss, plus the
 * {@link CellMetric} and {@link IsbiMetric} kinds that validation computes.
 */
public enum ValidationMetric {
    /** The weighted cross-entropy with the images' own weight maps (lower is better). */
    LOSS(false),
    /** Foreground IoU, pooled ({@link CellMetric#IOU}). */
    IOU(true),
    /** Foreground Dice, pooled ({@link CellMetric#DICE}). */
    DICE(true),
    /** ISBI 2012 pixel error ({@link IsbiMetric#PIXEL_ERROR}), for binary membrane-style labels. */
    PIXEL_ERROR(false),
    /** ISBI 2012 foreground-restricted Rand error ({@link IsbiMetric#RAND_ERROR}), for binary labels. */
    RAND_ERROR(false),
    /** CTC SEG of the predicted instances ({@link CellMetric#SEG}), for instance labels. */
    SEG(true),
    /** AP at IoU 0.5 of the predicted instances ({@link CellMetric#AP}), for instance labels. */
    AP(true);

    /** The prefix of the validation columns of {@code train.csv}. */
    public static final String COLUMN_PREFIX = "val_";

    private final boolean higherIsBetter;

    ValidationMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** {@code loss}, {@code iou}, {@code dice}, {@code pixel_error}, {@code rand_error}, {@code seg}, {@code ap}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code train.csv} column: {@code val_} + {@link #key()}. */
    public String column() {
        return COLUMN_PREFIX + key();
    }

    /** Whether a larger value is better (overlaps and scores) or worse (the loss and errors). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The metric named {@code key}, or null. */
    public static ValidationMetric fromKey(String key) {
        for (ValidationMetric m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }
}
