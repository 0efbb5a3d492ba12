package org.unet4j.infer;

import com.fasterxml.jackson.databind.JsonNode;
import org.unet4j.data.Image;

/**
 * The per-image intensity normalisation applied before prediction; it must be the one the model
 * was trained with, which the training code records in the model's {@code config.json} under
 * {@code "preprocessing": {"normalization": ...}}.
 *
 * <p>Until the data package's normalisation lands, every model is treated as trained with per-channel
 * min-max scaling to [0, 1]; {@link #normalise} is the one place to replace.
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** {@code raw} normalised as the model described by {@code modelMetadata} (its config.json) expects. */
    public static Image normalise(Image raw, JsonNode modelMetadata) {
        return minMax(raw);
    }

    /** Per-channel min-max scaling to [0, 1] (a constant channel becomes 0). */
    static Image minMax(Image raw) {
        float[] src = raw.pixels();
        float[] dst = new float[src.length];
        int n = raw.height() * raw.width();
        for (int c = 0; c < raw.channels(); c++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = c * n; i < (c + 1) * n; i++) {
                lo = Math.min(lo, src[i]);
                hi = Math.max(hi, src[i]);
            }
            float scale = hi > lo ? 1f / (hi - lo) : 0f;
            for (int i = c * n; i < (c + 1) * n; i++) {
                dst[i] = (src[i] - lo) * scale;
            }
        }
        return new Image(raw.channels(), raw.height(), raw.width(), dst);
    }
}
