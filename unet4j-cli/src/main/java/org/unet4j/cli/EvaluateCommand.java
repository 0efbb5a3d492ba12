package org.unet4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Progress;
import org.unet4j.app.EvalFiles;
import org.unet4j.app.EvaluateInputs;
import org.unet4j.data.LabelImage;
import org.unet4j.eval.CellMetric;
import org.unet4j.eval.CellMetrics;
import org.unet4j.eval.CellResult;
import org.unet4j.eval.FijiThresholds;
import org.unet4j.eval.IsbiMetric;
import org.unet4j.eval.IsbiMetrics;
import org.unet4j.eval.IsbiOptions;
import org.unet4j.eval.IsbiResult;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unet evaluate}: scores predictions against ground truth with the benchmarks' own metrics
 * (ISBI 2012 EM and cell segmentation), agreeing with the reference scorer
 * {@code ../shared/eval/score.py}; prints a table per image and writes the scorer's JSON fields.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score predictions against ground truth with the benchmarks' own metrics.",
            "isbi2012: pixel_error, rand_error, warping_error, v_rand, v_info (probability map, 1 = interior, vs"
                + " ground truth, 0 = membrane; files or folders are stacks in name order).",
            "cells: iou, dice, seg, ap, mean_ap, pq and merged touching pairs (instance label images, 0 = background; files paired by name, else last"
                + " number, else position).",
            "Definitions and pooling: docs/EVALUATION.md."})
public final class EvaluateCommand implements Callable<Integer> {
    private static final List<String> EM_NAMES = Arrays.stream(IsbiMetric.values()).map(IsbiMetric::key).toList();
    /** CellMetrics.dsbThresholds() as the option's default text. */
    static final String DEFAULT_IOU_THRESHOLDS = "0.5,0.55,0.6,0.65,0.7,0.75,0.8,0.85,0.9,0.95";
    private static final List<String> CELL_NAMES = Arrays.stream(CellMetric.values()).map(CellMetric::key).toList();

