package org.unet4j.infer;

import org.unet4j.data.LabelImage;

/**
 * The network's softmax probabilities for one image, in plain arrays: {@code probabilities[k]} is
 * the row-major {@code height x width} map of class {@code k}; at every pixel the classes sum to 1
 * (up to rounding).
 */
public record Prediction(int height, int width, float[][] probabilities) {
    public Prediction {
        if (probabilities.length < 1) {
            throw new IllegalArgumentException("no classes");
        }
        for (float[] p : probabilities) {
            if ((long) p.length != (long) height * width) {
                throw new IllegalArgumentException("probability map of " + p.length + " values is not " + height + "x" + width);
            }
        }
    }

    public int numClasses() {
        return probabilities.length;
    }

    /** The probability map of class {@code k} (shared, not copied). */
    public float[] probability(int k) {
        return probabilities[k];
    }

    /**
     * The foreground probability: class 1, the "interior"/"object" class of a two-class model (the
     * map the ISBI challenge format and {@code unet evaluate --pred} expect).
     */
    public float[] foreground() {
        return probabilities[1];
    }

    /** The most probable class of every pixel (ties go to the lower class). */
    public LabelImage labels() {
        int n = height * width;
        int[] out = new int[n];
        float[] best = probabilities[0].clone();
        for (int k = 1; k < probabilities.length; k++) {
            float[] p = probabilities[k];
            for (int i = 0; i < n; i++) {
                if (p[i] > best[i]) {
                    best[i] = p[i];
                    out[i] = k;
                }
            }
        }
        return new LabelImage(height, width, out);
    }
}
