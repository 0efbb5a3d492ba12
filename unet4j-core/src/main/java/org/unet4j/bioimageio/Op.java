package org.unet4j.bioimageio;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.bioimageio.Layout.Dim;
import org.unet4j.data.Image;
import org.unet4j.data.Normalization;

/**
 * A pre- or postprocessing step of a bioimage.io tensor ({@code preprocessing[i]},
 * {@code postprocessing[i]}), applied to one sample as a channels x height x width
 * {@link Image} (the tensor without its batch axis; a tensor without a channel axis is a
 * one-channel image). Statistics are taken over the whole image given, so the import applies the
 * ops to the whole image before tiling, not per tile.
 *
 * <p>{@code axes} name the axes to reduce jointly for statistics, by the tensor's axis ids
 * ({@link Layout}): {@code [y, x]} gives one statistic per channel, {@code [channel, y, x]} one for
 * the image; absent {@code axes} (null) means all axes jointly, as the specification's default says
 * ("Default: Scale all axes jointly"). A {@code batch} in {@code axes} changes nothing: the ops see
 * one sample at a time, so per-dataset statistics are those of the sample. Each op returns a new
 * image and leaves its input unchanged. Formulas are those of the specification and of
 * bioimage.io's reference implementation (bioimageio.core).
 */
