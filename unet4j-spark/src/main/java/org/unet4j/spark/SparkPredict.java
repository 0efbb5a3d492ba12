package org.unet4j.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.app.PredictionFiles;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Precision;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.TileSizes;
import org.unet4j.io.OutputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code unet spark-predict} ({@code spark-submit --class org.unet4j.spark.SparkPredict
 * unet4j-spark.jar ...}): {@code unet predict} on a Spark cluster or a workstation's
 * {@code local[*]}, with the same options and byte-identical outputs. See docs/DISTRIBUTED.md.
 * Exit status: 0 done, 2 bad input (one line on stderr), 1 a task failed on every attempt (what was
 * done stays; the same command resumes).
 */
@Command(name = "spark-predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Segment images and stacks with a trained model on Apache Spark: every page of every input is a task;",
            "the outputs are those of 'unet predict' (same names, same bytes). A re-run skips the outputs already complete."})
public final class SparkPredict implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", description = "local[*], local[N,RETRIES], spark://HOST:7077, yarn, k8s://https://HOST:443"
            + " (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Run folder of 'unet train' or a unet4j model folder.")
    Path model;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE|DIR",
            description = "Images or stacks (multi-page TIFF), or folders of them; on a cluster, paths every executor sees.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder, on a file system every executor sees.")
    Path out;

    @Option(names = "--layout", paramLabel = "suffix|folders", defaultValue = "suffix", description = "As for unet predict (default: ${DEFAULT-VALUE}).")
    PredictionFiles.Layout layout;

    @Option(names = "--tile", paramLabel = "auto|N", defaultValue = "auto", description = "Input tile size (default: ${DEFAULT-VALUE}).")
    String tile;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Tiles per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "2g", description = "Memory budget of one batch per task; bounds --tile auto (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--tta", description = "Test-time augmentation: average the 8 flips/rotations.")
    boolean tta;

    @Option(names = "--instances", description = "Also write NAME_instances.tif.")
    boolean instances;

    @Option(names = "--min-size", paramLabel = "PX", defaultValue = "0", description = "Drop instances (watershed: seeds) smaller than this (default: ${DEFAULT-VALUE}).")
    int minSize;

    @Option(names = "--postprocess", paramLabel = "none|watershed", defaultValue = "none", description = "As for unet predict; per slice (default: ${DEFAULT-VALUE}).")
    PostProcessing.Method postprocess;

    @Option(names = "--seed-threshold", paramLabel = "P", description = "As for unet predict.")
    Double seedThreshold;

    @Option(names = "--flood-threshold", paramLabel = "P", description = "As for unet predict.")
    Double floodThreshold;

    @Option(names = "--foreground-class", paramLabel = "K", defaultValue = "1", description = "As for unet predict (default: ${DEFAULT-VALUE}).")
    int foregroundClass;

    @Option(names = "--overlay", description = "Also write NAME_overlay.png (the middle slice).")
    boolean overlay;

    @Option(names = "--precision", paramLabel = "fp32|bf16", defaultValue = "fp32", description = "As for unet predict (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "libtorch threads per task (default: spark.task.cpus, i.e. 1). Equal to unet predict's --threads for identical bits.")
    int threads;

    @Option(names = "--slices-per-task", paramLabel = "N", defaultValue = "0", description = "Slices one Spark task predicts in a row (default: 0 = automatic, about four tasks per core: Spark's cost per task stays small against the work).")
    int slicesPerTask;

    @Option(names = "--split-above", paramLabel = "PIXELS",
            description = "Split single images of more pixels than this into parts of whole output tiles of at most about PIXELS"
                    + " pixels, one task each, stitched on the driver (equal to unet predict's result; --instances and --postprocess"
                    + " watershed run on the driver after stitching). Default: 0 = never; stacks are always split by slice.")
    long splitAbove;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. spark.task.maxFailures=8 (repeatable).")
    List<String> conf = new ArrayList<>();

    @Option(names = "--verbose", description = "With unet spark-predict: Spark's own log as Spark configures it (default: errors and retried tasks only).")
    boolean verbose;

    private PrintWriter stdout;
    private PrintWriter stderr;

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        SparkPredict command = new SparkPredict();
        command.stdout = out;
        command.stderr = err;
        CommandLine cl = new CommandLine(command).setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("unet spark-predict: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> report(e, err));
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        if (slicesPerTask < 0) {
            throw new InvalidInputException("--slices-per-task " + slicesPerTask + " must be 0 (automatic) or positive");
        }
        if (splitAbove < 0) {
            throw new InvalidInputException("--split-above " + splitAbove + " is negative; give a number of pixels (e.g. 4000000), or 0"
                    + " to keep every image in one task");
        }
        JobSpec spec = new JobSpec(out.toAbsolutePath().toString(), layout, parseTile(tile), batch, parseMemory(memory), tta, precision,
                instances, minSize, postprocess, seedThreshold, floodThreshold, foregroundClass, overlay, threads, splitAbove,
                Integer.getInteger("unet4j.spark.failFirstAttempt", 0), Integer.getInteger("unet4j.spark.failSlicesFrom", -1));
        List<Path> absolute = inputs.stream().map(Path::toAbsolutePath).toList();
        PredictJob.Plan plan = PredictJob.plan(model, absolute, spec);
        stdout.println(plan.modelText());
        long split = plan.inputs().stream().filter(PredictJob.Input::split).count();
        stdout.printf(Locale.ROOT, "%d input file(s), %d slices: %d to predict, %d complete before%s%n", plan.inputs().size(), plan.slices(),
                plan.tasks().size(), plan.skippedSlices(), split == 0 ? "" : String.format(Locale.ROOT, "; %d image(s) above --split-above"
                        + " %d pixels split into parts of whole tiles, %d part(s) to predict", split, splitAbove, plan.parts()));
        stdout.flush();
        SparkConf sparkConf = new SparkConf().setAppName("unet4j spark-predict");
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster("local[*]");
        }
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("--conf " + kv + ": expected KEY=VALUE, e.g. --conf spark.task.maxFailures=8");
            }
            sparkConf.set(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (plan.tasks().isEmpty()) {
            // every slice is done: at most stacks to assemble, no cluster needed
            print(PredictJob.run(null, plan, this::log), "no Spark: nothing to predict");
        } else {
            try (JavaSparkContext sc = new JavaSparkContext(sparkConf)) {
                print(PredictJob.run(sc, plan, this::log, slicesPerTask), sc.master());
            }
        }
        return 0;
    }

    private void log(String line) {
        stderr.println(line);
        stderr.flush();
    }

    private void print(PredictJob.Summary s, String where) {
        s.lines().forEach(stdout::println);
        if (s.computed() == 0) {
            stdout.printf(Locale.ROOT, "all %d slices of %d file(s) were complete before; nothing predicted in %s%n", s.slices(), s.files(),
                    out);
        } else {
            stdout.printf(Locale.ROOT, "predicted %d of %d slices (%d complete before) of %d file(s), %.2f megapixels in all, in %.1f s"
                    + " (%.2f slices/s) into %s on %s%n", s.computed(), s.slices(), s.skipped(), s.files(), s.pixels() / 1e6, s.seconds(),
                    s.computed() / s.seconds(), out, where);
        }
        stdout.flush();
    }

    private static int parseTile(String v) {
        if (v.trim().equalsIgnoreCase("auto")) {
            return PredictOptions.AUTO_TILE;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("--tile '" + v + "' is not valid; use auto or a tile size such as 572");
    }

    private static long parseMemory(String v) {
        return TileSizes.parseBytes(v);
    }

    /** The one line for a failure: 2 for bad input, 1 for a job that failed. */
    static int report(Throwable e, PrintWriter err) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // the library's messages name the settings as this command line's options
            if (t instanceof InvalidInputException i) {
                err.println("unet spark-predict: " + i.message(Naming.CLI));
                return 2;
            }
            if (t instanceof OutputException o) {
                err.println("unet spark-predict: " + o.message(Naming.CLI));
                return 2;
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        err.println("unet spark-predict: the job failed: " + (nl < 0 ? m : m.substring(0, nl)));
        err.println("unet spark-predict: what was done is kept; the same command resumes (docs/DISTRIBUTED.md)");
        return 1;
    }
}
