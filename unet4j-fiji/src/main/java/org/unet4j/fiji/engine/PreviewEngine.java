package org.unet4j.fiji.engine;

import java.util.List;
import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.api.Previews;
import org.unet4j.api.Samples;
import org.unet4j.augment.AugmentParams;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.fiji.bridge.AugmentRequest;
import org.unet4j.fiji.bridge.AugmentResult;
import org.unet4j.fiji.bridge.WeightMapRequest;
import org.unet4j.fiji.bridge.WeightMapResult;
import org.unet4j.io.TrainingSet;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;

/**
 * {@code unet4j Weight Map} and {@code unet4j Augmentation Preview} on {@link Previews}: the values
 * of {@code unet weights} (plane by plane) and {@code unet augment} (the data read and normalised
 * as its defaults read them: {@code Samples.read}, percentile 1-99.8).
 */
final class PreviewEngine {
    private PreviewEngine() {
    }

    static WeightMapResult weightMap(WeightMapRequest r, int[][] labels, int height, int width) {
        if (!(r.w0() >= 0) || !(r.sigma() > 0) || Double.isInfinite(r.w0()) || Double.isInfinite(r.sigma())) {
            throw new InvalidInputException("w0=" + r.w0() + " sigma=" + r.sigma() + ": w0 must be >= 0 and sigma > 0 (the paper: w0=10"
                    + " sigma=5)");
        }
        WeightMapParams params = new WeightMapParams(r.w0(), r.sigma(), classWeights(r.classWeights()), target(r.target()));
        Previews.LabelKind kind = labelKind(r.labelsAs());
        float[][] weights = new float[labels.length][];
        float[][] border = new float[labels.length][];
        String[] summaries = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Previews.WeightMap m = Previews.weightMap(new LabelImage(height, width, labels[i]), params, kind);
            weights[i] = m.weights();
            border[i] = m.borderTerm();
            summaries[i] = summary(m, params);
        }
        return new WeightMapResult(height, width, weights, border, summaries);
    }

    static AugmentResult augment(AugmentRequest r) {
        if (r.images() == null || r.labels() == null) {
            throw new InvalidInputException("images= and labels= are needed: two open images (window titles) or two folders/stacks");
        }
        AugmentParams params = AugmentParams.parse(r.augment() == null ? "paper" : r.augment());
        TrainingSet set = Samples.read(r.images(), r.labels()).normalized(Normalization.DEFAULT);
        List<SegmentationSample> samples = set.samples();
        List<Previews.Tile> tiles = Previews.augmented(samples, params, r.count(), r.tile(), r.seed());
        String[] names = new String[tiles.size()];
        float[][] images = new float[tiles.size()][];
        int[][] labels = new int[tiles.size()][];
        boolean instances = true;
        for (int i = 0; i < tiles.size(); i++) {
            Previews.Tile t = tiles.get(i);
            names[i] = t.name();
            images[i] = t.gray();
            labels[i] = t.labels();
            instances &= t.instances() != null;
        }
        String summary = String.format(Locale.ROOT, "%d augmented %dx%d tiles from %d image%s, seed %d; augmentation: %s", tiles.size(),
                r.tile(), r.tile(), samples.size(), samples.size() == 1 ? "" : "s", r.seed(), params.describe());
        return new AugmentResult(r.tile(), names, images, labels, instances, summary);
    }

    private static String summary(Previews.WeightMap m, WeightMapParams p) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : m.weights()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double[] cw = m.classWeights();
        String classes = p.target() == Target.CONTOURS
                ? String.format(Locale.ROOT, "background %.4f, interior %.4f, contour %.4f", weight(cw, 0), weight(cw, Target.INTERIOR),
                        weight(cw, Target.CONTOUR))
                : String.format(Locale.ROOT, "background %.4f, foreground %.4f", weight(cw, 0), weight(cw, 1));
        return String.format(Locale.ROOT, "%s, %d objects; class weights %s (%s); weights min %.4f, max %.4f, mean %.4f (w0 %s, sigma %s px)",
                m.binary() ? "binary mask" : "instance labels", m.objectCount(), classes, p.classWeights().name().toLowerCase(Locale.ROOT),
                min, max, sum / m.weights().length, p.w0(), p.sigma());
    }

    private static double weight(double[] cw, int c) {
        return c < cw.length ? cw[c] : 1;
    }

    static ClassWeightMode classWeights(String v) {
        String s = v == null ? "balanced" : v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "balanced" -> ClassWeightMode.BALANCED;
            case "sqrt" -> ClassWeightMode.SQRT;
            case "none" -> ClassWeightMode.NONE;
            default -> throw new InvalidInputException("class_weights=" + v + " is not known; use balanced, sqrt or none");
        };
    }

    static Target target(String v) {
        String s = v == null ? "classes" : v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "classes" -> Target.CLASSES;
            case "contours" -> Target.CONTOURS;
            default -> throw new InvalidInputException("target=" + v + " is not known; use classes (the paper) or contours");
        };
    }

    static Previews.LabelKind labelKind(String v) {
        String s = v == null ? "auto" : v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto" -> Previews.LabelKind.AUTO;
            case "instances" -> Previews.LabelKind.INSTANCES;
            case "binary" -> Previews.LabelKind.BINARY;
            default -> throw new InvalidInputException("labels_as=" + v + " is not known; use auto, instances or binary");
        };
    }
}
