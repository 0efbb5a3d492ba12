package org.unet4j.infer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.Normalization;

/**
 * The per-image intensity normalisation applied before prediction: the one the model was trained
 * with, read from the model's {@code config.json}.
 *
 * <p>Accepted forms, first found wins: {@code "preprocessing": {"normalization": ...}} or a
 * top-level {@code "normalization": ...}, each either a method name ({@code "percentile"},
 * {@code "minmax"}, {@code "zscore"}, {@code "none"}, any case) or an object
 * {@code {"method": "PERCENTILE", "low": 1, "high": 99.8}} (the JSON of {@link Normalization}).
 * A model without either was trained with the default, {@link Normalization#DEFAULT}.
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** {@code raw} normalised as the model described by {@code modelMetadata} (its config.json) expects. */
    public static Image normalise(Image raw, JsonNode modelMetadata) {
        return normalization(modelMetadata).apply(raw);
    }

    /**
     * The normalisation recorded in a model's config.json.
     *
     * @throws InvalidInputException if the recorded value is not a known normalisation
     */
    public static Normalization normalization(JsonNode modelMetadata) {
        JsonNode n = modelMetadata == null ? null : modelMetadata.path("preprocessing").path("normalization");
        if (n == null || n.isMissingNode() || n.isNull()) {
            n = modelMetadata == null ? null : modelMetadata.path("normalization");
        }
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Normalization.DEFAULT;
        }
        Normalization.Method method = method(n.isObject() ? n.path("method").asText("") : n.asText(""), n);
        if (!n.isObject()) {
            return Normalization.of(method);
        }
        return new Normalization(method, n.path("low").asDouble(Normalization.DEFAULT.low()),
                n.path("high").asDouble(Normalization.DEFAULT.high()));
    }

    private static Normalization.Method method(String text, JsonNode node) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Normalization.Method m : Normalization.Method.values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new InvalidInputException("the model's config.json records the normalisation " + node + ", which this unet4j does not know"
                + " (percentile, minmax, zscore, none); update unet4j or re-train the model");
    }
}
