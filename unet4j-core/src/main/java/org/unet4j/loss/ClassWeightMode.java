package org.unet4j.loss;

/** How the class term w_c of the weight map is chosen. */
public enum ClassWeightMode {
    /**
     * w_c(c) = N_max / N_c from the pixel counts N_c of each class (the majority class weighs 1), so
     * every class contributes the same total weight (the paper's "weight map to balance the class
     * frequencies").
     */
    BALANCED,
    /**
     * w_c(c) = sqrt(N_max / N_c): halfway (on a log scale) between {@link #BALANCED} and {@link
     * #NONE}. Rare classes still count more, but a rare foreground is no longer weighted so far
     * above the background that the network paints it too generously (on DSB2018 nuclei, ~4 % of
     * the pixels, balanced weights made every predicted nucleus 1.2x too large).
     */
    SQRT,
    /** w_c = 1 for every class. */
    NONE
}
