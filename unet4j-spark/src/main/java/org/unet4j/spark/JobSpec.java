package org.unet4j.spark;

import java.io.Serializable;
import java.util.Locale;
import org.unet4j.app.PredictionFiles;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Precision;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.TestTimeAugmentation;
import org.unet4j.model.DeviceChoice;

/**
 * The options of one {@code spark-predict} job, as {@code unet predict} takes them; sent to every
 * task. {@link #fingerprint()} names everything that changes an output, so that a re-run skips only
 * outputs made with the same options and model.
 *
 * @param out output folder (a path every executor sees: a shared file system)
 * @param threads libtorch intra-op threads per task (0: {@code spark.task.cpus})
 * @param splitAbove single images of more pixels than this are split into parts of output tiles, one task each (0: never)
 * @param failFirstAttemptEvery test hook: the first attempt of every N-th task throws (0: never)
 * @param failSlicesFrom test hook: every attempt of the tasks of stack slices from this index on throws (-1: never)
 */
public record JobSpec(String out, PredictionFiles.Layout layout, int tile, int batch, long memoryBytes, boolean tta,
        Precision precision, boolean instances, int minSize, PostProcessing.Method postprocess, Double seedThreshold,
        Double floodThreshold, int foregroundClass, boolean overlay, int threads, long splitAbove, int failFirstAttemptEvery, int failSlicesFrom)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The prediction options of {@code unet predict} with these values (on the CPU). */
    public PredictOptions predictOptions() {
        return new PredictOptions(tile, batch, memoryBytes, tta ? TestTimeAugmentation.DIHEDRAL : TestTimeAugmentation.NONE, precision,
                DeviceChoice.CPU);
    }

    /** A copy with other test hooks. */
    public JobSpec withFailures(int firstAttemptEvery, int slicesFrom) {
        return new JobSpec(out, layout, tile, batch, memoryBytes, tta, precision, instances, minSize, postprocess, seedThreshold,
                floodThreshold, foregroundClass, overlay, threads, splitAbove, firstAttemptEvery, slicesFrom);
    }

    /** A copy with another output folder. */
    public JobSpec withOut(String folder) {
        return new JobSpec(folder, layout, tile, batch, memoryBytes, tta, precision, instances, minSize, postprocess, seedThreshold,
                floodThreshold, foregroundClass, overlay, threads, splitAbove, failFirstAttemptEvery, failSlicesFrom);
    }

    /** A copy that splits single images of more than {@code pixels} pixels (0: never). */
    public JobSpec withSplitAbove(long pixels) {
        return new JobSpec(out, layout, tile, batch, memoryBytes, tta, precision, instances, minSize, postprocess, seedThreshold,
                floodThreshold, foregroundClass, overlay, threads, pixels, failFirstAttemptEvery, failSlicesFrom);
    }

    /** Whether an image of {@code height x width} (a single image, not a stack) is split into parts. */
    public boolean splits(int height, int width) {
        return splitAbove > 0 && (long) height * width > splitAbove;
    }

    /** Everything that changes an output (the model's checksum included), as one line. */
    public String fingerprint(String modelSha256) {
        return String.format(Locale.ROOT, "model=%s tile=%d batch=%d memory=%d tta=%b precision=%s instances=%b min-size=%d"
                + " postprocess=%s seed=%s flood=%s fg-class=%d layout=%s overlay=%b threads=%d split-above=%d", modelSha256, tile, batch,
                memoryBytes, tta, precision, instances, minSize, postprocess, seedThreshold, floodThreshold, foregroundClass, layout, overlay,
                threads, splitAbove);
    }
}
