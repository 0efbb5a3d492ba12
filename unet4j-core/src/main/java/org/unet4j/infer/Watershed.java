package org.unet4j.infer;

import java.util.Arrays;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;
import org.unet4j.data.LabelImage;

/**
 * Seeded watershed on a foreground probability map: splits the image into instances separated by
 * one-pixel lines, so that a boundary the network drew faintly or with a gap still separates two
 * objects.
 *
 * <p>The seeds are the 4-connected regions where the foreground probability is above
 * {@code seedThreshold} (regions smaller than {@code minSeedSize} pixels are dropped). They grow in
 * order of decreasing foreground probability (Meyer's priority flood; ties in the order pixels were
 * reached) into every pixel whose probability is above {@code floodThreshold}. A pixel that two
 * different regions reach becomes a watershed line: it belongs to no instance, and no two
 * instances are ever 4-neighbours. With {@code floodThreshold 0} (the membrane case: ISBI 2012, a
 * tissue with stained cell boundaries) the whole image is divided and every boundary becomes a line
 * one pixel wide; for objects on a background (nuclei, cells on a dish) a flood threshold such as
 * 0.5 keeps the background out, and the watershed only splits touching objects.
 *
 * <p>Written by hand: the Java watershed implementations we know of are MorphoLibJ's
 * marker-controlled watershed (published, as far as we found, through the SciJava repository rather
 * than Maven Central) and imglib2-algorithm's (which would bring imglib2 and array-to-image
 * conversions for one 2-D call). This is the textbook algorithm on plain arrays with a primitive
 * binary heap, O(n log n), tested on hand-worked cases and pixel for pixel against scikit-image's
 * {@code watershed(..., watershed_line=True)}.
 */
public final class Watershed {
    /** Label of a watershed line pixel during the flood. */
    private static final int LINE = -1;

    private Watershed() {
    }

    /**
     * The result: {@code instances} numbered 1..n in raster order of their seeds (0 = background,
     * lines and pixels no seed reached), and {@code lines}, true on the watershed lines.
     */
    public record Basins(LabelImage instances, boolean[] lines) {
        /**
         * {@code probability} with the watershed lines set to 0 (a new array): thresholded at any
         * level, the lines keep the instances apart (the ISBI 2012 submission format).
         */
        public float[] sealed(float[] probability) {
            float[] out = probability.clone();
            for (int i = 0; i < out.length; i++) {
                if (lines[i]) {
                    out[i] = 0f;
                }
            }
            return out;
        }
    }

    /**
     * Floods {@code foreground} ({@code height x width}, row-major, values in [0, 1]).
     *
     * @throws InvalidInputException when the thresholds are not {@code 0 <= flood < seed < 1}
     */
    public static Basins split(float[] foreground, int height, int width, double seedThreshold, double floodThreshold,
            int minSeedSize) {
        checkThresholds(seedThreshold, floodThreshold);
        return split(foreground, foreground, height, width, seedThreshold, floodThreshold, minSeedSize);
    }

