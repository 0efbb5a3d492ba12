package org.unet4j.bioimageio;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.unet4j.InvalidInputException;

/** A tensor data type of the bioimage.io description ({@code data.type}, {@code ensure_dtype}). */
public enum DataType {
    FLOAT32(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
    FLOAT64(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    UINT8(0, 255),
    INT8(-128, 127),
    UINT16(0, 65535),
    INT16(-32768, 32767),
    UINT32(0, 4294967295.0),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT64(0, 18446744073709551615.0),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE),
    BOOL(0, 1);

    private final double min;
    private final double max;

    DataType(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /** The name in the YAML file, e.g. {@code float32}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The smallest value of the type. */
    public double min() {
        return min;
    }

    /** The largest value of the type. */
    public double max() {
        return max;
    }

    /** Whether the type is {@code float32} or {@code float64}. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * The type named {@code id} in a description.
     *
     * @throws InvalidInputException if there is none (the message names {@code where})
     */
    public static DataType of(String id, String where) {
        for (DataType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new InvalidInputException(where + ": data type '" + id + "' is not one of "
                + Arrays.stream(values()).map(DataType::id).collect(Collectors.joining(", ")));
    }
}
