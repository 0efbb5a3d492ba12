package org.unet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.unet4j.InvalidInputException;
import org.unet4j.app.ModelSource;
import org.unet4j.app.PredictionFiles;
import org.unet4j.data.Normalization;
import org.unet4j.data.Region;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Preprocessing;
import org.unet4j.infer.TileGrid;
import org.unet4j.infer.TileSizes;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFileInfo;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.OutputException;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.TileGeometry;

/**
 * {@code unet predict} as a Spark job. {@link #plan} runs on the driver without Spark: it checks the
 * model, the options and the inputs as {@code unet predict} does (bad input fails here, before a
 * cluster is asked for anything and before anything is written), and splits the work into tasks: a
 * single image is one task, every page of a stack is one, and a single image above
 * {@link JobSpec#splitAbove()} pixels is cut into parts of whole output tiles
 * ({@link TileGrid#parts}), one task each, normalised with the whole image's statistics (fitted
 * here, reading the image in bands). Outputs that are complete already are skipped, so a re-run
 * of a crashed job resumes. {@link #run} runs the tasks, assembles the stacks and stitches the
 * split images (their post-processing, instances included, runs here, on the whole image). Neither
 * prints: messages go to the given log.
 */
public final class PredictJob {
    /** The marker of a job's options in its output folder: a re-run with other options is refused. */
    public static final String JOB_FILE = ".unet4j-spark.json";

    private PredictJob() {
    }

    /**
     * One input file.
     *
     * @param parts the parts a split single image is predicted in (empty: not split)
     */
    public record Input(Path file, String stem, int pages, int height, int width, List<Region> parts) {
        Input(Path file, String stem, int pages, int height, int width) {
            this(file, stem, pages, height, width, List.of());
        }

        /** Whether the image is predicted in parts. */
        public boolean split() {
            return !parts.isEmpty();
        }
    }

    /**
     * A checked, split job.
     *
     * @param parts tasks that are parts of split images
     * @param items units of work for progress: slices, and the parts of split images instead of their one slice
     * @param skippedItems those of {@code items} complete before the job
     * @param post the post-processing, for stitched images
     */
    public record Plan(JobSpec spec, ModelBytes model, String modelText, List<Input> inputs, List<SliceTask> tasks, long slices,
            long skippedSlices, int skippedFiles, String fingerprint, long parts, long items, long skippedItems, int inChannels, int classes,
            PostProcessing post) {
    }

    /**
     * What a job did.
     *
     * @param computed slices (single images count as one) predicted by this run
     * @param skipped slices whose outputs were complete before it
     * @param lines one line per input file
     */
    public record Summary(int files, long slices, long computed, long skipped, long pixels, double seconds, List<String> lines) {
    }

