package org.unet4j.bioimageio;

/**
 * What a tensor's values are ({@code data} of a tensor description): the data type and, if given,
 * the allowed range. Per-channel data descriptions are read as the first channel's type with the
 * range common to all channels (null where they differ); the nominal {@code values} of a label
 * tensor are not kept.
 *
 * @param type the data type ({@code float32} when not given)
 * @param min the smallest allowed value, or null for the type's minimum
 * @param max the largest allowed value, or null for the type's maximum
 */
public record TensorData(DataType type, Double min, Double max) {
    /** {@code float32} without a range: the specification's default. */
    public static final TensorData DEFAULT = new TensorData(DataType.FLOAT32, null, null);

    /** @throws IllegalArgumentException if the type is null or {@code min > max} */
    public TensorData {
        if (type == null) {
            throw new IllegalArgumentException("data type is null");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("data range [" + min + ", " + max + "] is empty");
        }
    }

    /** {@code float32} in {@code [min, max]}. */
    public static TensorData float32(double min, double max) {
        return new TensorData(DataType.FLOAT32, min, max);
    }
}
