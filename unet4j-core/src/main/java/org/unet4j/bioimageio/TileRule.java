package org.unet4j.bioimageio;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.unet4j.InvalidInputException;

/**
 * The tile sizes a 2-D bioimage.io model with one input and one output accepts, and the output it
 * gives for them: per space axis ({@link #y}, {@link #x}) the valid input sizes (fixed, or
 * {@code min + k*step}), the output size for an input size (the same, or fixed, or scaled plus an
 * offset, as the output axis' {@code SizeReference} says) and the {@code halo} to crop from each
 * side of the output. Both tensors are laid out {@code [batch,] [channel,] y, x}.
 *
 * @param inputChannels channels of the input (1 without a channel axis)
 * @param outputChannels channels of the output (1 without a channel axis)
 * @param batchOfOne whether the input's batch axis is fixed to 1 (or absent): one tile per call
 * @param y the rows
 * @param x the columns
 */
public record TileRule(int inputChannels, int outputChannels, boolean batchOfOne, Dimension y, Dimension x) {

    /**
     * One space axis of the input and the output axis that follows it.
     *
     * @param inputAxis the input axis id ({@code y} or {@code x})
     * @param inputSize its valid sizes: {@link AxisSize.Fixed} or {@link AxisSize.Parameterized}
     * @param inputScale its pixel size
     * @param outputAxis the output axis id
     * @param outputSize a {@link AxisSize.Reference} to {@code inputAxis}, or {@link AxisSize.Fixed}
     * @param outputScale its pixel size
     * @param halo pixels to crop from each side of the output (0: none)
     */
    public record Dimension(String inputAxis, AxisSize inputSize, double inputScale, String outputAxis,
            AxisSize outputSize, double outputScale, int halo) {
        /** @throws IllegalArgumentException if the input size is not fixed or parameterized, or the output size neither a reference nor fixed */
        public Dimension {
            if (!(inputSize instanceof AxisSize.Fixed || inputSize instanceof AxisSize.Parameterized)
                    || !(outputSize instanceof AxisSize.Fixed || outputSize instanceof AxisSize.Reference) || halo < 0) {
                throw new IllegalArgumentException("tile dimension " + inputAxis + ": unsupported sizes");
            }
        }

        /** Whether {@code n} is a valid input size. */
        public boolean accepts(int n) {
            return inputSize.accepts(n);
        }

        /** The smallest valid input size. */
        public int min() {
            return inputSize.min();
        }

        /** The largest valid input size, empty when unbounded. */
        public OptionalInt max() {
            return inputSize.max();
        }

        /** The smallest valid input size {@code >= n}, or -1 if there is none. */
        public int validAtOrAbove(int n) {
            return inputSize.validAtOrAbove(n);
        }

        /** The largest valid input size {@code <= n}, or -1 if there is none. */
        public int validAtOrBelow(int n) {
            return inputSize.validAtOrBelow(n);
        }

        /** The output size for an input of {@code n}, halo included. */
        public int outputSize(int n) {
            if (outputSize instanceof AxisSize.Reference r) {
                return r.resolve(n, inputScale, outputScale);
            }
            return outputSize.min();
        }

        /** The output size for an input of {@code n} without the halo on both sides. */
        public int croppedOutputSize(int n) {
            return outputSize(n) - 2 * halo;
        }

        /** Whether the output has the input's size (reference with offset 0, equal scales). */
        public boolean sameSize() {
            return outputSize instanceof AxisSize.Reference r && r.offset() == 0 && inputScale == outputScale;
        }
    }