    /**
     * Checks everything on the driver and splits the work.
     *
     * @throws InvalidInputException for a bad model, option or input (one line naming it and the fix)
     */
    public static Plan plan(Path model, List<Path> inputs, JobSpec spec) {
        if (spec.threads() < 0) {
            throw new InvalidInputException("--threads " + spec.threads() + " is negative; use 0 (spark.task.cpus) or a positive count");
        }
        ModelBytes bytes;
        String modelText;
        TileGeometry geometry;
        Normalization normalization;
        PostProcessing post;
        int inChannels;
        int classes;
        try (ModelSource source = ModelSource.open(model)) {
            if (source.isForeign()) {
                throw new InvalidInputException("--model " + model + " is a bioimage.io package of another tool; spark-predict runs"
                        + " unet4j models (a run folder of 'unet train' or a model folder): use 'unet predict' for this one");
            }
            ModelFiles.ModelInfo info = ModelFiles.readInfo(source.modelDir());
            if (spec.tile() != PredictOptions.AUTO_TILE) {
                TileGeometry.of(info.config()).requireValid(spec.tile(), "tile");
            }
            spec.predictOptions();
            post = PostProcessing.forModel(info.metadata(), spec.foregroundClass(), spec.postprocess(),
                    spec.seedThreshold(), spec.floodThreshold(), spec.minSize());
            post.requireClasses(info.config().numClasses());
            geometry = TileGeometry.of(info.config());
            normalization = Preprocessing.normalization(info.metadata());
            inChannels = info.config().inChannels();
            classes = info.config().numClasses();
            bytes = ModelBytes.read(info.dir());
            modelText = String.format(Locale.ROOT, "model %s: U-Net depth %d, base %d, %d classes; %s; %s", info.dir(),
                    info.config().depth(), info.config().baseChannels(), info.config().numClasses(),
                    spec.tile() == PredictOptions.AUTO_TILE ? "tile auto" : "tile " + spec.tile(), post.describe());
        }
        List<Input> files = inputs(inputs);
        Path out = Path.of(spec.out());
        prepareOut(out);
        String fingerprint = spec.fingerprint(bytes.sha256());
        checkJobFile(out, fingerprint);
        List<SliceTask> tasks = new ArrayList<>();
        long slices = 0;
        long skippedSlices = 0;
        int skippedFiles = 0;
        long parts = 0;
        long items = 0;
        long skippedItems = 0;
        for (int i = 0; i < files.size(); i++) {
            Input in = files.get(i);
            ImageFileInfo info = ImageFiles.describe(in.file());
            slices += in.pages();
            Path partsDir = SlicePart.folder(out, in.stem());
            if (OutputNames.complete(out, in.stem(), spec)) {
                skippedFiles++;
                skippedSlices += in.pages();
                items += in.pages();
                skippedItems += in.pages();
                deleteQuietly(partsDir); // left by a driver that stopped right after assembling
                continue;
            }
            if (in.pages() == 1 && spec.splits(in.height(), in.width())) {
                if (info.channels() != inChannels) {
                    throw new InvalidInputException(in.file() + ": has " + info.channels() + " channel(s), but the model " + model
                            + " expects " + inChannels + "; convert the image to " + inChannels + " channel(s) like the training images");
                }
                List<Region> regions = TileSizes.grid(geometry, spec.predictOptions(), in.height(), in.width()).parts(spec.splitAbove());
                in = new Input(in.file(), in.stem(), 1, in.height(), in.width(), regions);
                files.set(i, in);
                Normalization.Fitted fitted = null;
                items += regions.size();
                for (Region r : regions) {
                    if (TilePart.isComplete(TilePart.file(partsDir, r), fingerprint, r)) {
                        skippedItems++;
                        continue;
                    }
                    // the whole image's statistics, read in bands here once: every part is normalised alike
                    fitted = fitted != null ? fitted : normalization.fit(ImageFiles.bands(in.file(), 0));
                    tasks.add(new SliceTask(i, in.file().toString(), in.stem(), 0, 1, in.height(), in.width(), info.bitsPerSample(),
                            info.sampleFormat(), r, fitted));
                    parts++;
                }
                if (fitted == null) {
                    skippedSlices++; // every part was done by an earlier run: only the stitching is left
                }
                continue;
            }
            items += in.pages();
            for (int p = 0; p < in.pages(); p++) {
                if (in.pages() > 1 && SlicePart.isComplete(SlicePart.file(partsDir, p), fingerprint)) {
                    skippedSlices++;
                    skippedItems++;
                    continue;
                }
                tasks.add(new SliceTask(i, in.file().toString(), in.stem(), p, in.pages(), in.height(), in.width(), info.bitsPerSample(),
                        info.sampleFormat()));
            }
        }
        return new Plan(spec, bytes, modelText, files, tasks, slices, skippedSlices, skippedFiles, fingerprint, parts, items, skippedItems,
                inChannels, classes, post);
    }

    /**
     * Runs the tasks of {@code plan} on {@code sc}, then assembles the stacks whose slices are all done.
     * {@code sc} may be null when the plan has no task (only stacks to assemble, or nothing).
     *
     * @throws InvalidInputException if a task found bad input (an unreadable page, NaN pixels, ...)
     * @throws org.apache.spark.SparkException (unchecked here) if a task failed on every attempt; what was done is kept for a re-run
     */
    public static Summary run(JavaSparkContext sc, Plan plan, Consumer<String> log) {
        return run(sc, plan, log, 0);
    }

