package org.unet4j.data.synth;

/**
 * The random source of the generators: SplitMix64 (Steele, Lea and Flood 2014) with Box-Muller
 * normals. Written here rather than taken from {@code java.util.SplittableRandom} because the JDK
 * documents only its seeding, not the exact derivation of doubles, bounded ints and normals, which
 * may change between releases; the data sets must be the same, bit for bit, on every JDK.
 */
final class SynthRandom {
    private long state;
    private double spareNormal = Double.NaN;

    SynthRandom(long seed) {
        this.state = seed;
    }

    /** The seed of item {@code index} of a set made from {@code seed} (a mix of both, well spread). */
    static long derive(long seed, long index) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (index + 1));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in 0..bound-1 ({@code bound > 0}). */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Uniform in lo..hi inclusive. */
    int nextInt(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal (Box-Muller, polar-free form with a cached second value). */
    double nextGaussian() {
        if (!Double.isNaN(spareNormal)) {
            double v = spareNormal;
            spareNormal = Double.NaN;
            return v;
        }
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        spareNormal = r * StrictMath.sin(2 * Math.PI * u2);
        return r * StrictMath.cos(2 * Math.PI * u2);
    }

    /** Log-normal with median {@code median} and log standard deviation {@code sigma}. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * nextGaussian());
    }
}
