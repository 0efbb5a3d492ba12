package org.unet4j.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unet4j.io.Json;

/**
 * Everything a report shows. Lists and maps are copied; {@code null} means empty.
 *
 * @param title the page title ("unet demo: cells", "training run 2025-01-31")
 * @param summary headline facts shown as cards at the top, in order ("test IoU" -> "0.912",
 *     "iterations" -> "1,200", "time" -> "3 min 02 s")
 * @param config the run's configuration; values may be nested maps and lists (shown with dotted
 *     keys), see {@link #configOf(JsonNode)} for a {@code config.json}
 * @param curve the training log (see {@link TrainLog})
 * @param images example images, shown in order
 * @param metrics the metrics table, one row per image and summary rows
 * @param notes free text lines shown at the end (data used, machine, caveats)
 */
public record ReportData(String title, Map<String, String> summary, Map<String, Object> config, List<CurvePoint> curve,
        List<ImagePanel> images, List<MetricRow> metrics, List<String> notes) {
    public ReportData {
        title = title == null || title.isBlank() ? "unet4j report" : title;
        summary = summary == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        curve = curve == null ? List.of() : List.copyOf(curve);
        images = images == null ? List.of() : List.copyOf(images);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A JSON object (e.g. a run's {@code config.json}) as an ordered map for {@code config}. */
    public static Map<String, Object> configOf(JsonNode json) {
        if (json == null || json.isNull()) {
            return Map.of();
        }
        if (!json.isObject()) {
            return Map.of("config", json.toString());
        }
        return Json.MAPPER.convertValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
