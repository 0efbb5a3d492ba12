package org.unet4j.eval;

import java.util.Locale;

/** The ISBI 2012 EM metrics, with the reference scorer's names ({@link #key()}). */
public enum IsbiMetric {
    /** 1 − maximal F-score of pixel classification (interior = positive) over the thresholds; micro-averaged. */
    PIXEL_ERROR,
    /** 1 − maximal F-score of the foreground-restricted Rand index over the thresholds; micro-averaged. */
    RAND_ERROR,
    /** Minimum over thresholds of the split and merge pixels after simple-point warping, per pixel. */
    WARPING_ERROR,
    /** Maximal foreground-restricted Rand F-score after border thinning (higher is better); macro-averaged. */
    V_RAND,
    /** Maximal foreground-restricted information F-score after border thinning (higher is better); macro-averaged. */
    V_INFO;

    /** The scorer's name: {@code pixel_error}, {@code rand_error}, {@code warping_error}, {@code v_rand}, {@code v_info}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether lower values are better (the errors) or higher (the scores V_Rand and V_Info). */
    public boolean isError() {
        return this == PIXEL_ERROR || this == RAND_ERROR || this == WARPING_ERROR;
    }
}