    /**
     * The rule of a description with one input and one output, both 2-D.
     *
     * @throws InvalidInputException naming {@code where} and what is unsupported: several inputs or
     *     outputs, time, index or z axes, an axis order other than {@code batch, channel, y, x}, input
     *     sizes that refer to other axes, output sizes that do not follow the input's y and x
     */
    public static TileRule of(ModelDescription d, String where) {
        if (d.inputs().size() != 1 || d.outputs().size() != 1) {
            String what = d.inputs().size() != 1 ? d.inputs().size() + " inputs" : d.outputs().size() + " outputs";
            throw new InvalidInputException(where + ": the model has " + what
                    + "; unet4j runs bioimage.io models with one input and one output");
        }
        TensorDescr in = d.inputs().get(0);
        TensorDescr out = d.outputs().get(0);
        checkLayout(in, "input", where);
        checkLayout(out, "output", where);
        boolean batchOfOne = in.axes(Axis.Type.BATCH).stream().allMatch(a -> ((Axis.Batch) a).fixedToOne());
        return new TileRule(in.channelCount(), out.channelCount(), batchOfOne,
                dimension(in, out, "y", where), dimension(in, out, "x", where));
    }

    /** The output size (rows, columns; halo included) for an input tile of {@code h x w}. */
    public int[] outputSize(int h, int w) {
        return new int[] {y.outputSize(h), x.outputSize(w)};
    }

    /** Whether {@code h x w} is a valid input tile. */
    public boolean accepts(int h, int w) {
        return y.accepts(h) && x.accepts(w);
    }

    private static Dimension dimension(TensorDescr in, TensorDescr out, String axis, String where) {
        Axis.Space ia = (Axis.Space) in.axis(axis).orElseThrow();
        Axis.Space oa = (Axis.Space) out.axis(axis).orElseThrow();
        if (!(ia.size() instanceof AxisSize.Fixed || ia.size() instanceof AxisSize.Parameterized)) {
            throw new InvalidInputException(where + ": input " + in.id() + " axis " + axis + " has a size that "
                    + describe(ia.size()) + "; unet4j runs inputs whose y and x sizes are fixed or min + k*step");
        }
        boolean follows = oa.size() instanceof AxisSize.Fixed || (oa.size() instanceof AxisSize.Reference r
                && r.tensorId().equals(in.id()) && r.axisId().equals(axis));
        if (!follows) {
            throw new InvalidInputException(where + ": output " + out.id() + " axis " + axis + " has a size that "
                    + describe(oa.size()) + "; unet4j runs outputs whose y and x follow the input's y and x");
        }
        return new Dimension(axis, ia.size(), ia.scale(), axis, oa.size(), oa.scale(), oa.halo());
    }

    private static String describe(AxisSize s) {
        if (s instanceof AxisSize.Reference r) {
            return "refers to " + r.tensorId() + "." + r.axisId();
        }
        return s instanceof AxisSize.DataDependent ? "is known only after inference" : "is " + s;
    }

    private static void checkLayout(TensorDescr t, String kind, String where) {
        String name = kind + " " + t.id();
        for (Axis a : t.axes()) {
            if (a.type() == Axis.Type.TIME || a.type() == Axis.Type.INDEX) {
                throw new InvalidInputException(where + ": " + name + " has " + (a.type() == Axis.Type.TIME ? "a time"
                        : "an index") + " axis (" + a.id() + "); unet4j runs 2D models (axes batch, channel, y, x)");
            }
        }
        List<String> spaces = t.axes(Axis.Type.SPACE).stream().map(Axis::id).toList();
        if (spaces.size() != 2 || !spaces.contains("y") || !spaces.contains("x")) {
            throw new InvalidInputException(where + ": " + name + " has space axes " + String.join(", ", spaces)
                    + "; unet4j runs 2D models with space axes y and x");
        }
        List<String> expected = new ArrayList<>();
        for (Axis.Type type : List.of(Axis.Type.BATCH, Axis.Type.CHANNEL)) {
            t.axes(type).forEach(a -> expected.add(a.id()));
        }
        expected.add("y");
        expected.add("x");
        if (t.axes(Axis.Type.BATCH).size() > 1 || t.axes(Axis.Type.CHANNEL).size() > 1 || !t.axisIds().equals(expected)) {
            throw new InvalidInputException(where + ": " + name + " has axes " + t.axes().stream()
                    .map(a -> a.type() == Axis.Type.SPACE ? a.id() : a.type().id()).collect(Collectors.joining(", "))
                    + "; unet4j runs tensors laid out batch, channel, y, x (batch and channel optional)");
        }
    }
}
