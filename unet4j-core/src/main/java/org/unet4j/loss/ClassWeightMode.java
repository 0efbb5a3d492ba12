package org.unet4j.loss;

/** How the class term w_c of the weight map is chosen. */
public enum ClassWeightMode {
    /**
     * w_c(c) = N_max / N_c from the pixel counts N_c of each class (the majority class weighs 1), so
     * every class contributes the same total weight (the paper's "weight map to balance the class
     * frequencies").
     */
    BALANCED,
    /** w_c = 1 for every class. */
    NONE
}
