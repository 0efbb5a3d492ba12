package org.unet4j.loss;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.unet4j.data.Components;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

/**
 * The paper's weight maps (Ronneberger et al. 2015, eq. 2), on plain arrays:
 *
 * <pre>
 *   w(x) = w_c(class(x)) + [class(x) = 0] * w0 * exp(-(d1(x) + d2(x))^2 / (2 sigma^2))
 * </pre>
 *
 * <p>where d1 &lt;= d2 are the Euclidean distances from the centre of background pixel x to the
 * nearest pixel centre of the nearest and the second nearest object (a background pixel next to
 * an object has d = 1), and w_c is the class term ({@link ClassWeights}). With fewer than two
 * objects there is no border term. Pixels of class {@link SegmentationSample#IGNORE} weigh 0.
 *
 * <p><b>Objects and targets.</b> With instance labels, the objects are the instances after the
 * {@link SeparationBorders separation borders} have been removed, and those border pixels become
 * class 0 (background) in the targets, so the network learns the gaps between touching objects
 * (border pixels marked IGNORE stay ignored). Without instances, the objects are the 8-connected
 * components of the foreground, i.e. of all non-background classes together (class != 0 and !=
 * IGNORE): a multi-class map has no instance information, so touching regions of different
 * classes form one object and no separation borders are drawn; the border term still pushes the
 * network to keep separate components separate.
 *
 * <p><b>Speed.</b> Each object's exact distance transform ({@link DistanceTransform}) is computed
 * only in its bounding box grown by the influence radius R = sigma * sqrt(2 ln(1 / 1e-6)), and each
 * pixel keeps only its two smallest distances. An object farther than R from a pixel is left
 * out; the border term then differs from the exact value by less than {@link #TOLERANCE} * w0
 * (since d1 + d2 &gt; R). The work is the sum of the grown boxes' areas, not pixels x objects.
 */
public final class WeightMaps {
    /** Border terms below {@code TOLERANCE * w0} are dropped (they are never larger than this). */
    public static final double TOLERANCE = 1e-6;

    private WeightMaps() {
    }

    /**
     * The training targets of a sample.
     *
     * @param classes class indices after separation borders (border pixels are 0), or IGNORE
     * @param objects object ids (0 = none): the separated instances, or the foreground components
     */
    public record Targets(LabelImage classes, LabelImage objects) {
    }

    /**
     * The sample with its classes after separation borders and its weight map filled, with the
     * class weights of this image alone (or none, by {@code params.classWeights()}).
     */
    public static SegmentationSample apply(SegmentationSample sample, WeightMapParams params) {
        Targets t = targets(sample, params.target());
        ClassWeights cw = ClassWeights.of(params.classWeights(), t.classes());
        return withWeights(sample, t, params, cw);
    }

    /**
     * As {@link #apply(SegmentationSample, WeightMapParams)} but with given class weights, e.g.
     * computed once over a whole training set with {@link ClassWeights#of(ClassWeightMode,
     * java.util.List)}; {@code params.classWeights()} is not consulted.
     */
    public static SegmentationSample apply(SegmentationSample sample, WeightMapParams params, ClassWeights classWeights) {
        return withWeights(sample, targets(sample, params.target()), params, classWeights);
    }

    private static SegmentationSample withWeights(SegmentationSample s, Targets t, WeightMapParams p, ClassWeights cw) {
        float[] w = weights(t, p, cw);
        return new SegmentationSample(s.name(), s.image(), t.classes(), s.instances(), w);
    }

    /** The targets of a sample for {@link Target#CLASSES} (the paper): see {@link #targets(SegmentationSample, Target)}. */
    public static Targets targets(SegmentationSample sample) {
        return targets(sample, Target.CLASSES);
    }

    /**
     * The targets of a sample: classes after separation borders and the objects (see the class
     * comment). For {@link Target#CONTOURS} the classes are then background (0), interior
     * ({@link Target#INTERIOR}) and contour ({@link Target#CONTOUR}) of the separated objects: an
     * object pixel with an 8-neighbour inside the image that is not part of the same object is
     * contour. Ignored pixels stay ignored.
     *
     * @throws IllegalArgumentException for {@link Target#CONTOURS} on a sample without instances
     *     (callers check the label convention first and say so in the user's terms)
     */
    public static Targets targets(SegmentationSample sample, Target target) {
        if (target == Target.CONTOURS) {
            if (sample.instances() == null) {
                throw new IllegalArgumentException(sample.name() + ": contour targets need instance labels");
            }
            Targets separated = targets(sample, Target.CLASSES);
            return new Targets(contourClasses(separated.objects(), sample.classes()), separated.objects());
        }
        LabelImage classes = sample.classes();
        if (sample.instances() == null) {
            int[] c = classes.labels();
            boolean[] fg = new boolean[c.length];
            for (int i = 0; i < c.length; i++) {
                fg[i] = c[i] != 0 && c[i] != SegmentationSample.IGNORE;
            }
            return new Targets(classes, Components.label(fg, classes.height(), classes.width(), Components.Connectivity.EIGHT)
                    .toLabelImage());
        }
        boolean[] border = SeparationBorders.borders(sample.instances());
        int[] c = classes.labels().clone();
        int[] objects = sample.instances().labels().clone();
        for (int i = 0; i < c.length; i++) {
            if (border[i]) {
                objects[i] = 0;
                if (c[i] != SegmentationSample.IGNORE) {
                    c[i] = 0;
                }
            }
        }
        return new Targets(new LabelImage(classes.height(), classes.width(), c),
                new LabelImage(classes.height(), classes.width(), objects));
    }

