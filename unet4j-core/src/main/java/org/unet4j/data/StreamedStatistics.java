package org.unet4j.data;

import java.util.Arrays;

/**
 * {@link Normalization#fit(Normalization.Bands)}: the per-channel statistics of an image read in
 * bands of rows, equal to the last bit to those of the whole image held in memory.
 *
 * <p>Min-max needs one pass; z-score two (the sum, then the squared deviations from the mean), in
 * the same row-major order as the in-memory loops, so the double sums are the same. Percentiles
 * need two order statistics per percentile; instead of sorting all values (which needs them all
 * in memory) each is found by counting: every float maps to a 32-bit key that sorts as
 * {@link Arrays#sort(float[])} does ({@code -0.0} before {@code 0.0}); the first pass counts the
 * keys' upper 16 bits, which locates each wanted rank in one of 65,536 buckets, the second counts
 * the lower 16 bits of the keys in those buckets, which gives the rank's exact key. Written here
 * because no library at hand selects exact order statistics from a stream in fixed memory.
 */
final class StreamedStatistics {
    /** Rows per band read. */
    static final int BAND_ROWS = 256;
    private static final int BUCKETS = 1 << 16;

    private StreamedStatistics() {
    }

    static Normalization.Fitted fit(Normalization norm, Normalization.Bands bands) {
        int c = bands.channels();
        long n = (long) bands.height() * bands.width();
        double[] shift = new double[c];
        double[] scale = new double[c];
        switch (norm.method()) {
            case NONE -> Arrays.fill(scale, 1);
            case MINMAX -> {
                double[] lo = new double[c];
                double[] hi = new double[c];
                Arrays.fill(lo, Double.POSITIVE_INFINITY);
                Arrays.fill(hi, Double.NEGATIVE_INFINITY);
                each(bands, (ch, px, from, to) -> {
                    for (int i = from; i < to; i++) {
                        lo[ch] = Math.min(lo[ch], px[i]);
                        hi[ch] = Math.max(hi[ch], px[i]);
                    }
                });
                for (int ch = 0; ch < c; ch++) {
                    set(shift, scale, ch, Normalization.range(lo[ch], hi[ch]));
                }
            }
            case ZSCORE -> {
                double[] sum = new double[c];
                each(bands, (ch, px, from, to) -> {
                    for (int i = from; i < to; i++) {
                        sum[ch] += px[i];
                    }
                });
                double[] mean = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    mean[ch] = sum[ch] / n;
                }
                double[] sq = new double[c];
                each(bands, (ch, px, from, to) -> {
                    for (int i = from; i < to; i++) {
                        double d = px[i] - mean[ch];
                        sq[ch] += d * d;
                    }
                });
                for (int ch = 0; ch < c; ch++) {
                    set(shift, scale, ch, Normalization.zscore(mean[ch], sq[ch], n));
                }
            }
            case PERCENTILE -> percentiles(norm, bands, n, shift, scale);
            default -> throw new IllegalStateException(norm.method().toString());
        }
        return new Normalization.Fitted(norm.method(), shift, scale);
    }

    private static void percentiles(Normalization norm, Normalization.Bands bands, long n, double[] shift, double[] scale) {
        int c = bands.channels();
        long[][] upper = new long[c][BUCKETS];
        each(bands, (ch, px, from, to) -> {
            long[] h = upper[ch];
            for (int i = from; i < to; i++) {
                h[key(px[i]) >>> 16]++;
            }
        });
        // every rank the two percentiles read, its bucket and its rank inside the bucket
        long[] lowRanks = Normalization.ranksOf(n, norm.low());
        long[] highRanks = Normalization.ranksOf(n, norm.high());
        long[] ranks = new long[lowRanks.length + highRanks.length];
        System.arraycopy(lowRanks, 0, ranks, 0, lowRanks.length);
        System.arraycopy(highRanks, 0, ranks, lowRanks.length, highRanks.length);
        int m = ranks.length;
        int[][] bucket = new int[c][m];
        long[][] inside = new long[c][m];
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < m; j++) {
                long r = ranks[j];
                long below = 0;
                int b = 0;
                while (below + upper[ch][b] <= r) {
                    below += upper[ch][b];
                    b++;
                }
                bucket[ch][j] = b;
                inside[ch][j] = r - below;
            }
        }
        long[][][] lower = new long[c][m][];
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < m; j++) {
                int same = indexOf(bucket[ch], bucket[ch][j], j);
                lower[ch][j] = same < j ? lower[ch][same] : new long[BUCKETS];
            }
        }
        each(bands, (ch, px, from, to) -> {
            int[] bs = bucket[ch];
            for (int i = from; i < to; i++) {
                int k = key(px[i]);
                int b = k >>> 16;
                for (int j = 0; j < bs.length; j++) {
                    if (bs[j] == b) {
                        lower[ch][j][k & 0xffff]++;
                        break; // ranks in one bucket share its counts
                    }
                }
            }
        });
        for (int ch = 0; ch < c; ch++) {
            float[] value = new float[m];
            for (int j = 0; j < m; j++) {
                long[] h = lower[ch][j];
                long r = inside[ch][j];
                int low16 = 0;
                while (r >= h[low16]) {
                    r -= h[low16];
                    low16++;
                }
                value[j] = fromKey(bucket[ch][j] << 16 | low16);
            }
            int lowCount = lowRanks.length;
            double lo = Normalization.percentile(n, norm.low(), k -> value[(int) (k - lowRanks[0])]);
            double hi = Normalization.percentile(n, norm.high(), k -> value[lowCount + (int) (k - highRanks[0])]);
            set(shift, scale, ch, Normalization.range(lo, hi));
        }
    }

    private static int indexOf(int[] values, int v, int before) {
        for (int i = 0; i < before; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return before;
    }

    /** A key whose unsigned order is the order of {@link Arrays#sort(float[])} (finite values). */
    static int key(float v) {
        int bits = Float.floatToIntBits(v);
        return bits >= 0 ? bits ^ 0x80000000 : ~bits;
    }

    /** The float of a {@link #key}. */
    static float fromKey(int key) {
        return Float.intBitsToFloat(key < 0 ? key ^ 0x80000000 : ~key);
    }

    private static void set(double[] shift, double[] scale, int ch, double[] ab) {
        shift[ch] = ab[0];
        scale[ch] = ab[1];
    }

    /** Pixels {@code [from, to)} of channel {@code ch} of one band. */
    private interface Visitor {
        void visit(int ch, float[] px, int from, int to);
    }

    /** Reads the image band by band, channel by channel in row-major order within each band. */
    private static void each(Normalization.Bands bands, Visitor v) {
        int w = bands.width();
        for (int y = 0; y < bands.height(); y += BAND_ROWS) {
            int rows = Math.min(BAND_ROWS, bands.height() - y);
            Image band = bands.rows(y, rows);
            if (band.channels() != bands.channels() || band.height() != rows || band.width() != w) {
                throw new IllegalStateException("band of rows " + y + ".." + (y + rows) + " is " + band.sizeText());
            }
            int n = rows * w;
            for (int ch = 0; ch < bands.channels(); ch++) {
                v.visit(ch, band.pixels(), ch * n, ch * n + n);
            }
        }
    }
}
