package org.unet4j.bioimageio;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.unet4j.InvalidInputException;
import org.unet4j.bioimageio.Layout.Dim;
import org.unet4j.data.Image;

/**
 * Statistics of a channels x height x width image over a set of reduced dimensions (the
 * {@code axes} of an op): one group per combination of the dimensions that are not reduced, e.g.
 * one group per channel for {@code axes: [y, x]}, one group for the whole image for
 * {@code [channel, y, x]} or no {@code axes}. The batch axis is ignored: ops see one sample.
 * Means and standard deviations are accumulated in double; the standard deviation is the
 * population one (divided by n), as bioimage.io's reference implementation computes it;
 * percentiles interpolate linearly between order statistics (NumPy's default).
 */
final class Reduction {
    private final int channels;
    private final int height;
    private final int width;
    private final boolean rc;
    private final boolean ry;
    private final boolean rx;

    private Reduction(Image image, Set<Dim> reduced) {
        this.channels = image.channels();
        this.height = image.height();
        this.width = image.width();
        this.rc = reduced.contains(Dim.CHANNEL);
        this.ry = reduced.contains(Dim.Y);
        this.rx = reduced.contains(Dim.X);
    }

    /** The grouping of {@code image} for the op axes {@code axes} (null: all axes jointly). */
    static Reduction of(Image image, List<String> axes, Layout layout, String where) {
        Set<Dim> reduced = EnumSet.allOf(Dim.class);
        if (axes != null) {
            reduced = EnumSet.noneOf(Dim.class);
            for (String a : axes) {
                reduced.add(layout.dim(a, where));
            }
        }
        return new Reduction(image, reduced);
    }

    /** The number of groups. */
    int count() {
        return (rc ? 1 : channels) * (ry ? 1 : height) * (rx ? 1 : width);
    }

    /** The group of the value at {@code (c, y, x)}. */
    int group(int c, int y, int x) {
        return ((rc ? 0 : c) * (ry ? 1 : height) + (ry ? 0 : y)) * (rx ? 1 : width) + (rx ? 0 : x);
    }

    /** The mean of each group. */
    double[] mean(float[] px) {
        double[] sum = new double[count()];
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    sum[group(c, y, x)] += px[i++];
                }
            }
        }
        double n = (double) px.length / count();
        for (int g = 0; g < sum.length; g++) {
            sum[g] /= n;
        }
        return sum;
    }

    /** The population standard deviation of each group, around {@code mean}. */
    double[] std(float[] px, double[] mean) {
        double[] sq = new double[count()];
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int g = group(c, y, x);
                    double d = px[i++] - mean[g];
                    sq[g] += d * d;
                }
            }
        }
        double n = (double) px.length / count();
        for (int g = 0; g < sq.length; g++) {
            sq[g] = Math.sqrt(sq[g] / n);
        }
        return sq;
    }

    /** {@code result[k][g]}: percentile {@code p[k]} (in [0, 100]) of group {@code g}. */
    double[][] percentiles(float[] px, double... p) {
        int groups = count();
        int per = px.length / groups;
        float[] sorted;
        if (groups == 1) {
            sorted = px.clone();
        } else {
            sorted = new float[px.length];
            int[] fill = new int[groups];
            int i = 0;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int g = group(c, y, x);
                        sorted[g * per + fill[g]++] = px[i++];
                    }
                }
            }
        }
        double[][] out = new double[p.length][groups];
        for (int g = 0; g < groups; g++) {
            Arrays.sort(sorted, g * per, (g + 1) * per);
            for (int k = 0; k < p.length; k++) {
                out[k][g] = percentile(sorted, g * per, per, p[k]);
            }
        }
        return out;
    }

    /**
     * The {@code p}-th percentile of the {@code n} sorted values from {@code off}, interpolated
     * linearly (NumPy's default, as {@link org.unet4j.data.Normalization} computes it).
     */
    static double percentile(float[] sorted, int off, int n, double p) {
        double pos = p / 100 * (n - 1);
        int i = (int) Math.floor(pos);
        if (i >= n - 1) {
            return sorted[off + n - 1];
        }
        double f = pos - i;
        return sorted[off + i] + f * ((double) sorted[off + i + 1] - sorted[off + i]);
    }

    /**
     * The length of {@code image} along {@code dim} (1 for the batch axis).
     */
    static int length(Image image, Dim dim) {
        return switch (dim) {
            case BATCH -> 1;
            case CHANNEL -> image.channels();
            case Y -> image.height();
            case X -> image.width();
        };
    }

    /**
     * Per-element values of a parameter given along {@code axis} (null: one scalar): {@code values}
     * expanded so that element {@code (c, y, x)} finds its value at {@link #along}.
     *
     * @throws InvalidInputException if the number of values is neither 1 nor the axis length
     */
    static double[] alongAxis(List<Double> values, Dim dim, Image image, String what, String where) {
        int len = dim == null ? 1 : length(image, dim);
        if (values.size() == 1) {
            double[] out = new double[len];
            Arrays.fill(out, values.get(0));
            return out;
        }
        if (values.size() != len) {
            throw new InvalidInputException(where + ": " + what + " has " + values.size() + " values but the axis has "
                    + len + " entries (" + image.channels() + "x" + image.height() + "x" + image.width() + " image)");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The index of {@code (c, y, x)} along {@code dim} (0 for null or the batch axis). */
    static int along(Dim dim, int c, int y, int x) {
        if (dim == null) {
            return 0;
        }
        return switch (dim) {
            case BATCH -> 0;
            case CHANNEL -> c;
            case Y -> y;
            case X -> x;
        };
    }

    /** A value function of the value and its group (or its index along an axis). */
    @FunctionalInterface
    interface Fn {
        double at(double v, int k);
    }

    static Image map(Image image, Reduction r, Fn f) {
        Image out = image.copy();
        float[] px = out.pixels();
        int i = 0;
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    px[i] = (float) f.at(px[i], r.group(c, y, x));
                    i++;
                }
            }
        }
        return out;
    }

    static Image mapAlong(Image image, Dim d, Fn f) {
        Image out = image.copy();
        float[] px = out.pixels();
        int i = 0;
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    px[i] = (float) f.at(px[i], Reduction.along(d, c, y, x));
                    i++;
                }
            }
        }
        return out;
    }

    static void requireEps(double eps, String op) {
        if (!(eps > 0 && eps <= 0.1)) {
            throw new IllegalArgumentException(op + " eps " + eps + " must be in (0, 0.1]");
        }
    }
}