    /**
     * Background / interior / contour of {@code objects} (0 = no object), {@link
     * SegmentationSample#IGNORE} where {@code classes} is.
     */
    static LabelImage contourClasses(LabelImage objects, LabelImage classes) {
        int h = objects.height();
        int w = objects.width();
        int[] ids = objects.labels();
        int[] given = classes.labels();
        int[] out = new int[ids.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int id = ids[i];
                if (given[i] == SegmentationSample.IGNORE) {
                    out[i] = SegmentationSample.IGNORE;
                } else if (id != 0) {
                    out[i] = onContour(ids, h, w, y, x, id) ? Target.CONTOUR : Target.INTERIOR;
                }
            }
        }
        return new LabelImage(h, w, out);
    }

    private static boolean onContour(int[] ids, int h, int w, int y, int x, int id) {
        for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= h) {
                continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                if (xx >= 0 && xx < w && ids[yy * w + xx] != id) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The weight map w(x) of targets ({@code height * width}, row-major). */
    public static float[] weights(Targets targets, WeightMapParams params, ClassWeights classWeights) {
        int[] c = targets.classes().labels();
        float[] border = borderTerm(targets.objects(), params.w0(), params.sigma());
        float[] w = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            if (c[i] != SegmentationSample.IGNORE) {
                w[i] = (float) (classWeights.weight(c[i]) + (c[i] == 0 ? border[i] : 0));
            }
        }
        return w;
    }

    /**
     * The border term w0 * exp(-(d1 + d2)^2 / (2 sigma^2)) at every pixel that belongs to no object
     * (0 on object pixels, and everywhere when there are fewer than two objects).
     *
     * @param objects object ids, 0 = no object; ids need not be consecutive
     */
    public static float[] borderTerm(LabelImage objects, double w0, double sigma) {
        int h = objects.height();
        int w = objects.width();
        int n = h * w;
        float[] term = new float[n];
        int[] ids = objects.labels();
        int[] compact = new int[n];
        int count = compact(ids, compact);
        if (count < 2 || w0 == 0) {
            return term;
        }
        int[] box = boundingBoxes(compact, h, w, count);
        double radius2 = 2 * sigma * sigma * Math.log(1 / TOLERANCE);
        int r = (int) Math.ceil(Math.sqrt(radius2));
        double[] d1 = new double[n];
        double[] d2 = new double[n];
        Arrays.fill(d1, Double.POSITIVE_INFINITY);
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        DistanceTransform dt = new DistanceTransform();
        double[] grid = new double[0];
        for (int k = 1; k <= count; k++) {
            int y0 = Math.max(0, box[4 * k] - r);
            int y1 = Math.min(h - 1, box[4 * k + 1] + r);
            int x0 = Math.max(0, box[4 * k + 2] - r);
            int x1 = Math.min(w - 1, box[4 * k + 3] + r);
            int bh = y1 - y0 + 1;
            int bw = x1 - x0 + 1;
            if (grid.length < bh * bw) {
                grid = new double[Math.max(bh * bw, 2 * grid.length)];
            }
            for (int y = 0; y < bh; y++) {
                int src = (y0 + y) * w + x0;
                for (int x = 0; x < bw; x++) {
                    grid[y * bw + x] = compact[src + x] == k ? 0 : Double.POSITIVE_INFINITY;
                }
            }
            dt.transform(grid, bh, bw);
            for (int y = 0; y < bh; y++) {
                int dst = (y0 + y) * w + x0;
                for (int x = 0; x < bw; x++) {
                    int i = dst + x;
                    double d = grid[y * bw + x];
                    if (d <= radius2 && compact[i] == 0 && d < d2[i]) {
                        if (d < d1[i]) {
                            d2[i] = d1[i];
                            d1[i] = d;
                        } else {
                            d2[i] = d;
                        }
                    }
                }
            }
        }
        double twoSigma2 = 2 * sigma * sigma;
        for (int i = 0; i < n; i++) {
            if (d2[i] != Double.POSITIVE_INFINITY) {
                double s = Math.sqrt(d1[i]) + Math.sqrt(d2[i]);
                term[i] = (float) (w0 * Math.exp(-s * s / twoSigma2));
            }
        }
        return term;
    }

    /** Renumbers the non-zero ids of {@code ids} to 1..count into {@code out}; returns count. */
    private static int compact(int[] ids, int[] out) {
        int max = 0;
        int min = 0;
        for (int id : ids) {
            max = Math.max(max, id);
            min = Math.min(min, id);
        }
        int count = 0;
        if (min >= 0 && max <= 4L * ids.length) {
            int[] map = new int[max + 1];
            for (int i = 0; i < ids.length; i++) {
                int id = ids[i];
                if (id != 0) {
                    if (map[id] == 0) {
                        map[id] = ++count;
                    }
                    out[i] = map[id];
                }
            }
            return count;
        }
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != 0) {
                Integer k = map.get(ids[i]);
                if (k == null) {
                    k = ++count;
                    map.put(ids[i], k);
                }
                out[i] = k;
            }
        }
        return count;
    }

    /** {minY, maxY, minX, maxX} of objects 1..count at {@code 4 * k}. */
    private static int[] boundingBoxes(int[] compact, int h, int w, int count) {
        int[] box = new int[4 * (count + 1)];
        for (int k = 1; k <= count; k++) {
            box[4 * k] = Integer.MAX_VALUE;
            box[4 * k + 1] = -1;
            box[4 * k + 2] = Integer.MAX_VALUE;
            box[4 * k + 3] = -1;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = compact[y * w + x];
                if (k != 0) {
                    box[4 * k] = Math.min(box[4 * k], y);
                    box[4 * k + 1] = Math.max(box[4 * k + 1], y);
                    box[4 * k + 2] = Math.min(box[4 * k + 2], x);
                    box[4 * k + 3] = Math.max(box[4 * k + 3], x);
                }
            }
        }
        return box;
    }
}
