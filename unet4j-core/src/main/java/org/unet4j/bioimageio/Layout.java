package org.unet4j.bioimageio;

import java.util.Set;
import org.unet4j.InvalidInputException;

/**
 * The axis ids of a tensor that {@link Op}s see as a channels x height x width
 * {@link org.unet4j.data.Image} (one sample: the batch axis is not part of the image), so that the
 * axes an op names ({@code axes: [y, x]}, {@code axis: channel}) map onto the image's dimensions.
 *
 * @param batch the id of the batch axis ({@code batch} when the tensor has none)
 * @param channel the id of the channel axis ({@code channel} when the tensor has none: one channel)
 * @param y the id of the space axis along the image's rows
 * @param x the id of the space axis along the image's columns
 */
public record Layout(String batch, String channel, String y, String x) {
    /** The ids the specification uses by default: {@code batch, channel, y, x}. */
    public static final Layout DEFAULT = new Layout("batch", "channel", "y", "x");

    /** The dimensions of a sample that an axis id maps to. */
    public enum Dim {
        BATCH, CHANNEL, Y, X
    }

    /** @throws IllegalArgumentException if an id is null or two ids are equal */
    public Layout {
        if (batch == null || channel == null || y == null || x == null) {
            throw new IllegalArgumentException("layout axis ids must not be null");
        }
        if (Set.of(batch, channel, y, x).size() != 4) {
            throw new IllegalArgumentException("layout axis ids must differ: " + batch + ", " + channel + ", " + y + ", " + x);
        }
    }

    /**
     * The ids of {@code tensor}'s axes: its batch and channel axes (or the defaults where it has
     * none) and its first two space axes as {@code y} then {@code x}.
     */
    public static Layout of(TensorDescr tensor) {
        String b = DEFAULT.batch;
        String c = DEFAULT.channel;
        String yy = null;
        String xx = null;
        for (Axis a : tensor.axes()) {
            switch (a.type()) {
                case BATCH -> b = a.id();
                case CHANNEL -> c = a.id();
                case SPACE -> {
                    if (yy == null) {
                        yy = a.id();
                    } else if (xx == null) {
                        xx = a.id();
                    }
                }
                default -> {
                    // time and index axes: unsupported, refused by ModelPackage.requireSupported
                }
            }
        }
        return new Layout(b, c, yy == null ? DEFAULT.y : yy, xx == null ? DEFAULT.x : xx);
    }

    /**
     * The dimension axis {@code id} maps to.
     *
     * @throws InvalidInputException if it is none of this layout's ids (the message names {@code where})
     */
    public Dim dim(String id, String where) {
        if (id.equals(batch)) {
            return Dim.BATCH;
        }
        if (id.equals(channel)) {
            return Dim.CHANNEL;
        }
        if (id.equals(y)) {
            return Dim.Y;
        }
        if (id.equals(x)) {
            return Dim.X;
        }
        throw new InvalidInputException(where + ": axis '" + id + "' is not one of the tensor's axes "
                + batch + ", " + channel + ", " + y + ", " + x);
    }
}
