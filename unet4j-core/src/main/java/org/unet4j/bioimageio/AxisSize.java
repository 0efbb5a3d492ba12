package org.unet4j.bioimageio;

import java.util.OptionalInt;

/**
 * The size of a tensor axis in a bioimage.io description ({@code axes[i].size}): a fixed number,
 * a series {@code min + k*step} ({@code ParameterizedSize}), a reference to another axis
 * ({@code SizeReference}: {@code size = ref.size * ref.scale / scale + offset}, fractions rounded
 * down), or, for outputs only, a size known after inference ({@code DataDependentSize}).
 *
 * <p>{@link #accepts}, {@link #min}, {@link #max}, {@link #validAtOrAbove} and {@link #validAtOrBelow}
 * answer for {@link Fixed} and {@link Parameterized} sizes; a {@link Reference} or
 * {@link DataDependent} size throws {@link IllegalStateException} there (resolve a reference through
 * {@link TileRule}).
 */
public sealed interface AxisSize permits AxisSize.Fixed, AxisSize.Parameterized, AxisSize.Reference, AxisSize.DataDependent {

    /** Whether {@code n} is a valid size. */
    boolean accepts(int n);

    /** The smallest valid size. */
    int min();

    /** The largest valid size; empty when sizes are unbounded. */
    OptionalInt max();

    /** The smallest valid size {@code >= n}, or -1 if there is none (a fixed size below {@code n}). */
    int validAtOrAbove(int n);

    /** The largest valid size {@code <= n}, or -1 if there is none ({@code n < min()}). */
    int validAtOrBelow(int n);

    /**
     * A fixed size.
     *
     * @param size the size, at least 1
     */
    record Fixed(int size) implements AxisSize {
        /** @throws IllegalArgumentException if {@code size < 1} */
        public Fixed {
            if (size < 1) {
                throw new IllegalArgumentException("axis size " + size + " must be at least 1");
            }
        }

        @Override
        public boolean accepts(int n) {
            return n == size;
        }

        @Override
        public int min() {
            return size;
        }

        @Override
        public OptionalInt max() {
            return OptionalInt.of(size);
        }

        @Override
        public int validAtOrAbove(int n) {
            return n <= size ? size : -1;
        }

        @Override
        public int validAtOrBelow(int n) {
            return n >= size ? size : -1;
        }
    }

    /**
     * The sizes {@code min + k*step}, {@code k = 0, 1, 2, ...}.
     *
     * @param min the smallest size, at least 1
     * @param step the step, at least 1
     */
    record Parameterized(int min, int step) implements AxisSize {
        /** @throws IllegalArgumentException if {@code min} or {@code step} is below 1 */
        public Parameterized {
            if (min < 1 || step < 1) {
                throw new IllegalArgumentException("parameterized size min " + min + ", step " + step
                        + ": both must be at least 1");
            }
        }

        @Override
        public boolean accepts(int n) {
            return n >= min && (n - min) % step == 0;
        }

        @Override
        public OptionalInt max() {
            return OptionalInt.empty();
        }

        @Override
        public int validAtOrAbove(int n) {
            if (n <= min) {
                return min;
            }
            long k = ((long) n - min + step - 1) / step;
            long v = min + k * step;
            return v > Integer.MAX_VALUE ? -1 : (int) v;
        }

        @Override
        public int validAtOrBelow(int n) {
            return n < min ? -1 : min + (n - min) / step * step;
        }

        /** The size for blocksize parameter {@code k}: {@code min + k*step}. */
        public int size(int k) {
            return Math.addExact(min, Math.multiplyExact(k, step));
        }
    }

    /**
     * A size given by another axis: {@code size = ref.size * ref.scale / this.scale + offset}.
     *
     * @param tensorId the referenced tensor
     * @param axisId the referenced axis of that tensor
     * @param offset added to the scaled size (may be negative)
     */
    record Reference(String tensorId, String axisId, int offset) implements AxisSize {
        /** @throws IllegalArgumentException if an id is null or blank */
        public Reference {
            if (tensorId == null || tensorId.isBlank() || axisId == null || axisId.isBlank()) {
                throw new IllegalArgumentException("a size reference needs a tensor_id and an axis_id");
            }
        }

        /** The size for a referenced axis of {@code refSize} pixels (scales of both axes given). */
        public int resolve(int refSize, double refScale, double scale) {
            return (int) Math.floor(refSize * refScale / scale) + offset;
        }

        @Override
        public boolean accepts(int n) {
            throw unresolved();
        }

        @Override
        public int min() {
            throw unresolved();
        }

        @Override
        public OptionalInt max() {
            throw unresolved();
        }

        @Override
        public int validAtOrAbove(int n) {
            throw unresolved();
        }

        @Override
        public int validAtOrBelow(int n) {
            throw unresolved();
        }

        private IllegalStateException unresolved() {
            return new IllegalStateException("size refers to " + tensorId + "." + axisId + "; resolve it through TileRule");
        }
    }

    /**
     * An output size known only after inference.
     *
     * @param minSize the smallest size (1 by default)
     * @param maxSize the largest size, or 0 when unbounded
     */
    record DataDependent(int minSize, int maxSize) implements AxisSize {
        @Override
        public boolean accepts(int n) {
            throw unknown();
        }

        @Override
        public int min() {
            throw unknown();
        }

        @Override
        public OptionalInt max() {
            throw unknown();
        }

        @Override
        public int validAtOrAbove(int n) {
            throw unknown();
        }

        @Override
        public int validAtOrBelow(int n) {
            throw unknown();
        }

        private static IllegalStateException unknown() {
            return new IllegalStateException("a data-dependent size is known only after inference");
        }
    }
}
