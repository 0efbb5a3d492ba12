package org.unet4j.bioimageio;

/**
 * One weights entry of a model ({@code weights.<format>}). Fields of other formats (a state dict's
 * {@code architecture}, TensorFlow versions) are not kept.
 *
 * @param format the format
 * @param file the weights file ({@code source}, {@code sha256})
 * @param parent the format these weights were converted from, or null for the original weights
 * @param pytorchVersion {@code pytorch_version} (torchscript, pytorch_state_dict; required there), else null
 * @param opsetVersion {@code opset_version} (onnx; required there, at least 7), else 0
 * @param comment a comment on how the weights were made, or empty
 */
public record Weights(WeightsFormat format, FileRef file, WeightsFormat parent, String pytorchVersion,
        int opsetVersion, String comment) {
    /** @throws IllegalArgumentException if a field the format requires is missing */
    public Weights {
        if (format == null || file == null) {
            throw new IllegalArgumentException("a weights entry needs a format and a source");
        }
        if (parent == format) {
            throw new IllegalArgumentException(format.id() + " weights cannot be their own parent");
        }
        if ((format == WeightsFormat.TORCHSCRIPT || format == WeightsFormat.PYTORCH_STATE_DICT)
                && (pytorchVersion == null || pytorchVersion.isBlank())) {
            throw new IllegalArgumentException(format.id() + " weights need a pytorch_version");
        }
        if (format == WeightsFormat.ONNX && opsetVersion < 7) {
            throw new IllegalArgumentException("onnx weights need an opset_version of at least 7, got " + opsetVersion);
        }
        comment = comment == null ? "" : comment;
    }

    /** TorchScript weights made with PyTorch {@code pytorchVersion} (e.g. {@code "2.10"}). */
    public static Weights torchscript(FileRef file, String pytorchVersion) {
        return new Weights(WeightsFormat.TORCHSCRIPT, file, null, pytorchVersion, 0, "");
    }

    /** ONNX weights of {@code opsetVersion}, converted from {@code parent}. */
    public static Weights onnx(FileRef file, int opsetVersion, WeightsFormat parent) {
        return new Weights(WeightsFormat.ONNX, file, parent, null, opsetVersion, "");
    }

    /** This entry with {@code comment}. */
    public Weights withComment(String comment) {
        return new Weights(format, file, parent, pytorchVersion, opsetVersion, comment);
    }
}
