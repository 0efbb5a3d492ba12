package org.unet4j.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * JSON of the results with the reference scorer's field names and structure (its {@code --detail}
 * output), so the two can be compared field by field, plus per-image values. Differences: NaN is
 * written as {@code null}; {@code ap} is one object for the first IoU threshold (the scorer's
 * {@code ap[0]}) with all thresholds under {@code ap.by_threshold}; every metric has a
 * {@code per_image} list.
 */
public final class EvaluationJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EvaluationJson() {
    }

    /** The ISBI 2012 metrics of {@code r}; {@code sliceNames} name the slices of {@code per_image}. */
    public static ObjectNode isbi(IsbiResult r, List<String> sliceNames) {
        ObjectNode o = F.objectNode();
        if (r.pixelError() != null) {
            IsbiResult.PixelError p = r.pixelError();
            ObjectNode m = o.putObject("pixel_error");
            num(m, "value", p.value());
            num(m, "max_f_score", p.maxFScore());
            num(m, "best_threshold", p.bestThreshold());
            ObjectNode acc = m.putObject("accuracy_variant");
            num(acc, "value", p.accuracyValue());
            num(acc, "best_threshold", p.accuracyBestThreshold());
            ObjectNode half = m.putObject("at_threshold_0_5");
            num(half, "value", p.atHalf());
            num(half, "threshold", 0.5);
            ArrayNode rows = m.putArray("per_threshold");
            for (IsbiResult.PixelRow row : p.perThreshold()) {
                ObjectNode x = rows.addObject();
                num(x, "threshold", row.threshold());
                x.put("tp", row.tp());
                x.put("fp", row.fp());
                x.put("fn", row.fn());
                x.put("tn", row.tn());
                num(x, "f_score", row.fScore());
                num(x, "accuracy", row.accuracy());
            }
            perImage(m, IsbiMetric.PIXEL_ERROR.key(), sliceNames, p.perSlice());
        }
        if (r.randError() != null) {
            ObjectNode m = rand(r.randError());
            perImage(m, IsbiMetric.RAND_ERROR.key(), sliceNames, r.randError().perSlice());
            if (r.randErrorPairs() != null) {
                m.set("variant_" + r.randErrorPairs().variant(), rand(r.randErrorPairs()));
            }
            o.set("rand_error", m);
        }
        if (r.warpingError() != null) {
            IsbiResult.WarpingError w = r.warpingError();
            ObjectNode m = o.putObject("warping_error");
            num(m, "value", w.value());
            num(m, "best_threshold", w.bestThreshold());
            m.put("n_error_pixels", w.errorPixels());
            m.put("radius", w.radius());
            m.put("mismatch_order", "current");
            m.putArray("counted_types").add("merge").add("split");
            ArrayNode rows = m.putArray("per_threshold");
            List<String> types = IsbiResult.WarpingRow.typeNames();
            for (IsbiResult.WarpingRow row : w.perThreshold()) {
                ObjectNode x = rows.addObject();
                num(x, "threshold", row.threshold());
                num(x, "error", row.error());
                x.put("n_error_pixels", row.errorPixels());
                for (int k = 0; k < types.size(); k++) {
                    x.put(types.get(k), row.counts()[k]);
                }
            }
            perImage(m, IsbiMetric.WARPING_ERROR.key(), sliceNames, w.perSlice());
        }
        if (r.vRand() != null) {
            o.set("v_rand", score(r.vRand(), IsbiMetric.V_RAND.key(), sliceNames));
        }
        if (r.vInfo() != null) {
            o.set("v_info", score(r.vInfo(), IsbiMetric.V_INFO.key(), sliceNames));
        }
        return o;
    }

    /** The cell metrics of {@code r}; {@code imageNames} name the images of {@code per_image}. */
    public static ObjectNode cells(CellResult r, List<String> imageNames) {
        return cells(r, imageNames, EnumSet.allOf(CellMetric.class));
    }

    /**
     * The selected cell metrics of {@code r}: objects {@code iou}, {@code dice}, {@code seg},
     * {@code ap} (first threshold, all under {@code by_threshold}); beside them the numbers
     * {@code "ap@0.5"} ... {@code "ap@0.95"} (with AP), {@code mean_ap}, {@code pq} (pooled),
     * the objects {@code panoptic} (PQ's parts) and {@code merged_pairs} (when the shapes were
     * known), and {@code per_image}: the same numbers for each image.
     */
    public static ObjectNode cells(CellResult r, List<String> imageNames, Set<CellMetric> metrics) {
        ObjectNode o = F.objectNode();
        if (metrics.contains(CellMetric.IOU)) {
            o.set("iou", overlap(r.iou(), "iou", imageNames));
        }
        if (metrics.contains(CellMetric.DICE)) {
            o.set("dice", overlap(r.dice(), "dice", imageNames));
        }
        if (metrics.contains(CellMetric.SEG)) {
            ObjectNode seg = o.putObject("seg");
            num(seg, "value", r.seg().value());
            seg.put("n_gt_objects", r.seg().gtObjects());
            num(seg, "mean_per_image", r.seg().meanPerImage());
            ArrayNode segRows = seg.putArray("per_image");
            for (int i = 0; i < r.images(); i++) {
                CellResult.SegImage s = r.seg().perImage().get(i);
                ObjectNode x = segRows.addObject();
                x.put("image", imageNames.get(i));
                num(x, "seg", s.seg());
                x.put("n_gt_objects", s.gtObjects());
                x.put("n_matched", s.matched());
                x.put("n_pred_objects", s.predObjects());
            }
        }
        boolean withAp = metrics.contains(CellMetric.AP);
        boolean withMean = metrics.contains(CellMetric.MEAN_AP);
        boolean withPq = metrics.contains(CellMetric.PQ);
        if (withAp) {
            ObjectNode ap = ap(r.firstAp(), imageNames);
            if (r.ap().size() > 1) {
                ArrayNode all = ap.putArray("by_threshold");
                for (CellResult.Ap a : r.ap()) {
                    all.add(ap(a, imageNames));
                }
            }
            o.set("ap", ap);
            for (CellResult.Ap a : r.ap()) {
                num(o, apKey(a.threshold()), a.value());
            }
        }
        if (withMean) {
            num(o, CellMetric.MEAN_AP.key(), r.meanAp());
            num(o, "mean_ap_mean_per_image", r.meanApPerImage());
            ArrayNode ts = o.putArray("mean_ap_thresholds");
            r.ap().forEach(a -> ts.add(a.threshold()));
        }
        if (withPq) {
            CellResult.Pq pq = r.pq();
            num(o, CellMetric.PQ.key(), pq.value());
            ObjectNode m = o.putObject("panoptic");
            num(m, "pq", pq.value());
            num(m, "sq", pq.sq());
            num(m, "rq", pq.rq());
            m.put("tp", pq.tp());
            m.put("fp", pq.fp());
            m.put("fn", pq.fn());
            num(m, "iou_sum", pq.iouSum());
            num(m, "mean_per_image", pq.meanPerImage());
            m.put("match", "iou > 0.5");
        }
        if (r.merges() != null) {
            ObjectNode m = o.putObject("merged_pairs");
            m.put("touching_gt_pairs", r.merges().touchingPairs());
            m.put("merged", r.merges().mergedPairs());
            num(m, "merged_fraction", r.merges().mergedFraction());
        }
        if (withAp || withMean || withPq || r.merges() != null) {
            ArrayNode rows = o.putArray("per_image");
            for (int i = 0; i < r.images(); i++) {
                ObjectNode x = rows.addObject();
                x.put("image", imageNames.get(i));
                if (withAp) {
                    for (CellResult.Ap a : r.ap()) {
                        num(x, apKey(a.threshold()), a.perImage().get(i).ap());
                    }
                }
                if (withMean) {
                    num(x, CellMetric.MEAN_AP.key(), r.meanAp(i));
                }
                if (withPq) {
                    CellResult.PqImage p = r.pq().perImage().get(i);
                    num(x, CellMetric.PQ.key(), p.pq());
                    x.put("pq_tp", p.tp());
                    x.put("pq_fp", p.fp());
                    x.put("pq_fn", p.fn());
                }
                if (r.merges() != null) {
                    CellResult.MergeImage m = r.merges().perImage().get(i);
                    x.put("touching_gt_pairs", m.touchingPairs());
                    x.put("merged_pairs", m.mergedPairs());
                }
            }
        }
        return o;
    }

    /** {@code ap@0.5}, {@code ap@0.55}, ...: the JSON key of AP at IoU threshold {@code t}. */
    public static String apKey(double t) {
        String s = String.format(Locale.ROOT, "%.4f", t).replaceAll("0+$", "").replaceAll("\\.$", "");
        return "ap@" + s;
    }

    private static ObjectNode rand(IsbiResult.RandError r) {
        ObjectNode m = F.objectNode();
        num(m, "value", r.value());
        num(m, "max_f_score", r.maxFScore());
        m.put("variant", r.variant());
        num(m, "best_threshold", r.bestThreshold());
        ArrayNode rows = m.putArray("per_threshold");
        for (IsbiResult.CountRow row : r.perThreshold()) {
            ObjectNode x = rows.addObject();
            num(x, "threshold", row.threshold());
            count(x, "tp", row.tp());
            count(x, "fp", row.fp());
            count(x, "fn", row.fn());
            num(x, "f_score", row.fScore());
        }
        return m;
    }

    private static ObjectNode score(IsbiResult.Score s, String key, List<String> names) {
        ObjectNode m = F.objectNode();
        num(m, "value", s.value());
        num(m, "best_threshold", s.bestThreshold());
        ArrayNode rows = m.putArray("per_threshold");
        for (IsbiResult.ScoreRow row : s.perThreshold()) {
            ObjectNode x = rows.addObject();
            num(x, "threshold", row.threshold());
            num(x, "score", row.score());
        }
        perImage(m, key, names, s.perSlice());
        return m;
    }

    private static ObjectNode overlap(CellResult.Overlap v, String key, List<String> names) {
        ObjectNode m = F.objectNode();
        num(m, "value", v.value());
        num(m, "mean_per_image", v.meanPerImage());
        perImage(m, key, names, v.perImage());
        return m;
    }

    private static ObjectNode ap(CellResult.Ap a, List<String> names) {
        ObjectNode m = F.objectNode();
        num(m, "threshold", a.threshold());
        num(m, "value", a.value());
        num(m, "mean_per_image", a.meanPerImage());
        m.put("tp", a.tp());
        m.put("fp", a.fp());
        m.put("fn", a.fn());
        num(m, "precision", a.precision());
        num(m, "recall", a.recall());
        num(m, "f1", a.f1());
        ArrayNode rows = m.putArray("per_image");
        for (int i = 0; i < a.perImage().size(); i++) {
            CellResult.ApImage x = a.perImage().get(i);
            ObjectNode row = rows.addObject();
            row.put("image", names.get(i));
            num(row, "ap", x.ap());
            row.put("tp", x.tp());
            row.put("fp", x.fp());
            row.put("fn", x.fn());
        }
        return m;
    }

    private static void perImage(ObjectNode m, String key, List<String> names, double[] values) {
        ArrayNode rows = m.putArray("per_image");
        for (int i = 0; i < values.length; i++) {
            ObjectNode x = rows.addObject();
            x.put("image", names.get(i));
            num(x, key, values[i]);
        }
    }

    /** A double, or null for NaN (JSON has no NaN). */
    static void num(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    /** An integer count held in a double (exact below 2^53), or null for NaN. */
    private static void count(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, (long) v);
        }
    }
}
