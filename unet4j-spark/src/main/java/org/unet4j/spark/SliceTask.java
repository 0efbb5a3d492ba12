package org.unet4j.spark;

import java.io.Serializable;
import org.unet4j.io.ImageFileInfo.SampleFormat;

/**
 * One task of a job: page {@code page} of a stack of {@code pages} pages, or ({@code pages == 1})
 * a whole single image.
 *
 * @param fileIndex index of the input file in the job's list
 * @param file the input file (a path every executor sees)
 * @param stem the output name of the input
 * @param sampleFormat with {@code height}, {@code width} and {@code bitsPerSample}: the file's facts, read on the driver
 */
record SliceTask(int fileIndex, String file, String stem, int page, int pages, int height, int width, int bitsPerSample,
        SampleFormat sampleFormat) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether this is a slice of a stack (its outputs go to a part file until the stack is assembled). */
    boolean isSlice() {
        return pages > 1;
    }
}
