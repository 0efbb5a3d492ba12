package org.unet4j.train;

import java.util.Map;
import org.unet4j.model.UNet;

/**
 * Scores a network on the validation images. Keys are the metric names used in {@code train.csv}
 * without the {@code val_} prefix: {@code loss}, {@code iou}, {@code dice}, {@code pixel_error},
 * {@code rand_error}, ...
 */
@FunctionalInterface
public interface Validator {
    /** Metrics of {@code net} (in evaluation mode; the caller restores training mode). */
    Map<String, Double> validate(UNet net);

    /**
     * The standard deviation over all pixels of the last validation's foreground probability (0: the
     * network predicts the same everywhere; see {@link StallDetector}); NaN if not known.
     */
    default double outputSpread() {
        return Double.NaN;
    }
}
