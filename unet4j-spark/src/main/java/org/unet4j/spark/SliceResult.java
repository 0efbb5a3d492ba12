package org.unet4j.spark;

import java.io.Serializable;

/**
 * What one task did.
 *
 * @param computed false when its outputs were found complete and it predicted nothing
 * @param tiles network tiles predicted
 * @param tileText the tile shape, e.g. "60x60"
 * @param error the one-line message of bad input (the job then stops with it), else null
 * @param readNanos time spent reading the slice (for a single image: included in {@code predictNanos})
 * @param predictNanos time spent predicting and post-processing
 * @param writeNanos time spent writing the outputs (for a single image: included in {@code predictNanos})
 */
record SliceResult(int fileIndex, int page, boolean computed, long tiles, String tileText, String error, long readNanos, long predictNanos,
        long writeNanos) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A task that did nothing (outputs complete) or met bad input. */
    static SliceResult nothing(SliceTask task, boolean computed, String error) {
        return new SliceResult(task.fileIndex(), task.page(), computed, 0, "", error, 0, 0, 0);
    }
}