    /**
     * The slices each Spark task predicts one after the other: {@code slicesPerTask}, or with 0
     * enough that every core gets about four tasks (Spark spends some 25 ms on each task, which
     * on small slices was two thirds of the job's time; four waves keep the cores evenly busy).
     * A retried task recomputes its slices (their outputs are written atomically, with the same bytes).
     */
    static int slicesPerTask(int slices, int cores, int slicesPerTask) {
        if (slicesPerTask > 0) {
            return slicesPerTask;
        }
        return Math.max(1, slices / (4 * Math.max(1, cores)));
    }

    /** {@link #run(JavaSparkContext, Plan, Consumer)} with {@code slicesPerTask} slices per task (0: automatic). */
    public static Summary run(JavaSparkContext sc, Plan plan, Consumer<String> log, int slicesPerTask) {
        long t0 = System.nanoTime();
        JobSpec spec = plan.spec();
        Path out = Path.of(spec.out());
        int stale = AtomicFiles.deleteStale(out, 2);
        if (stale > 0) {
            log.accept("spark-predict: removed " + stale + " temporary file(s) that an interrupted earlier run left in " + out);
        }
        Map<Integer, Long> tiles = new HashMap<>();
        Map<Integer, String> tileText = new HashMap<>();
        Map<Integer, Integer> computedOf = new HashMap<>();
        long computed = 0;
        long[] nanos = new long[3];
        if (!plan.tasks().isEmpty()) {
            Broadcast<ModelBytes> model = sc.broadcast(plan.model());
            int n = plan.tasks().size();
            int partitions = (n + slicesPerTask(n, sc.defaultParallelism(), slicesPerTask) - 1)
                    / slicesPerTask(n, sc.defaultParallelism(), slicesPerTask);
            // Spark's parallelize gives partition i the elements [i*n/p, (i+1)*n/p)
            int[] perPartition = new int[partitions];
            for (int i = 0; i < partitions; i++) {
                perPartition[i] = (int) ((long) (i + 1) * n / partitions - (long) i * n / partitions);
            }
            ProgressListener progress = new ProgressListener(plan.items(), plan.skippedItems(), plan.parts() > 0 ? "slices and parts" : "slices",
                    10_000, log, perPartition);
            sc.sc().addSparkListener(progress);
            List<SliceResult> results;
            try {
                sc.setJobDescription("unet4j spark-predict: " + n + (plan.parts() > 0 ? " slices and parts" : " slices") + " in " + partitions
                        + " tasks into " + out);
                results = sc.parallelize(plan.tasks(), partitions).map(new SliceWorker(model, spec, plan.fingerprint())).collect();
            } finally {
                sc.sc().removeSparkListener(progress);
                model.destroy();
            }
            progress.finish((int) results.stream().filter(r -> r.error() == null).count());
            String error = null;
            Set<Integer> bad = new LinkedHashSet<>();
            for (SliceResult r : results) {
                if (r.error() != null) {
                    error = error == null ? r.error() : error;
                    bad.add(r.fileIndex());
                    continue;
                }
                tiles.merge(r.fileIndex(), r.tiles(), Long::sum);
                tileText.putIfAbsent(r.fileIndex(), r.tileText());
                nanos[0] += r.readNanos();
                nanos[1] += r.predictNanos();
                nanos[2] += r.writeNanos();
                if (r.computed()) {
                    computed++;
                    computedOf.merge(r.fileIndex(), 1, Integer::sum);
                }
            }
            if (error != null) {
                for (int i : bad) {
                    deleteQuietly(SlicePart.folder(out, plan.inputs().get(i).stem()));
                }
                throw new InvalidInputException(error);
            }
        }
        long jobDone = System.nanoTime();
        List<String> lines = new ArrayList<>();
        long pixels = 0;
        for (int i = 0; i < plan.inputs().size(); i++) {
            Input in = plan.inputs().get(i);
            pixels += (long) in.height() * in.width() * in.pages();
            boolean had = OutputNames.complete(out, in.stem(), spec) && !computedOf.containsKey(i);
            if (in.pages() > 1 && !had) {
                try {
                    StackAssembler.assemble(out, in.stem(), in.pages(), spec);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot assemble the stack outputs of " + in.file() + " in " + out, e);
                }
            }
            if (in.split() && !had) {
                try {
                    tiles.put(i, TileStitcher.write(plan, in));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot stitch the parts of " + in.file() + " in " + out, e);
                }
            }
            lines.add(String.format(Locale.ROOT, "%s: %dx%d, %s, %s -> %s", in.file().getFileName(), in.height(), in.width(),
                    in.pages() == 1 ? "1 slice" : in.pages() + " slices",
                    had ? "complete before, skipped" : !computedOf.containsKey(i) ? "assembled from the parts of an earlier run"
                            : in.split() ? "predicted in " + computedOf.get(i) + " of " + in.parts().size() + " parts (tiles "
                                    + tileText.getOrDefault(i, "-") + " x" + tiles.getOrDefault(i, 0L) + "), stitched"
                            : "predicted " + computedOf.get(i) + " (tiles " + tileText.getOrDefault(i, "-") + " x" + tiles.getOrDefault(i, 0L) + ")",
                    String.join(", ", OutputNames.of(in.stem(), spec))));
        }
        if (computed > 0) {
            log.accept(String.format(Locale.ROOT, "spark-predict: tasks spent %.1f s reading slices, %.1f s predicting, %.1f s writing parts;"
                    + " the job took %.1f s, assembling the stacks %.1f s", nanos[0] / 1e9, nanos[1] / 1e9, nanos[2] / 1e9,
                    (jobDone - t0) / 1e9, (System.nanoTime() - jobDone) / 1e9));
        }
        return new Summary(plan.inputs().size(), plan.slices(), computed, plan.skippedSlices(), pixels, (System.nanoTime() - t0) / 1e9,
                lines);
    }

