package org.unet4j.spark;

import java.nio.file.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Progress;
import org.unet4j.app.PredictionFiles;
import org.unet4j.data.Image;
import org.unet4j.data.ImageWindow;
import org.unet4j.data.Region;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.OutputException;

/**
 * Runs one task on an executor: skips it when its outputs are complete, else reads only its slice,
 * predicts it with {@code unet predict}'s code ({@link ImagePredictor}, {@link PostProcessing}) and
 * writes its outputs atomically. A single image is predicted by {@link PredictionFiles} itself,
 * straight into the output folder; a slice of a stack goes to a part file ({@link SlicePart}) that
 * the driver assembles into the stack files once every slice is done.
 */
final class SliceWorker implements Function<SliceTask, SliceResult> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelBytes> model;
    private final JobSpec spec;
    private final String fingerprint;

    SliceWorker(Broadcast<ModelBytes> model, JobSpec spec, String fingerprint) {
        this.model = model;
        this.spec = spec;
        this.fingerprint = fingerprint;
    }

    @Override
    public SliceResult call(SliceTask task) {
        Path out = Path.of(spec.out());
        Path parts = SlicePart.folder(out, task.stem());
        if (task.isPart() ? TilePart.isComplete(TilePart.file(parts, task.region()), fingerprint, task.region()) || OutputNames.complete(out,
                task.stem(), spec) : task.isSlice() ? SlicePart.isComplete(SlicePart.file(parts, task.page()), fingerprint)
                : OutputNames.complete(out, task.stem(), spec)) {
            return SliceResult.nothing(task, false, null);
        }
        TaskContext ctx = TaskContext.get();
        int cpus = ctx == null ? 1 : ctx.cpus();
        ExecutorModel em = ExecutorModel.of(model.value(), spec, cpus);
        ExecutorModel.Loaded loaded = em.acquire();
        try {
            return task.isPart() ? part(task, loaded.network(), out, ctx)
                    : task.isSlice() ? slice(task, loaded.predictor(), em.post(), out, ctx) : whole(task, loaded.predictor(), em.post(), out, ctx);
        } catch (InvalidInputException | OutputException e) {
            // the driver prints it as a command-line message
            return SliceResult.nothing(task, true, e.in(Naming.CLI));
        } finally {
            em.release(loaded);
        }
    }

    private SliceResult whole(SliceTask task, ImagePredictor predictor, PostProcessing post, Path out, TaskContext ctx) {
        PredictionFiles writer = new PredictionFiles(predictor, out, spec.layout(), post, spec.instances(), spec.overlay());
        injectFailure(task, ctx);
        long t0 = System.nanoTime();
        PredictionFiles.Result r = writer.predict(Path.of(task.file()), Progress.NONE, task.stem());
        return new SliceResult(task.fileIndex(), task.page(), true, r.tiles(), r.tile(), null, 0, System.nanoTime() - t0, 0);
    }

    /** One slice through {@link PredictionFiles#predictSlice} (the body of {@code unet predict}'s loop), into a part file. */
    private SliceResult slice(SliceTask task, ImagePredictor predictor, PostProcessing post, Path out, TaskContext ctx) {
        Path file = Path.of(task.file());
        int s = task.page();
        long t0 = System.nanoTime();
        Image raw = ImageFiles.readPage(file, s);
        PredictionFiles writer = new PredictionFiles(predictor, out, spec.layout(), post, spec.instances(), spec.overlay());
        int classes = predictor.numClasses();
        long t1 = System.nanoTime();
        PredictionFiles.SliceOutputs o = writer.predictSlice(raw, file + " page " + (s + 1), Progress.NONE);
        float[][] prob = new float[classes][];
        for (int k = 0; k < classes; k++) {
            prob[k] = o.prediction().probability(k);
        }
        injectFailure(task, ctx);
        long t2 = System.nanoTime();
        Path parts = SlicePart.folder(out, task.stem());
        if (spec.overlay() && s == task.pages() / 2) {
            ImageFiles.writePng(parts.resolve(OutputNames.OVERLAY_PART),
                    PredictionFiles.overlay(raw, o.instances() != null ? o.instances() : o.classes()));
        }
        new SlicePart(raw.height(), raw.width(), prob, o.foreground(), o.classes().labels(),
                o.instances() == null ? null : o.instances().labels())
                .write(SlicePart.file(parts, s), fingerprint);
        return new SliceResult(task.fileIndex(), s, true, predictor.tileCount(raw.height(), raw.width()),
                predictor.tileText(raw.height(), raw.width()), null, t1 - t0, t2 - t1, System.nanoTime() - t2);
    }

    /**
     * One part of a split single image: reads only the pixels its tiles need, normalises them with
     * the whole image's statistics, predicts the part's output region
     * ({@link Predictor#predict(ImageWindow, Region, Progress)}) and writes its probabilities to a
     * tile part; the driver stitches the parts and post-processes the whole image.
     */
    private SliceResult part(SliceTask task, Predictor predictor, Path out, TaskContext ctx) {
        Path file = Path.of(task.file());
        Region region = task.region();
        int h = task.height();
        int w = task.width();
        long t0 = System.nanoTime();
        Region need = predictor.inputNeeded(h, w, region);
        Image raw = ImageFiles.readRegion(file, 0, need);
        String where = file + " (part " + region + ")";
        int expected = predictor.config().inChannels();
        if (raw.channels() != expected) {
            throw new InvalidInputException(where + ": has " + raw.channels() + " channel(s), but the model expects " + expected
                    + "; convert the image to " + expected + " channel(s) like the training images");
        }
        ImageFiles.requireFinite(raw, where);
        ImageWindow window = new ImageWindow(task.fitted().apply(raw), need, h, w);
        long t1 = System.nanoTime();
        Prediction p = predictor.predict(window, region, Progress.NONE);
        float[][] prob = new float[p.numClasses()][];
        for (int k = 0; k < prob.length; k++) {
            prob[k] = p.probability(k);
        }
        injectFailure(task, ctx);
        long t2 = System.nanoTime();
        long tiles = predictor.tileCount(h, w, region);
        new TilePart(region, prob, tiles).write(TilePart.file(SlicePart.folder(out, task.stem()), region), fingerprint);
        return new SliceResult(task.fileIndex(), 0, true, 0, predictor.tileShape(h, w).toString(), null, t1 - t0, t2 - t1,
                System.nanoTime() - t2);
    }

    /** The test hooks of {@link JobSpec}: a task that fails after its work, before its outputs are written. */
    private void injectFailure(SliceTask task, TaskContext ctx) {
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        int index = ctx == null ? 0 : ctx.partitionId();
        if (spec.failFirstAttemptEvery() > 0 && attempt == 0 && index % spec.failFirstAttemptEvery() == 0) {
            throw new IllegalStateException("injected failure (first attempt of task " + index + ", " + task.stem() + " page "
                    + (task.page() + 1) + ")");
        }
        if (spec.failSlicesFrom() >= 0 && task.isSlice() && task.page() >= spec.failSlicesFrom()) {
            throw new IllegalStateException("injected failure (every attempt of " + task.stem() + " page " + (task.page() + 1) + ")");
        }
    }
}
