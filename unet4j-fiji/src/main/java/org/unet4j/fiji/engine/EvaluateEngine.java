package org.unet4j.fiji.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unet4j.InvalidInputException;
import org.unet4j.api.Evaluation;
import org.unet4j.data.LabelImage;
import org.unet4j.eval.CellResult;
import org.unet4j.fiji.bridge.Metrics;

/** {@code unet4j Evaluate} on {@link Evaluation#cells}: the metrics of {@code unet evaluate}'s cell table. */
final class EvaluateEngine {
    private EvaluateEngine() {
    }

    static Metrics evaluate(int[][] predicted, int[][] truth, int height, int width) {
        if (predicted.length != truth.length) {
            throw new InvalidInputException(predicted.length + " predicted and " + truth.length + " ground-truth slices; give stacks of"
                    + " the same size");
        }
        List<LabelImage> p = new ArrayList<>();
        List<LabelImage> t = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            p.add(new LabelImage(height, width, predicted[i]));
            t.add(new LabelImage(height, width, truth[i]));
        }
        return metrics(Evaluation.cells(p, t));
    }

    static Metrics evaluate(Path predicted, Path truth) {
        return metrics(Evaluation.cells(predicted, truth));
    }

    static Metrics metrics(CellResult r) {
        Map<String, Double> pooled = new LinkedHashMap<>();
        pooled.put("images", (double) r.images());
        pooled.put("iou", r.iou().value());
        pooled.put("dice", r.dice().value());
        pooled.put("seg", r.seg().value());
        pooled.put("ap50", r.firstAp().value());
        pooled.put("mean_ap", r.meanAp());
        pooled.put("pq", r.pq().value());
        pooled.put("merged_pairs", (double) r.merges().mergedPairs());
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < r.images(); i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("iou", r.iou().perImage()[i]);
            row.put("dice", r.dice().perImage()[i]);
            row.put("seg", r.seg().perImage().get(i).seg());
            row.put("ap50", r.firstAp().perImage().get(i).ap());
            row.put("mean_ap", r.meanAp(i));
            row.put("pq", r.pq().perImage().get(i).pq());
            rows.add(row);
        }
        return new Metrics(pooled, rows);
    }
}
