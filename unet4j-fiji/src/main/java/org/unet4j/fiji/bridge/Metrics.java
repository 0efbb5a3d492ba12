package org.unet4j.fiji.bridge;

import java.util.List;
import java.util.Map;

/**
 * Evaluation metrics: the pooled values over all images and one row per image, in a stable column order.
 *
 * @param pooled metric name to pooled value
 * @param perImage one map per image (or slice), the same names where defined
 */
public record Metrics(Map<String, Double> pooled, List<Map<String, Double>> perImage) {
}
