package org.unet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.unet4j.app.Demo;
import org.unet4j.data.synth.SyntheticStyle;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.NativeEngine;
import org.unet4j.report.MetricRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet demo}: the main job on built-in synthetic data, end to end, in a few minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the whole system on this machine in a few minutes, with no data to download: generate a"
                + " synthetic data set, train a small U-Net with the paper's recipe, predict unseen test images with the"
                + " overlap-tile strategy, score them and write a report (DIR/report.html)."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--style", paramLabel = "cells|membranes", defaultValue = "cells",
            description = "cells: phase-contrast-like touching cells, scored by IoU, Dice, SEG, AP; membranes: EM-like tissue"
                    + " as in ISBI 2012, scored by pixel, Rand and warping error (default: ${DEFAULT-VALUE}).")
    SyntheticStyle style;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "3",
            description = "Time budget of the whole demo; training gets all but about 20 s (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-run",
            description = "Folder for everything the demo writes; an earlier demo there is replaced (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of data and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter w = spec.commandLine().getOut();
        AtomicBoolean stop = new AtomicBoolean();
        Interrupts.onInterrupt(stop, spec.commandLine().getErr());
        DeviceChoice device = engine.apply();
        Demo.Options options = Demo.Options.defaults(style, minutes, out, seed);
        Demo.Outcome o = new Demo(options, device).run(line -> {
            w.println(line);
            w.flush();
        }, ProgressBar.forConsole(spec.commandLine().getErr()), stop::get);
        w.println();
        w.println(table(o));
        w.printf(Locale.ROOT, "%d training iterations in %.1f min; whole demo %.1f min on %s%n", o.iterations(), o.trainingSeconds() / 60,
                o.totalSeconds() / 60, device == DeviceChoice.GPU ? "the GPU" : NativeEngine.threads() + " CPU threads");
        w.println("report: " + o.report().toAbsolutePath());
        w.println("model:  " + o.dir() + " (try: ./unet predict --model " + o.dir() + " --input " + o.dir().resolve("data/test/images")
                + " --out predictions --instances --overlay)");
        w.flush();
        return o.stopped() ? Main.EXIT_INTERRUPTED : 0;
    }

    /** The metrics as a small text table: one row per test image and the pooled values. */
    static String table(Demo.Outcome o) {
        StringBuilder sb = new StringBuilder();
        Map<String, Double> any = o.testMetrics();
        sb.append(String.format(Locale.ROOT, "%-16s", "test image"));
        any.keySet().forEach(k -> sb.append(String.format(Locale.ROOT, " %13s", k)));
        sb.append('\n');
        for (MetricRow r : o.perImage()) {
            sb.append(String.format(Locale.ROOT, "%-16s", r.name().length() > 16 ? r.name().substring(0, 16) : r.name()));
            any.keySet().forEach(k -> {
                Double v = r.values().get(k);
                sb.append(String.format(Locale.ROOT, " %13s", v == null ? "-" : String.format(Locale.ROOT, "%.4f", v)));
            });
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-16s", "all (pooled)"));
        any.values().forEach(v -> sb.append(String.format(Locale.ROOT, " %13.4f", v)));
        return sb.toString();
    }
}
