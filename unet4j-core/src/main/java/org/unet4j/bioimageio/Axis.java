package org.unet4j.bioimageio;

import java.util.List;
import java.util.Locale;

/**
 * One axis of a tensor in a bioimage.io description ({@code inputs[i].axes[j]}), told apart by
 * {@link #type()}. Ids default as the specification says: {@code batch}, {@code channel},
 * {@code index}, {@code time}, and {@code x} for a space axis without an id.
 */
public sealed interface Axis permits Axis.Batch, Axis.Channel, Axis.Space, Axis.Time, Axis.Index {

    /** The kinds of axes ({@code type} in the YAML file). */
    enum Type {
        BATCH, CHANNEL, INDEX, TIME, SPACE;

        /** The name in the YAML file, e.g. {@code space}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The id an axis of this type has when the description gives none. */
        public String defaultId() {
            return this == SPACE ? "x" : id();
        }
    }

    /** The axis id, unique within its tensor. */
    String id();

    /** The kind of axis. */
    Type type();

    /** The batch axis. {@code fixedToOne}: the description says {@code size: 1}. */
    record Batch(String id, boolean fixedToOne) implements Axis {
        /** @throws IllegalArgumentException if the id is null or blank */
        public Batch {
            requireId(id);
        }

        /** The batch axis {@code batch} of any size. */
        public static Batch any() {
            return new Batch("batch", false);
        }

        @Override
        public Type type() {
            return Type.BATCH;
        }
    }

    /** The channel axis, its size the number of {@code channelNames}. */
    record Channel(String id, List<String> channelNames) implements Axis {
        /** @throws IllegalArgumentException if the id is blank or there are no channel names */
        public Channel {
            requireId(id);
            channelNames = List.copyOf(channelNames);
            if (channelNames.isEmpty() || channelNames.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("a channel axis needs one non-blank name per channel");
            }
        }

        /** The axis {@code channel} with these names. */
        public static Channel of(List<String> channelNames) {
            return new Channel("channel", channelNames);
        }

        /** The number of channels. */
        public int count() {
            return channelNames.size();
        }

        @Override
        public Type type() {
            return Type.CHANNEL;
        }
    }

    /**
     * A space axis.
     *
     * @param id e.g. {@code y} or {@code x}
     * @param size its size
     * @param halo output axes only: pixels to crop from each side of the output ({@code 0}: none)
     * @param scale the physical size of a pixel along the axis (1 by default)
     */
    record Space(String id, AxisSize size, int halo, double scale) implements Axis {
        /** @throws IllegalArgumentException if the id is blank, size null, halo negative or scale not positive */
        public Space {
            requireId(id);
            if (size == null || halo < 0 || !(scale > 0)) {
                throw new IllegalArgumentException("space axis " + id + ": size must be given, halo >= 0, scale > 0");
            }
            if (halo > 0 && !(size instanceof AxisSize.Reference)) {
                throw new IllegalArgumentException("space axis " + id + ": a halo needs a size that refers to an input axis");
            }
        }

        /** A space axis of scale 1 without halo. */
        public Space(String id, AxisSize size) {
            this(id, size, 0, 1.0);
        }

        @Override
        public Type type() {
            return Type.SPACE;
        }
    }

    /** A time axis (unet4j runs no models with one; read so that the refusal can name it). */
    record Time(String id, AxisSize size, int halo, double scale) implements Axis {
        /** @throws IllegalArgumentException if the id is blank or the size null */
        public Time {
            requireId(id);
            if (size == null || halo < 0 || !(scale > 0)) {
                throw new IllegalArgumentException("time axis " + id + ": size must be given, halo >= 0, scale > 0");
            }
        }

        @Override
        public Type type() {
            return Type.TIME;
        }
    }

    /** An index axis (unet4j runs no models with one; read so that the refusal can name it). */
    record Index(String id, AxisSize size) implements Axis {
        /** @throws IllegalArgumentException if the id is blank or the size null */
        public Index {
            requireId(id);
            if (size == null) {
                throw new IllegalArgumentException("index axis " + id + ": size must be given");
            }
        }

        @Override
        public Type type() {
            return Type.INDEX;
        }
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank() || id.length() > 16) {
            throw new IllegalArgumentException("axis id '" + id + "' must have 1 to 16 characters");
        }
    }
}