    @Spec
    CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "PATH", description = "Prediction file (multi-page TIFF = stack) or folder.")
    Path pred;

    @Option(names = "--gt", required = true, paramLabel = "PATH", description = "Ground-truth file or folder.")
    Path gt;

    @Option(names = "--metric", split = ",", paramLabel = "NAME", defaultValue = "auto",
            description = "auto (default: cells when the ground truth has several object labels, else isbi2012), isbi2012,"
                    + " cells, all, or metric names: " + "pixel_error, rand_error, warping_error, v_rand, v_info, iou, dice, seg, ap."
                    + " Repeat or separate with commas.")
    List<String> metrics;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON ('-' = standard output instead of the table).")
    Path json;

    @Option(names = "--pred-polarity", paramLabel = "P", defaultValue = "interior",
            description = "What high prediction values mean: interior (ISBI 2012 format, default) or membrane (the map is inverted).")
    EvaluateInputs.Polarity predPolarity;

    @Option(names = "--pred-scale", paramLabel = "S", defaultValue = "auto",
            description = "auto (default: 8-bit / 255, 16-bit / 65535, float as is), none (raw values, as Fiji) or a divisor.")
    String predScale;

    @Option(names = "--gt-polarity", paramLabel = "P", defaultValue = "interior",
            description = "What non-zero ground-truth values mean: interior (ISBI 2012, default) or membrane.")
    EvaluateInputs.Polarity gtPolarity;

    @Option(names = "--thresholds", paramLabel = "T", defaultValue = "challenge",
            converter = Converters.Thresholds.class,
            description = "EM thresholds: challenge (default: 0:1:0.1, warping 0:0.9:0.1), a list 0.3,0.5 or min:max:step"
                    + " (also used for warping unless --warping-thresholds).")
    Thresholds thresholds;

    @Option(names = "--warping-thresholds", paramLabel = "T", converter = Converters.WarpingThresholds.class,
            description = "Warping error thresholds (default 0:0.9:0.1).")
    Thresholds warpingThresholds;

    @Option(names = "--warping-radius", paramLabel = "R", defaultValue = "20",
            description = "Radius of the warping mismatch classification window (challenge: ${DEFAULT-VALUE}).")
    int warpingRadius;

    @Option(names = "--relabel-pred", paramLabel = "M", defaultValue = "none",
            description = "Cells: none (labels are object ids, default), cc4 or cc8 (connected components of a binary mask).")
    EvaluateInputs.Relabel relabelPred;

    @Option(names = "--relabel-gt", paramLabel = "M", defaultValue = "none", description = "Cells: as --relabel-pred, for the ground truth.")
    EvaluateInputs.Relabel relabelGt;

    @Option(names = "--iou-thresholds", split = ",", paramLabel = "T", defaultValue = DEFAULT_IOU_THRESHOLDS,
            description = "Cells: IoU thresholds of the object AP; mean_ap is the mean over them (default: the Data Science"
                    + " Bowl's 0.5,0.55,...,0.95); the first is the table's ap column.")
    List<Double> iouThresholds;

    @Option(names = "--stack-as-images", description = "Cells: score the pages of a multi-page TIFF as separate images (else one volume).")
    boolean stackAsImages;

    @Option(names = "--threads", paramLabel = "N", description = "Slices scored in parallel (default: all cores).")
    Integer threads;

    /** Why --metric auto chose what it chose (null without auto). */
    private String autoNote;

    @Override
    public Integer call() {
        Set<String> selected = selectMetrics();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean tableToOut = json == null || !json.toString().equals("-");
        PrintWriter table = tableToOut ? out : err;
        if (autoNote != null) {
            table.println(autoNote);
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        List<IsbiMetric> em = new ArrayList<>();
        for (IsbiMetric m : IsbiMetric.values()) {
            if (selected.contains(m.key())) {
                em.add(m);
            }
        }
        if (!em.isEmpty()) {
            root.set("isbi2012", evaluateEm(EnumSet.copyOf(em), table, err));
        }
        List<String> cells = CELL_NAMES.stream().filter(selected::contains).toList();
        if (!cells.isEmpty()) {
            root.set("cells", evaluateCells(cells, table, err));
        }
        table.flush();
        if (json != null) {
            String text = jsonText(root);
            if (tableToOut) {
                AtomicFiles.writeString(json, text);
                out.println("JSON written to " + json);
            } else {
                out.print(text);
            }
        }
        out.flush();
        err.flush();
        return Main.EXIT_OK;
    }

    private ObjectNode evaluateEm(Set<IsbiMetric> metrics, PrintWriter table, PrintWriter err) {
        EvaluateInputs.EmStacks in = EvaluateInputs.readEm(pred, gt, predScale, predPolarity, gtPolarity);
        double[] th = thresholds.values();
        double[] wth = warpingThresholds != null ? warpingThresholds.values() : th;
        IsbiOptions options = new IsbiOptions(metrics, th != null ? th : FijiThresholds.challenge(),
                wth != null ? wth : FijiThresholds.challengeWarping(), warpingRadius, threadCount());
        long t0 = System.nanoTime();
        IsbiResult r = IsbiMetrics.evaluate(in.prob(), in.gt(), in.height(), in.width(), options, progress(err));
        double seconds = (System.nanoTime() - t0) / 1e9;
        in.warnings().forEach(w -> err.println("warning: " + w));
        EvaluateReport.printIsbi(table, r, in, metrics);
        return EvaluateReport.isbiJson(r, in, seconds);
    }

    private ObjectNode evaluateCells(List<String> metrics, PrintWriter table, PrintWriter err) {
        EvaluateInputs.CellImages in = EvaluateInputs.readCells(pred, gt, relabelPred, relabelGt, stackAsImages, Naming.CLI);
        double[] t = new double[iouThresholds.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = iouThresholds.get(i);
            if (!(t[i] > 0 && t[i] <= 1)) {
                throw new InvalidInputException("--iou-thresholds value " + iouThresholds.get(i) + " is not in (0, 1];"
                        + " give IoU thresholds such as 0.5,0.75");
            }
        }
        CellResult r = CellMetrics.evaluateArrays(in.pred(), in.gt(), in.shapes(), t);
        in.warnings().forEach(w -> err.println("warning: " + w));
        EvaluateReport.printCells(table, r, in, metrics);
        return EvaluateReport.cellsJson(r, in, metrics);
    }

    /** The metric names selected by --metric, resolving groups and auto. */
    private Set<String> selectMetrics() {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : metrics) {
            String m = raw.trim().toLowerCase(Locale.ROOT);
            switch (m) {
                case "" -> {
                }
                case "auto" -> out.addAll(autoMetrics());
                case "isbi2012", "em" -> out.addAll(EM_NAMES);
                case "cells", "cell" -> out.addAll(CELL_NAMES);
                case "all" -> {
                    out.addAll(EM_NAMES);
                    out.addAll(CELL_NAMES);
                }
                default -> {
                    if (!EM_NAMES.contains(m) && !CELL_NAMES.contains(m)) {
                        throw new InvalidInputException("--metric " + raw + " is unknown; choose auto, isbi2012, cells, all or one of "
                                + String.join(", ", EM_NAMES) + ", " + String.join(", ", CELL_NAMES));
                    }
                    out.add(m);
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("--metric selects nothing; give e.g. --metric isbi2012 or --metric cells");
        }
        return out;
    }

    /** Cells when a cell option is set or the ground truth has several object labels, else the ISBI 2012 metrics. */
    private List<String> autoMetrics() {
        boolean cellOptions = relabelPred != EvaluateInputs.Relabel.NONE || relabelGt != EvaluateInputs.Relabel.NONE
                || stackAsImages || !Arrays.equals(iouThresholds.stream().mapToDouble(Double::doubleValue).toArray(),
                        CellMetrics.dsbThresholds());
        if (cellOptions) {
            autoNote = "metrics: cells (chosen by the cell options; --metric isbi2012 for EM maps)";
            return CELL_NAMES;
        }
        for (Path f : EvalFiles.list(gt, "ground truth")) {
            for (LabelImage page : ImageFiles.readLabelImages(f)) {
                if (EvaluateInputs.distinctPositive(page.labels(), 2) > 1) {
                    autoNote = "metrics: cells (the ground truth has several object labels; --metric isbi2012 for EM"
                            + " membrane masks)";
                    return CELL_NAMES;
                }
            }
        }
        autoNote = "metrics: isbi2012 (the ground truth is a binary mask; --metric cells for instance labels)";
        return EM_NAMES;
    }

    private int threadCount() {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw new InvalidInputException("--threads " + threads + " is not valid; give 1 or more");
        }
        return threads;
    }

    /**
     * The value of {@code --thresholds} or {@code --warping-thresholds}.
     *
     * @param values null for "challenge", else the thresholds of a list or of min:max:step (Fiji accumulation)
     */
    record Thresholds(double[] values) {
        static Thresholds parse(String text, String option) {
            try {
                return new Thresholds(parseThresholds(text, option));
            } catch (InvalidInputException e) {
                throw new Converters.Refused(e.message(Naming.CLI));
            }
        }
    }

    /** Null for "challenge", else the thresholds of a list or of min:max:step (Fiji accumulation). */
    static double[] parseThresholds(String text, String option) {
        String s = text.trim();
        if (s.equalsIgnoreCase("challenge")) {
            return null;
        }
        try {
            if (s.contains(":")) {
                String[] p = s.split(":");
                if (p.length != 3) {
                    throw new NumberFormatException();
                }
                return FijiThresholds.range(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]));
            }
            double[] v = Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
            if (v.length == 0 || Arrays.stream(v).anyMatch(x -> !Double.isFinite(x))) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " " + text + " is not valid; use challenge, a list such as 0.3,0.5 or"
                    + " min:max:step such as 0:1:0.1");
        }
    }

    private static Progress progress(PrintWriter err) {
        if (System.console() == null) {
            return Progress.NONE;
        }
        return new Progress() {
            private long total;

            @Override
            public void start(String task, long n) {
                total = n;
            }

            @Override
            public void step(long done, String status) {
                err.print("\rscoring slice " + done + "/" + total);
                err.flush();
            }

            @Override
            public void done() {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
        };
    }

    private static String jsonText(ObjectNode root) {
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
