package org.unet4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Pointer;
import org.unet4j.InvalidInputException;
import org.unet4j.infer.Precision;
import org.unet4j.io.Json;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.StepBenchmark;
import org.unet4j.train.StepProfiler;
import org.unet4j.train.TrainStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet bench}: times forward passes, training steps or a matrix product on random data. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time forward passes or full training steps (forward, weighted softmax cross-entropy, backward,"
                + " SGD momentum 0.99) of a U-Net on random data, or a large matmul (the machine's practical peak);"
                + " --mode profile times a training step per layer (forward and backward, in the step and each layer alone; CPU).")
public final class BenchCommand implements Callable<Integer> {
    /** What to time. */
    enum Mode { FORWARD, TRAIN, MATMUL, PROFILE }

    /** Feature-map layout. */
    enum Layout {
        /** What unet4j uses: channels-last for CPU forward passes (as in predict), as TrainStep does for training. */
        AUTO,
        /** NCHW, libtorch's default. */
        NCHW,
        /** Channels-last (NHWC). */
        NHWC
    }

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions net;

    @Option(names = "--tile", paramLabel = "N", description = "Input tile size (default: 572 for depth 4, else the nearest valid size).")
    Integer tile;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Tiles per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--mode", paramLabel = "forward|train|matmul|profile", defaultValue = "forward",
            description = "What to time (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--size", paramLabel = "N", defaultValue = "4096", description = "Matrix size for --mode matmul (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rss-every", paramLabel = "N", defaultValue = "0",
            description = "With --mode train: print the resident memory every N steps (soak runs; default: never).")
    int rssEvery;

    @Option(names = "--precision", paramLabel = "fp32|bf16", defaultValue = "fp32",
            description = "Number format of training steps (--mode train, profile): fp32, or bf16 mixed precision as 'unet train --precision bf16' (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = "--layout", paramLabel = "auto|nchw|nhwc", defaultValue = "auto",
            description = "Feature-map memory layout (default: ${DEFAULT-VALUE} = what predict and train use).")
    Layout layout;

    @Option(names = "--cpu-time", description = "With --mode profile: time with the thread's CPU time instead of the wall clock"
            + " (use with --threads 1: less disturbed by other processes on a busy machine).")
    boolean cpuTime;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        if (iterations < 1 || warmup < 0 || batch < 1) {
            throw new InvalidInputException("--iterations must be >= 1, --warmup >= 0 and --batch >= 1 (got "
                    + iterations + ", " + warmup + ", " + batch + ")");
        }
        engine.apply();
        UNetConfig config = net.config();
        TileGeometry geometry = TileGeometry.of(config);
        int in = tile != null ? tile : TilePlan.defaultTile(geometry);
        geometry.requireValid(in, "tile");
        boolean cpu = engine.device() == DeviceChoice.CPU;
        boolean nhwc = switch (layout) {
            case NHWC -> true;
            case NCHW -> false;
            case AUTO -> cpu && (mode == Mode.FORWARD || TrainStep.CHANNELS_LAST_ON_CPU);
        };
        if (mode == Mode.PROFILE) {
            if (!cpu) {
                throw new InvalidInputException("--mode profile runs on the CPU; add --device cpu");
            }
            return profile(config, in, nhwc);
        }
        StepBenchmark bench = new StepBenchmark(config, in, batch, engine.device(), nhwc).withPrecision(precision);
        double[] seconds = switch (mode) {
            case FORWARD -> bench.forward(warmup, iterations);
            case TRAIN -> bench.train(warmup, iterations, (step, t) -> {
                if (rssEvery > 0 && step % rssEvery == 0) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf(Locale.ROOT, "step %d rss %d MiB (%.3f s) javacpp %d MiB%n", step,
                            StepBenchmark.procStatusKb("VmRSS") >> 10, t, Pointer.totalBytes() >> 20);
                    out.flush();
                }
            });
            case MATMUL -> StepBenchmark.matmul(size, warmup, iterations);
            case PROFILE -> throw new IllegalStateException();
        };
        double flops = switch (mode) {
            case FORWARD -> geometry.forwardFlops(in, in) * batch;
            // backward costs about twice the forward pass (gradients of inputs and of weights)
            case TRAIN -> 3 * geometry.forwardFlops(in, in) * batch;
            case MATMUL -> 2.0 * size * size * (double) size;
            case PROFILE -> throw new IllegalStateException();
        };
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double min = sorted[0];
        long rss = peakRssBytes();
        PrintWriter w = spec.commandLine().getOut();
        String what = mode == Mode.MATMUL ? "matmul " + size + "x" + size
                : String.format(Locale.ROOT, "%s base %d depth %d tile %d batch %d", mode.name().toLowerCase(Locale.ROOT),
                        config.baseChannels(), config.depth(), in, batch);
        w.printf(Locale.ROOT, "%s, %d threads, %s, %s%n", what, NativeEngine.threads(), engine.device().name().toLowerCase(Locale.ROOT),
                nhwc ? "channels-last" : "nchw");
        w.printf(Locale.ROOT, "  median %.4f s   min %.4f s   %.1f GFLOP/s (median)   peak RSS %d MiB%n", median, min,
                flops / median / 1e9, rss >> 20);
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("tool", "unet4j");
        json.put("mode", mode.name().toLowerCase(Locale.ROOT));
        if (mode != Mode.MATMUL) {
            json.put("base", config.baseChannels());
            json.put("depth", config.depth());
            json.put("tile", in);
            json.put("batch", batch);
            json.put("params", config.parameterCount());
        } else {
            json.put("n", size);
        }
        json.put("threads", NativeEngine.threads());
        json.put("layout", nhwc ? "nhwc" : "nchw");
        json.put("precision", precision.name().toLowerCase(Locale.ROOT));
        json.put("median_s", median);
        json.put("min_s", min);
        json.put("gflop", flops / 1e9);
        json.put("gflops", flops / median / 1e9);
        json.put("peak_rss_mib", rss >> 20);
        json.putPOJO("times_s", seconds);
        w.println(json.toString());
        w.flush();
        return 0;
    }

    /** {@code --mode profile}: a table of the step per layer and one JSON line (the schema of bench/profile_pytorch.py). */
    private int profile(UNetConfig config, int in, boolean nhwc) {
        StepProfiler.Profile p;
        try (StepProfiler profiler = new StepProfiler(config, in, batch, nhwc, precision)) {
            if (cpuTime) {
                profiler.useThreadCpuTime();
            }
            p = profiler.run(warmup, iterations);
        }
        long rss = peakRssBytes();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "profile of a training step: base %d depth %d tile %d batch %d, %d threads, cpu, %s, %s; %d timed after %d warm-up; %s%n",
                config.baseChannels(), config.depth(), in, batch, NativeEngine.threads(), nhwc ? "channels-last" : "nchw",
                precision.name().toLowerCase(Locale.ROOT), iterations, warmup, cpuTime ? "thread CPU time" : "wall clock");
        w.printf(Locale.ROOT, "%-16s %-12s %10s %10s %10s %10s%n", "ms (median)", "group", "fwd", "bwd", "alone fwd", "alone bwd");
        for (StepProfiler.Row r : p.rows()) {
            w.printf(Locale.ROOT, "%-16s %-12s %10.2f %10.2f %10.2f %10.2f%n", r.name(), r.group(), 1e3 * r.forward(), 1e3 * r.backward(),
                    1e3 * r.isolatedForward(), 1e3 * r.isolatedBackward());
        }
        w.println("per group:");
        for (Map.Entry<String, double[]> e : p.groups().entrySet()) {
            double[] g = e.getValue();
            w.printf(Locale.ROOT, "%-16s %-12s %10.2f %10.2f %10.2f %10.2f%n", "", e.getKey(), 1e3 * g[0], 1e3 * g[1], 1e3 * g[2], 1e3 * g[3]);
        }
        w.printf(Locale.ROOT, "whole step %.1f ms (median; min %.1f); instrumented step %.1f ms, its parts %.1f ms;"
                + " layers alone %.1f ms, unaccounted %.1f ms; %.0f page faults per step; peak RSS %d MiB%n", 1e3 * p.step(),
                1e3 * min(p.stepSeconds()), 1e3 * p.instrumented(), 1e3 * p.sum(), 1e3 * p.isolatedSum(),
                1e3 * (p.step() - p.isolatedSum()), p.pageFaultsPerStep(), rss >> 20);
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("tool", "unet4j");
        json.put("mode", "profile");
        json.put("base", config.baseChannels());
        json.put("depth", config.depth());
        json.put("tile", in);
        json.put("batch", batch);
        json.put("threads", NativeEngine.threads());
        json.put("layout", nhwc ? "nhwc" : "nchw");
        json.put("precision", precision.name().toLowerCase(Locale.ROOT));
        json.put("dropout", config.dropout());
        json.put("clock", cpuTime ? "thread_cpu" : "wall");
        json.put("reps", iterations);
        json.put("warmup", warmup);
        ArrayNode rows = json.putArray("rows");
        for (StepProfiler.Row r : p.rows()) {
            ObjectNode o = rows.addObject();
            o.put("name", r.name());
            o.put("group", r.group());
            o.put("fwd_s", r.forward());
            o.put("bwd_s", r.backward());
            o.put("iso_fwd_s", r.isolatedForward());
            o.put("iso_bwd_s", r.isolatedBackward());
        }
        json.put("step_s", p.step());
        json.putPOJO("step_times_s", p.stepSeconds());
        json.put("instrumented_step_s", p.instrumented());
        json.put("sum_s", p.sum());
        json.put("isolated_sum_s", p.isolatedSum());
        json.put("unaccounted_s", p.step() - p.sum());
        json.put("isolated_unaccounted_s", p.step() - p.isolatedSum());
        json.put("page_faults_per_step", p.pageFaultsPerStep());
        json.put("peak_rss_mib", rss >> 20);
        w.println(json.toString());
        w.flush();
        return 0;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    /** Peak resident memory of this process (VmHWM), or 0 where /proc is not available. */
    static long peakRssBytes() {
        return StepBenchmark.procStatusKb("VmHWM") * 1024;
    }
}
