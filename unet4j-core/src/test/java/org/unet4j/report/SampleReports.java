package org.unet4j.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.data.synth.SyntheticData;
import org.unet4j.data.synth.SyntheticSample;
import org.unet4j.data.synth.SyntheticStyle;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;

/**
 * Report data that looks like a real run, for tests and the screenshot check: synthetic cells with
 * their true weight maps, a made-up but plausible prediction (blurred truth plus noise, one merged
 * pair) and a made-up training log.
 */
public final class SampleReports {
    private SampleReports() {
    }

    public static ReportData cells(int images, int size, int iterations) {
        Random rng = new Random(11);
        List<ImagePanel> panels = new ArrayList<>();
        List<MetricRow> rows = new ArrayList<>();
        double sumIou = 0;
        double sumDice = 0;
        for (SyntheticSample s : SyntheticData.generateSet(SyntheticStyle.CELLS, images, size, 3)) {
            SegmentationSample weighted = WeightMaps.apply(s.toSegmentationSample(), WeightMapParams.paper());
            float[] probability = fakeProbability(s.labels(), rng);
            LabelImage predicted = fakeInstances(s.labels(), probability);
            panels.add(new ImagePanel(s.name(), s.image(), s.labels(), weighted.weights(), probability, predicted));
            double[] iouDice = iouDice(s.labels().labels(), predicted.labels());
            sumIou += iouDice[0];
            sumDice += iouDice[1];
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("IoU", iouDice[0]);
            v.put("Dice", iouDice[1]);
            v.put("SEG", iouDice[0] - 0.08);
            v.put("AP@0.5", Double.NaN);
            v.put("objects", (double) s.labels().max());
            rows.add(MetricRow.of(s.name(), v));
        }
        rows.add(MetricRow.summaryOf("mean", Map.of("IoU", sumIou / images, "Dice", sumDice / images)));
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("test IoU", String.format(Locale.ROOT, "%.3f", sumIou / images));
        summary.put("test Dice", String.format(Locale.ROOT, "%.3f", sumDice / images));
        summary.put("iterations", String.format(Locale.US, "%,d", iterations));
        summary.put("training time", "3 min 00 s");
        summary.put("network", "depth 3, base 16");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", Map.of("style", "cells", "train", 24, "validation", 4, "test", images));
        config.put("network", new LinkedHashMap<>(Map.of("depth", 3, "base_channels", 16, "padding", "valid")));
        config.put("optimizer", Map.of("name", "sgd", "lr", 0.01, "momentum", 0.99));
        config.put("weight_map", Map.of("w0", 10, "sigma", 5.0, "class_weights", "balanced"));
        config.put("augment", Map.of("elastic", List.of(3, 3, 10.0), "flip", true));
        config.put("seed", 1);
        return new ReportData("unet demo: cells <synthetic>", summary, config, curve(iterations, rng), panels, rows,
                List.of("Synthetic phase-contrast cells made by unet synth (seed 3).", "Numbers in this sample report are made up."));
    }

    static List<CurvePoint> curve(int iterations, Random rng) {
        List<CurvePoint> points = new ArrayList<>();
        for (int it = 10; it <= iterations; it += 10) {
            double loss = 0.08 + 0.6 * Math.exp(-it / 250.0) + 0.03 * rng.nextGaussian() * Math.exp(-it / 800.0);
            Map<String, Double> val = new LinkedHashMap<>();
            if (it % 100 == 0) {
                double q = 1 - Math.exp(-it / 300.0);
                val.put("loss", 0.1 + 0.55 * Math.exp(-it / 280.0));
                val.put("iou", 0.5 + 0.42 * q);
                val.put("dice", 0.66 + 0.3 * q);
                val.put("pixel_error", 0.2 * (1 - q) + 0.04);
                val.put("rand_error", 0.3 * (1 - q) + 0.08);
            }
            points.add(new CurvePoint(it, loss, 0.01, it * 0.15, val));
        }
        return points;
    }

    private static float[] fakeProbability(LabelImage truth, Random rng) {
        int h = truth.height();
        int w = truth.width();
        float[] p = new float[h * w];
        int[] l = truth.labels();
        for (int i = 0; i < p.length; i++) {
            p[i] = l[i] > 0 ? 1 : 0;
        }
        // box blur twice: soft edges; a little noise
        for (int pass = 0; pass < 2; pass++) {
            float[] q = new float[p.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    int c = 0;
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                s += p[yy * w + xx];
                                c++;
                            }
                        }
                    }
                    q[y * w + x] = s / c;
                }
            }
            p = q;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.max(0, Math.min(1, p[i] + 0.12 * rng.nextGaussian()));
        }
        return p;
    }

    private static LabelImage fakeInstances(LabelImage truth, float[] probability) {
        int[] l = truth.labels();
        int[] out = new int[l.length];
        int extra = truth.max();
        for (int i = 0; i < l.length; i++) {
            if (probability[i] >= 0.5f) {
                out[i] = l[i] > 0 ? l[i] : extra + 1;
            }
        }
        // a merged pair: ids 1 and 2 become one
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 2) {
                out[i] = 1;
            }
        }
        return new LabelImage(truth.height(), truth.width(), out);
    }

    private static double[] iouDice(int[] truth, int[] predicted) {
        int inter = 0;
        int t = 0;
        int p = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean a = truth[i] > 0;
            boolean b = predicted[i] > 0;
            inter += a && b ? 1 : 0;
            t += a ? 1 : 0;
            p += b ? 1 : 0;
        }
        return new double[] {inter / (double) (t + p - inter), 2.0 * inter / (t + p)};
    }
}
