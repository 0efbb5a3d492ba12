package org.unet4j.bioimageio;

import java.util.Locale;

/** The weight formats of a bioimage.io model ({@code weights.<format>}). */
public enum WeightsFormat {
    KERAS_HDF5, ONNX, PYTORCH_STATE_DICT, TENSORFLOW_JS, TENSORFLOW_SAVED_MODEL_BUNDLE, TORCHSCRIPT;

    /** The key in the YAML file, e.g. {@code torchscript}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format with key {@code id}, or null if there is none. */
    public static WeightsFormat byId(String id) {
        for (WeightsFormat f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }
}