public sealed interface Op permits Op.EnsureDtype, Op.ScaleRange, Op.ZeroMeanUnitVariance,
        Op.FixedZeroMeanUnitVariance, Op.ScaleLinear, Op.Clip, Op.Binarize, Op.Sigmoid, Op.Softmax, Op.Unsupported {

    /** The op ids unet4j applies. */
    List<String> SUPPORTED = List.of("binarize", "clip", "ensure_dtype", "fixed_zero_mean_unit_variance",
            "scale_linear", "scale_range", "sigmoid", "softmax", "zero_mean_unit_variance");

    /** The default {@code eps} of the specification (1e-6). */
    double EPS = 1e-6;

    /** The op id in the YAML file, e.g. {@code scale_range}. */
    String id();

    /**
     * This op applied to {@code image}, whose axes have the ids of {@code layout}.
     *
     * @throws InvalidInputException if the op names an axis the layout lacks, gives per-axis values
     *     that do not match the image, or is {@link Unsupported}
     */
    Image apply(Image image, Layout layout);

    /** This op applied to an image with the default axis ids {@code channel, y, x}. */
    default Image apply(Image image) {
        return apply(image, Layout.DEFAULT);
    }

    /** The ops applied in order. */
    static Image applyAll(List<Op> ops, Image image, Layout layout) {
        Image out = image;
        for (Op op : ops) {
            out = op.apply(out, layout);
        }
        return out;
    }

    /**
     * The bioimage.io preprocessing equivalent to unet4j's normalisation, per channel (axes
     * {@code [y, x]}), ending with {@code ensure_dtype float32}: {@code PERCENTILE low/high} is
     * {@code scale_range} with those percentiles, {@code MINMAX} is {@code scale_range} 0/100,
     * {@code ZSCORE} is {@code zero_mean_unit_variance}, {@code NONE} is only the {@code ensure_dtype}.
     *
     * <p>bioimage.io divides by {@code range + eps} (or {@code std + eps}) with {@code eps = 1e-6}
     * where unet4j divides by the range (or std): a normalised value {@code v} differs by about
     * {@code |v| * 1e-6 / range} (or {@code / std}), below 1e-5 for 8- and 16-bit images (ranges and
     * standard deviations of tens of grey levels and more) but up to a few 1e-5 for float data already
     * in [0, 1]; for a constant channel both give 0.
     *
     * @throws InvalidInputException if the high percentile is 1 or less (bioimage.io requires more)
     */
    static List<Op> of(Normalization n) {
        List<String> yx = List.of("y", "x");
        List<Op> ops = new ArrayList<>();
        switch (n.method()) {
            case NONE -> {
            }
            case MINMAX -> ops.add(new ScaleRange(yx, 0, 100, EPS));
            case PERCENTILE -> {
                if (n.high() <= 1) {
                    throw new InvalidInputException("percentile " + n.high() + ": bioimage.io's scale_range needs a"
                            + " high percentile above 1; choose e.g. 99.8");
                }
                ops.add(new ScaleRange(yx, n.low(), n.high(), EPS));
            }
            case ZSCORE -> ops.add(new ZeroMeanUnitVariance(yx, EPS));
            default -> throw new IllegalStateException(n.method().toString());
        }
        ops.add(new EnsureDtype(DataType.FLOAT32));
        return List.copyOf(ops);
    }

    /**
     * {@code ensure_dtype}: cast to {@code dtype}. Values stay {@code float}s in Java: {@code float32}
     * and {@code float64} change nothing; integer types truncate toward zero (NumPy's
     * {@code astype}, which bioimageio.core uses) and clip to the type's range (where NumPy's result
     * is platform-dependent), NaN becoming 0; {@code bool} is 1 for non-zero values (NaN included).
     */
    record EnsureDtype(DataType dtype) implements Op {
        /** @throws IllegalArgumentException if the type is null */
        public EnsureDtype {
            if (dtype == null) {
                throw new IllegalArgumentException("ensure_dtype needs a dtype");
            }
        }

        @Override
        public String id() {
            return "ensure_dtype";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Image out = image.copy();
            if (dtype.isFloat()) {
                return out;
            }
            float[] px = out.pixels();
            for (int i = 0; i < px.length; i++) {
                float v = px[i];
                if (dtype == DataType.BOOL) {
                    px[i] = v != 0 || Float.isNaN(v) ? 1f : 0f;
                } else {
                    double t = Float.isNaN(v) ? 0 : v < 0 ? Math.ceil(v) : Math.floor(v);
                    px[i] = (float) Math.max(dtype.min(), Math.min(dtype.max(), t));
                }
            }
            return out;
        }
    }

    /**
     * {@code scale_range}: {@code (x - lo) / (hi - lo + eps)}, {@code lo} and {@code hi} the
     * {@code minPercentile}/{@code maxPercentile} percentiles over {@code axes}.
     *
     * @param axes the axes reduced jointly, null for all
     * @param minPercentile in [0, 100)
     * @param maxPercentile in (1, 100], above {@code minPercentile}
     * @param eps in (0, 0.1]
     */
    record ScaleRange(List<String> axes, double minPercentile, double maxPercentile, double eps) implements Op {
        /** @throws IllegalArgumentException if a percentile or eps is out of range */
        public ScaleRange {
            axes = axes == null ? null : List.copyOf(axes);
            if (!(minPercentile >= 0 && minPercentile < 100 && maxPercentile > 1 && maxPercentile <= 100
                    && minPercentile < maxPercentile)) {
                throw new IllegalArgumentException("scale_range percentiles " + minPercentile + ", " + maxPercentile
                        + ": expected 0 <= min < max <= 100 and max > 1");
            }
            Reduction.requireEps(eps, "scale_range");
        }

        @Override
        public String id() {
            return "scale_range";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Reduction r = Reduction.of(image, axes, layout, id());
            double[][] p = r.percentiles(image.pixels(), minPercentile, maxPercentile);
            return Reduction.map(image, r, (v, g) -> (v - p[0][g]) / (p[1][g] - p[0][g] + eps));
        }
    }

    /**
     * {@code zero_mean_unit_variance}: {@code (x - mean) / (std + eps)} over {@code axes}, the
     * population standard deviation.
     *
     * @param axes the axes reduced jointly, null for all
     * @param eps in (0, 0.1]
     */
    record ZeroMeanUnitVariance(List<String> axes, double eps) implements Op {
        /** @throws IllegalArgumentException if eps is out of range */
        public ZeroMeanUnitVariance {
            axes = axes == null ? null : List.copyOf(axes);
            Reduction.requireEps(eps, "zero_mean_unit_variance");
        }

        @Override
        public String id() {
            return "zero_mean_unit_variance";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Reduction r = Reduction.of(image, axes, layout, id());
            double[] mean = r.mean(image.pixels());
            double[] std = r.std(image.pixels(), mean);
            return Reduction.map(image, r, (v, g) -> (v - mean[g]) / (std[g] + eps));
        }
    }

    /**
     * {@code fixed_zero_mean_unit_variance}: {@code (x - mean) / (std + 1e-6)} with given values,
     * one for the whole tensor ({@code axis} null) or one per entry along {@code axis}.
     */
    record FixedZeroMeanUnitVariance(String axis, List<Double> mean, List<Double> std) implements Op {
        /** @throws IllegalArgumentException if the lists are empty, differ in length, or a std is below 1e-6 */
        public FixedZeroMeanUnitVariance {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            if (mean.isEmpty() || mean.size() != std.size() || (axis == null && mean.size() != 1)
                    || std.stream().anyMatch(s -> !(s >= 1e-6))) {
                throw new IllegalArgumentException("fixed_zero_mean_unit_variance needs as many mean as std values"
                        + " (one without an axis), each std at least 1e-6");
            }
        }

        @Override
        public String id() {
            return "fixed_zero_mean_unit_variance";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Dim d = axis == null ? null : layout.dim(axis, id());
            double[] m = Reduction.alongAxis(mean, d, image, "mean", id());
            double[] s = Reduction.alongAxis(std, d, image, "std", id());
            return Reduction.mapAlong(image, d, (v, k) -> (v - m[k]) / (s[k] + EPS));
        }
    }

    /**
     * {@code scale_linear}: {@code x * gain + offset}, scalars ({@code axis} null, one value each)
     * or values along {@code axis} (one value, or one per entry).
     */
    record ScaleLinear(String axis, List<Double> gain, List<Double> offset) implements Op {
        /** @throws IllegalArgumentException if a list is empty, or holds several values without an axis */
        public ScaleLinear {
            gain = List.copyOf(gain);
            offset = List.copyOf(offset);
            if (gain.isEmpty() || offset.isEmpty() || (axis == null && (gain.size() != 1 || offset.size() != 1))) {
                throw new IllegalArgumentException("scale_linear needs gain and offset values (one each without an axis)");
            }
        }

        /** Scalar gain and offset. */
        public ScaleLinear(double gain, double offset) {
            this(null, List.of(gain), List.of(offset));
        }

        @Override
        public String id() {
            return "scale_linear";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Dim d = axis == null ? null : layout.dim(axis, id());
            double[] g = Reduction.alongAxis(gain, d, image, "gain", id());
            double[] o = Reduction.alongAxis(offset, d, image, "offset", id());
            return Reduction.mapAlong(image, d, (v, k) -> v * g[k] + o[k]);
        }
    }

    /**
     * {@code clip}: values below the lower bound set to it, above the upper bound set to it; each
     * bound fixed ({@code min}/{@code max}) or a percentile over {@code axes}
     * ({@code minPercentile}/{@code maxPercentile}); null where not given.
     */
    record Clip(Double min, Double max, Double minPercentile, Double maxPercentile, List<String> axes) implements Op {
        /** @throws IllegalArgumentException if there is no bound, or a bound is given twice, or bounds are reversed */
        public Clip {
            axes = axes == null ? null : List.copyOf(axes);
            if ((min == null && max == null && minPercentile == null && maxPercentile == null)
                    || (min != null && minPercentile != null) || (max != null && maxPercentile != null)
                    || (min != null && max != null && min > max)
                    || (minPercentile != null && !(minPercentile >= 0 && minPercentile < 100))
                    || (maxPercentile != null && !(maxPercentile > 1 && maxPercentile <= 100))) {
                throw new IllegalArgumentException("clip needs min or min_percentile and/or max or max_percentile"
                        + " (not both of a pair), min <= max, percentiles in [0, 100]");
            }
        }

        /** Clipping to {@code [min, max]}. */
        public Clip(double min, double max) {
            this(min, max, null, null, null);
        }

        @Override
        public String id() {
            return "clip";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Reduction r = Reduction.of(image, axes, layout, id());
            double[][] p = minPercentile == null && maxPercentile == null ? null
                    : r.percentiles(image.pixels(), minPercentile == null ? 0 : minPercentile,
                            maxPercentile == null ? 100 : maxPercentile);
            double lo = min == null ? Double.NEGATIVE_INFINITY : min;
            double hi = max == null ? Double.POSITIVE_INFINITY : max;
            return Reduction.map(image, r, (v, g) -> {
                double a = minPercentile == null ? lo : p[0][g];
                double b = maxPercentile == null ? hi : p[1][g];
                return v < a ? a : v > b ? b : v;
            });
        }
    }

    /**
     * {@code binarize}: 1 where {@code x > threshold}, else 0; one threshold ({@code axis} null) or
     * one per entry along {@code axis}.
     */
    record Binarize(String axis, List<Double> threshold) implements Op {
        /** @throws IllegalArgumentException if there is no threshold, or several without an axis */
        public Binarize {
            threshold = List.copyOf(threshold);
            if (threshold.isEmpty() || (axis == null && threshold.size() != 1)) {
                throw new IllegalArgumentException("binarize needs a threshold (one without an axis)");
            }
        }

        @Override
        public String id() {
            return "binarize";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Dim d = axis == null ? null : layout.dim(axis, id());
            double[] t = Reduction.alongAxis(threshold, d, image, "threshold", id());
            return Reduction.mapAlong(image, d, (v, k) -> v > t[k] ? 1 : 0);
        }
    }

    /** {@code sigmoid}: {@code 1 / (1 + exp(-x))}. */
    record Sigmoid() implements Op {
        @Override
        public String id() {
            return "sigmoid";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            return Reduction.mapAlong(image, null, (v, k) -> 1 / (1 + Math.exp(-v)));
        }
    }

    /** {@code softmax} along {@code axis} ({@code channel} by default). */
    record Softmax(String axis) implements Op {
        /** @throws IllegalArgumentException if the axis is null or blank */
        public Softmax {
            if (axis == null || axis.isBlank()) {
                throw new IllegalArgumentException("softmax needs an axis");
            }
        }

        @Override
        public String id() {
            return "softmax";
        }

        @Override
        public Image apply(Image image, Layout layout) {
            Dim d = layout.dim(axis, id());
            Image out = image.copy();
            int h = image.height();
            int w = image.width();
            int len = Reduction.length(image, d);
            int stride = d == Dim.CHANNEL ? h * w : d == Dim.Y ? w : 1;
            float[] px = out.pixels();
            double[] e = new double[len];
            for (int c = 0; c < (d == Dim.CHANNEL ? 1 : image.channels()); c++) {
                for (int y = 0; y < (d == Dim.Y ? 1 : h); y++) {
                    for (int x = 0; x < (d == Dim.X ? 1 : w); x++) {
                        int base = (c * h + y) * w + x;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int k = 0; k < len; k++) {
                            max = Math.max(max, px[base + k * stride]);
                        }
                        double sum = 0;
                        for (int k = 0; k < len; k++) {
                            e[k] = Math.exp(px[base + k * stride] - max);
                            sum += e[k];
                        }
                        for (int k = 0; k < len; k++) {
                            px[base + k * stride] = (float) (e[k] / sum);
                        }
                    }
                }
            }
            return out;
        }
    }

    /**
     * An op unet4j does not apply ({@code scale_mean_variance}, {@code scale_range} with another
     * tensor's statistics, an unknown id): kept so that the description can be read and shown;
     * {@link #apply} throws.
     *
     * @param id the op id in the file
     * @param reason one line: what is unsupported and what unet4j supports
     */
    record Unsupported(String id, String reason) implements Op {
        @Override
        public Image apply(Image image, Layout layout) {
            throw new InvalidInputException(reason);
        }
    }
}