    /**
     * Floods {@code foreground} from the seeds of another map: the 4-connected regions where
     * {@code seeds} is above {@code seedThreshold} (e.g. a contour model's interior probability),
     * grown in order of decreasing {@code foreground} into the pixels where it is above
     * {@code floodThreshold}. Seed pixels count whatever their foreground probability. Thresholds
     * are not checked against each other here.
     */
    public static Basins split(float[] seeds, float[] foreground, int height, int width, double seedThreshold, double floodThreshold,
            int minSeedSize) {
        int n = height * width;
        if (foreground.length != n || seeds.length != n) {
            throw new IllegalArgumentException("probability maps of " + seeds.length + " and " + foreground.length + " values are not "
                    + height + "x" + width);
        }
        boolean[] seedMask = new boolean[n];
        for (int i = 0; i < n; i++) {
            seedMask[i] = seeds[i] > seedThreshold;
        }
        int[] labels = Instances.fromForeground(seedMask, height, width, minSeedSize).labels();
        LongHeap heap = new LongHeap(Math.max(16, n / 8));
        boolean[] queued = new boolean[n];
        int[] pixelOf = new int[n]; // the pixel queued as the age-th
        int age = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] > 0) {
                queued[i] = true;
                age = pushNeighbours(i, height, width, labels, queued, pixelOf, foreground, floodThreshold, heap, age);
            }
        }
        while (!heap.isEmpty()) {
            int i = pixelOf[(int) (heap.pop() & 0xffffffffL)];
            int y = i / width;
            int x = i - y * width;
            int label = 0;
            boolean conflict = false;
            if (y > 0) {
                label = merge(label, labels[i - width]);
                conflict |= label < 0;
            }
            if (y < height - 1 && !conflict) {
                label = merge(label, labels[i + width]);
                conflict |= label < 0;
            }
            if (x > 0 && !conflict) {
                label = merge(label, labels[i - 1]);
                conflict |= label < 0;
            }
            if (x < width - 1 && !conflict) {
                label = merge(label, labels[i + 1]);
                conflict |= label < 0;
            }
            if (conflict) {
                labels[i] = LINE;
                continue;
            }
            labels[i] = label;
            age = pushNeighbours(i, height, width, labels, queued, pixelOf, foreground, floodThreshold, heap, age);
        }
        boolean[] lines = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (labels[i] == LINE) {
                lines[i] = true;
                labels[i] = 0;
            }
        }
        return new Basins(new LabelImage(height, width, labels), lines);
    }

    /** Checks {@code 0 <= flood < seed < 1}; the message names the two {@link Setting}s. */
    public static void checkThresholds(double seedThreshold, double floodThreshold) {
        if (!(seedThreshold > 0 && seedThreshold < 1)) {
            throw InvalidInputException.of("%s is not a probability between 0 and 1 (exclusive); use e.g. 0.5",
                    Setting.SEED_THRESHOLD.is(seedThreshold));
        }
        if (!(floodThreshold >= 0 && floodThreshold < seedThreshold)) {
            throw InvalidInputException.of("%s must be at least 0 and below %s; use 0 to divide the whole image (membranes) or e.g. 0.5"
                    + " for objects on a background", Setting.FLOOD_THRESHOLD.is(floodThreshold), Setting.SEED_THRESHOLD.is(seedThreshold));
        }
    }

    /** The label of a pixel from its neighbours so far: 0 none yet, -1 two different ones. */
    private static int merge(int label, int neighbour) {
        if (neighbour <= 0 || neighbour == label) {
            return label;
        }
        return label == 0 ? neighbour : -1;
    }

    private static int pushNeighbours(int i, int height, int width, int[] labels, boolean[] queued, int[] pixelOf, float[] p,
            double flood, LongHeap heap, int age) {
        int y = i / width;
        int x = i - y * width;
        if (y > 0) {
            age = push(i - width, labels, queued, pixelOf, p, flood, heap, age);
        }
        if (y < height - 1) {
            age = push(i + width, labels, queued, pixelOf, p, flood, heap, age);
        }
        if (x > 0) {
            age = push(i - 1, labels, queued, pixelOf, p, flood, heap, age);
        }
        if (x < width - 1) {
            age = push(i + 1, labels, queued, pixelOf, p, flood, heap, age);
        }
        return age;
    }

    private static int push(int j, int[] labels, boolean[] queued, int[] pixelOf, float[] p, double flood, LongHeap heap, int age) {
        if (queued[j] || labels[j] != 0 || !(p[j] > flood)) {
            return age;
        }
        queued[j] = true;
        pixelOf[age] = j;
        // Highest probability first: the key's upper half is the (non-negative) float 1 - p, whose
        // bit pattern orders like its value; the lower half, the queueing order, breaks ties first
        // come, first served and finds the pixel again through pixelOf.
        float relief = Math.max(0f, 1f - p[j]);
        heap.push(((long) Float.floatToIntBits(relief) << 32) | (age & 0xffffffffL));
        return age + 1;
    }

    /** A binary min-heap of longs (no boxing: a 4-megapixel image queues millions of pixels). */
    private static final class LongHeap {
        private long[] a;
        private int size;

        LongHeap(int capacity) {
            a = new long[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (a[parent] <= v) {
                    break;
                }
                a[i] = a[parent];
                i = parent;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long last = a[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && a[child + 1] < a[child]) {
                    child++;
                }
                if (a[child] >= last) {
                    break;
                }
                a[i] = a[child];
                i = child;
            }
            if (size > 0) {
                a[i] = last;
            }
            return top;
        }
    }
}
