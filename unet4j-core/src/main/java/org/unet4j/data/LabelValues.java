package org.unet4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The distinct values of label images and their pixel counts, in increasing value order.
 *
 * @param values distinct values, increasing
 * @param counts pixels per value, aligned with {@code values}
 */
public record LabelValues(int[] values, long[] counts) {
    public LabelValues {
        if (values.length != counts.length) {
            throw new IllegalArgumentException("values and counts differ in length");
        }
    }

    /** The values of one label image (counting array for compact ranges, sorting otherwise). */
    public static LabelValues of(LabelImage image) {
        int[] l = image.labels();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : l) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        long range = (long) max - min + 1;
        if (range <= Math.max(1 << 16, l.length)) {
            long[] hist = new long[(int) range];
            for (int v : l) {
                hist[v - min]++;
            }
            int distinct = 0;
            for (long h : hist) {
                distinct += h > 0 ? 1 : 0;
            }
            int[] values = new int[distinct];
            long[] counts = new long[distinct];
            for (int i = 0, k = 0; i < hist.length; i++) {
                if (hist[i] > 0) {
                    values[k] = min + i;
                    counts[k++] = hist[i];
                }
            }
            return new LabelValues(values, counts);
        }
        int[] sorted = l.clone();
        Arrays.sort(sorted);
        int[] values = new int[sorted.length];
        long[] counts = new long[sorted.length];
        int k = -1;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                values[++k] = sorted[i];
            }
            counts[k]++;
        }
        return new LabelValues(Arrays.copyOf(values, k + 1), Arrays.copyOf(counts, k + 1));
    }

    /** The union of several value sets, counts added. */
    public static LabelValues merge(List<LabelValues> parts) {
        TreeMap<Integer, Long> all = new TreeMap<>();
        for (LabelValues p : parts) {
            for (int i = 0; i < p.values.length; i++) {
                all.merge(p.values[i], p.counts[i], Long::sum);
            }
        }
        int[] values = all.keySet().stream().mapToInt(Integer::intValue).toArray();
        long[] counts = all.values().stream().mapToLong(Long::longValue).toArray();
        return new LabelValues(values, counts);
    }

    public int distinct() {
        return values.length;
    }

    public int min() {
        return values.length == 0 ? 0 : values[0];
    }

    public int max() {
        return values.length == 0 ? 0 : values[values.length - 1];
    }

    /** Pixels with value {@code v} (0 if absent). */
    public long count(int v) {
        int i = Arrays.binarySearch(values, v);
        return i >= 0 ? counts[i] : 0;
    }

    public boolean contains(int v) {
        return Arrays.binarySearch(values, v) >= 0;
    }

    /** Whether every value is one of {@code allowed}. */
    public boolean within(int... allowed) {
        for (int v : values) {
            if (Arrays.stream(allowed).noneMatch(a -> a == v)) {
                return false;
            }
        }
        return true;
    }

    /** These values without {@code v}. */
    public LabelValues without(Integer v) {
        int i = v == null ? -1 : Arrays.binarySearch(values, v);
        if (i < 0) {
            return this;
        }
        int[] nv = new int[values.length - 1];
        long[] nc = new long[values.length - 1];
        System.arraycopy(values, 0, nv, 0, i);
        System.arraycopy(values, i + 1, nv, i, nv.length - i);
        System.arraycopy(counts, 0, nc, 0, i);
        System.arraycopy(counts, i + 1, nc, i, nc.length - i);
        return new LabelValues(nv, nc);
    }

    /** E.g. {@code {0, 1, 2}} or {@code {0, 1, 2, ... 377} (120 values)}. */
    public String text() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        if (values.length <= 8) {
            Arrays.stream(values).forEach(v -> j.add(String.valueOf(v)));
            return j.toString();
        }
        for (int i = 0; i < 3; i++) {
            j.add(String.valueOf(values[i]));
        }
        j.add("... " + values[values.length - 1]);
        return j + " (" + values.length + " values)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelValues other && Arrays.equals(values, other.values) && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LabelValues" + text();
    }
}
