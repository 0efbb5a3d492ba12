package org.unet4j.spark;

import java.io.Serializable;
import org.unet4j.data.Normalization;
import org.unet4j.data.Region;
import org.unet4j.io.ImageFileInfo.SampleFormat;

/**
 * One task of a job: page {@code page} of a stack of {@code pages} pages, a whole single image
 * ({@code pages == 1}, no region), or one part of a single image that is split ({@code region}: the
 * output pixels the task predicts, normalised with {@code fitted}, the whole image's statistics).
 *
 * @param fileIndex index of the input file in the job's list
 * @param file the input file (a path every executor sees)
 * @param stem the output name of the input
 * @param sampleFormat with {@code height}, {@code width} and {@code bitsPerSample}: the file's facts, read on the driver
 * @param region the part of a split image, else null
 * @param fitted the whole image's normalisation, for a part; else null
 */
record SliceTask(int fileIndex, String file, String stem, int page, int pages, int height, int width, int bitsPerSample,
        SampleFormat sampleFormat, Region region, Normalization.Fitted fitted) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A slice of a stack or a whole single image. */
    SliceTask(int fileIndex, String file, String stem, int page, int pages, int height, int width, int bitsPerSample,
            SampleFormat sampleFormat) {
        this(fileIndex, file, stem, page, pages, height, width, bitsPerSample, sampleFormat, null, null);
    }

    /** Whether this is a slice of a stack (its outputs go to a part file until the stack is assembled). */
    boolean isSlice() {
        return pages > 1;
    }

    /** Whether this is a part of a split single image (its probabilities go to a tile part until the image is stitched). */
    boolean isPart() {
        return region != null;
    }
}
