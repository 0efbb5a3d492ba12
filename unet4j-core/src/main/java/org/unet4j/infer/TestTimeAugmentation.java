package org.unet4j.infer;

/** Test-time augmentation ({@code --tta}). */
public enum TestTimeAugmentation {
    /** Predict the image as it is. */
    NONE,
    /**
     * Predict the 8 flips and 90-degree rotations of the image ({@link Dihedral}) and average their
     * softmax probabilities after mapping them back: 8 times the compute, smoother and
     * rotation-invariant results (the paper averaged rotated versions of the input).
     */
    DIHEDRAL
}
