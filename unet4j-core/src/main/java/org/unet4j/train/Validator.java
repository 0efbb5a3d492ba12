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
}
