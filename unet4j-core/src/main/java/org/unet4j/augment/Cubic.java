package org.unet4j.augment;

/**
 * The cubic convolution kernel of Keys (1981) with a = -0.5 (Catmull-Rom), the usual "bicubic"
 * interpolation: it passes through the samples (weights 0, 1, 0, 0 at offset 0, exactly), reproduces
 * linear ramps, and is continuous with a continuous first derivative.
 */
final class Cubic {
    private Cubic() {
    }

    /**
     * Weights of the four samples at offsets -1, 0, 1, 2 for a position {@code t} in [0, 1] after
     * sample 0.
     */
    static void weights(double t, double[] w) {
        double t2 = t * t;
        w[0] = ((-0.5 * t + 1) * t - 0.5) * t;
        w[1] = (1.5 * t - 2.5) * t2 + 1;
        w[2] = ((-1.5 * t + 2) * t + 0.5) * t;
        w[3] = (0.5 * t - 0.5) * t2;
    }
}
