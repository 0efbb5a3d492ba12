package org.unet4j.train;

import org.unet4j.InvalidInputException;

/**
 * The model a fine-tuning run ({@code unet train --init MODEL}) started from, as its
 * {@code config.json} records it under {@code "parent"}.
 *
 * @param model the model as given (a run folder, a model folder or an exported package), made absolute
 * @param sha256 the sha256 of the parent's weights file ({@code weights.pt} of the model folder)
 */
public record Parent(String model, String sha256) {
    public Parent {
        if (model == null || model.isBlank() || sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("config.json: the \"parent\" section needs a model and the sha256 of its weights");
        }
    }
}
