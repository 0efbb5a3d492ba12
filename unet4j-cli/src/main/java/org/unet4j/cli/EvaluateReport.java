package org.unet4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unet4j.app.EvaluateInputs;
import org.unet4j.eval.CellMetric;
import org.unet4j.eval.CellResult;
import org.unet4j.eval.EvaluationJson;
import org.unet4j.eval.IsbiMetric;
import org.unet4j.eval.IsbiResult;

/** The tables and JSON documents of {@code unet evaluate}, in the layout of the reference scorer's JSON. */
final class EvaluateReport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EvaluateReport() {
    }

    static void printIsbi(PrintWriter w, IsbiResult r, EvaluateInputs.EmStacks in, Set<IsbiMetric> metrics) {
        w.printf(Locale.ROOT, "ISBI 2012 metrics, %d slice(s) of %dx%d (errors: lower is better; v_rand, v_info: higher)%n",
                r.slices(), r.height(), r.width());
        int nameWidth = Math.max(16, in.sliceNames().stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder head = new StringBuilder(pad("slice", nameWidth));
        for (IsbiMetric m : IsbiMetric.values()) {
            if (metrics.contains(m)) {
                head.append(String.format(Locale.ROOT, "%15s", m.key()));
            }
        }
        w.println(head);
        for (int s = 0; s < r.slices(); s++) {
            StringBuilder row = new StringBuilder(pad(in.sliceNames().get(s), nameWidth));
            for (IsbiMetric m : IsbiMetric.values()) {
                if (metrics.contains(m)) {
                    row.append(value(r.sliceValue(m, s)));
                }
            }
            w.println(row);
        }
        StringBuilder all = new StringBuilder(pad("stack (pooled)", nameWidth));
        for (IsbiMetric m : IsbiMetric.values()) {
            if (metrics.contains(m)) {
                all.append(value(r.value(m)));
            }
        }
        w.println(all);
        w.println("per slice: each slice scored alone; stack: pooled as the challenge (pixel/Rand micro-averaged,"
                + " V_Rand/V_Info macro-averaged, warping over all pixels)");
    }

    static void printCells(PrintWriter w, CellResult r, EvaluateInputs.CellImages in, List<String> metrics) {
        CellResult.Ap ap = r.firstAp();
        String apName = "ap@" + trim(ap.threshold());
        w.printf(Locale.ROOT, "cell metrics, %d image(s) (paired by %s; higher is better)%n", r.images(), in.pairing().rule());
        int nameWidth = Math.max(16, in.names().stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder head = new StringBuilder(pad("image", nameWidth));
        for (String m : metrics) {
            head.append(String.format(Locale.ROOT, "%11s", m.equals(CellMetric.AP.key()) ? apName : m));
        }
        if (metrics.contains(CellMetric.AP.key())) {
            head.append(String.format(Locale.ROOT, "%7s%6s%6s", "tp", "fp", "fn"));
        }
        w.println(head);
        for (int i = 0; i < r.images(); i++) {
            StringBuilder row = new StringBuilder(pad(in.names().get(i), nameWidth));
            CellResult.ApImage a = ap.perImage().get(i);
            for (String m : metrics) {
                row.append(cell(CellMetric.fromKey(m).perImage(r, i)));
            }
            if (metrics.contains(CellMetric.AP.key())) {
                row.append(String.format(Locale.ROOT, "%7d%6d%6d", a.tp(), a.fp(), a.fn()));
            }
            w.println(row);
        }
        StringBuilder pooled = new StringBuilder(pad("all (pooled)", nameWidth));
        StringBuilder mean = new StringBuilder(pad("mean per image", nameWidth));
        for (String m : metrics) {
            CellMetric k = CellMetric.fromKey(m);
            pooled.append(cell(k.value(r)));
            mean.append(cell(k.meanPerImage(r)));
        }
        if (metrics.contains(CellMetric.AP.key())) {
            pooled.append(String.format(Locale.ROOT, "%7d%6d%6d", ap.tp(), ap.fp(), ap.fn()));
        }
        w.println(pooled);
        w.println(mean);
        if (metrics.contains(CellMetric.AP.key())) {
            for (CellResult.Ap a : r.ap()) {
                w.printf(Locale.ROOT, "ap@%s = %.6f  precision %.6f  recall %.6f  f1 %.6f  (tp %d, fp %d, fn %d)%n",
                        trim(a.threshold()), a.value(), a.precision(), a.recall(), a.f1(), a.tp(), a.fp(), a.fn());
            }
        }
        if (metrics.contains(CellMetric.MEAN_AP.key())) {
            w.printf(Locale.ROOT, "mean_ap = %.6f  (pooled AP averaged over %d IoU threshold(s) %s..%s)%n", r.meanAp(),
                    r.ap().size(), trim(r.ap().get(0).threshold()), trim(r.ap().get(r.ap().size() - 1).threshold()));
        }
        if (metrics.contains(CellMetric.PQ.key())) {
            CellResult.Pq pq = r.pq();
            w.printf(Locale.ROOT, "pq = %.6f  sq %.6f  rq %.6f  (matches at IoU > 0.5: tp %d, fp %d, fn %d)%n", pq.value(),
                    pq.sq(), pq.rq(), pq.tp(), pq.fp(), pq.fn());
        }
        if (r.merges() != null) {
            w.printf(Locale.ROOT, "touching ground-truth pairs: %d, merged by the prediction: %d%n", r.merges().touchingPairs(),
                    r.merges().mergedPairs());
        }
    }

    static ObjectNode isbiJson(IsbiResult r, EvaluateInputs.EmStacks in, double seconds) {
        ObjectNode o = F.objectNode();
        o.put("kind", "isbi2012");
        o.put("n_slices", r.slices());
        o.put("height", r.height());
        o.put("width", r.width());
        o.set("gt_files", paths(in.gtFiles()));
        o.set("pred_files", paths(in.predFiles()));
        ObjectNode conv = o.putObject("prediction_conversion");
        conv.put("scale_divisor", in.scaleDivisor());
        if (in.inverted()) {
            conv.put("inverted", true);
        }
        conv.put("min", in.predMin());
        conv.put("max", in.predMax());
        ArrayNode values = o.putArray("ground_truth_values");
        for (double v : in.gtValues()) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                values.add((long) v);
            } else {
                values.add(v);
            }
        }
        o.setAll(EvaluationJson.isbi(r, in.sliceNames()));
        o.put("seconds", Math.round(seconds * 1000) / 1000.0);
        ArrayNode warnings = o.putArray("warnings");
        in.warnings().forEach(warnings::add);
        return o;
    }

    static ObjectNode cellsJson(CellResult r, EvaluateInputs.CellImages in, List<String> metrics) {
        ObjectNode o = F.objectNode();
        o.put("kind", "cells");
        o.put("n_images", r.images());
        ArrayNode images = o.putArray("images");
        in.names().forEach(images::add);
        ArrayNode pairs = o.putArray("pairs");
        in.pairing().pairs().forEach(p -> pairs.addArray().add(p.pred().toString()).add(p.gt().toString()));
        o.put("pairing", in.pairing().rule());
        if (!in.pairing().unused().isEmpty()) {
            o.set("unused_predictions", paths(in.pairing().unused()));
        }
        Set<CellMetric> selected = EnumSet.noneOf(CellMetric.class);
        metrics.forEach(m -> selected.add(CellMetric.fromKey(m)));
        o.setAll(EvaluationJson.cells(r, in.names(), selected));
        ArrayNode warnings = o.putArray("warnings");
        in.warnings().forEach(warnings::add);
        return o;
    }

    private static ArrayNode paths(List<Path> files) {
        ArrayNode a = F.arrayNode();
        files.forEach(f -> a.add(f.toString()));
        return a;
    }

    private static String pad(String s, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", s);
    }

    private static String value(double v) {
        return Double.isNaN(v) ? String.format(Locale.ROOT, "%15s", "n/a") : String.format(Locale.ROOT, "%15.7f", v);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? String.format(Locale.ROOT, "%11s", "n/a") : String.format(Locale.ROOT, "%11.6f", v);
    }

    private static String trim(double t) {
        String s = Double.toString(t);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