    /** The image files of the inputs (files, or the image files of folders), with unique output names. */
    static List<Input> inputs(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isRegularFile(input)) {
                files.add(input);
            } else if (Files.isDirectory(input)) {
                files.addAll(ImageFiles.listImages(input));
            } else {
                throw new InvalidInputException("--input " + input + ": no such file or folder; check the path");
            }
        }
        Map<String, Path> stems = new HashMap<>();
        List<Input> out = new ArrayList<>();
        for (Path f : files) {
            String stem = PredictionFiles.stem(f);
            Path other = stems.put(stem, f);
            if (other != null) {
                throw new InvalidInputException("--input: " + other + " and " + f + " would write the same output names; rename one of them");
            }
            ImageFileInfo info = ImageFiles.describe(f);
            if (info.pages() > 1 && !info.format().equals("TIFF")) {
                throw new InvalidInputException(f + ": " + info.format() + " with " + info.pages() + " pages; save the stack as a TIFF");
            }
            out.add(new Input(f, stem, info.pages(), info.height(), info.width()));
        }
        return out;
    }

    private static void prepareOut(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file; pass a folder for the outputs");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            UncheckedIOException failure = AtomicFiles.failure(out, e);
            if (failure instanceof OutputException oe) {
                throw oe.withAdvice("choose another --out");
            }
            throw new InvalidInputException("--out " + out + ": cannot create the folder (" + e + "); choose a writable place", e);
        }
    }

    /** Refuses an output folder of a job with other options; records this job's options in a new one. */
    private static void checkJobFile(Path out, String fingerprint) {
        Path job = out.resolve(JOB_FILE);
        if (Files.isRegularFile(job)) {
            String before;
            try {
                before = Files.readString(job).strip();
            } catch (IOException e) {
                throw new InvalidInputException(job + ": cannot be read (" + e.getMessage() + "); delete it or choose another --out", e);
            }
            if (!before.equals(fingerprint)) {
                throw new InvalidInputException("--out " + out + " holds the outputs of a spark-predict job with other options or another"
                        + " model (" + job.getFileName() + "); choose another --out, or delete that folder's outputs and " + JOB_FILE);
            }
            return;
        }
        AtomicFiles.writeString(job, fingerprint + "\n");
    }

    private static void deleteQuietly(Path p) {
        try {
            AtomicFiles.deleteRecursively(p);
        } catch (IOException ignored) {
            // best effort: a hidden folder of parts
        }
    }
}
