package org.unet4j.train;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unet4j.Progress;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.eval.CellMetric;
import org.unet4j.eval.CellMetrics;
import org.unet4j.eval.CellResult;
import org.unet4j.eval.IsbiMetric;
import org.unet4j.eval.IsbiMetrics;
import org.unet4j.eval.IsbiOptions;
import org.unet4j.eval.IsbiResult;
import org.unet4j.eval.PixelOverlap;
import org.unet4j.infer.Instances;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.UNet;

/**
 * Validation during training: the whole validation images through the overlap-tile predictor
 * (mirrored borders, as at prediction time), then
 *
 * <ul>
 *   <li>{@code loss}: the weighted cross-entropy with the images' own weight maps;
 *   <li>{@code iou}, {@code dice}: foreground (class != 0) against the annotation, pooled over images;
 *   <li>binary labels (ISBI-style membranes): {@code pixel_error} and {@code rand_error}, the
 *       challenge's definitions, on the class-1 ("interior") probability;
 *   <li>instance labels: {@code seg} and {@code ap} (IoU 0.5) of the 4-connected foreground components
 *       (of a contour model: its interiors grown into its objects, as {@link PostProcessing} does).
 * </ul>
 */
public final class ValidationScorer implements Validator {
    private final List<SegmentationSample> samples;
    private final List<SegmentationSample> weighted;
    private final LabelConvention convention;
    private final DeviceChoice device;
    /** A contour model's instance growth, as {@code unet predict} does it; null for the paper's target. */
    private final PostProcessing contours;
    private double spread = Double.NaN;

    public ValidationScorer(List<SegmentationSample> samples, LabelConvention convention, WeightMapParams weightMaps, DeviceChoice device) {
        this.samples = samples;
        this.weighted = samples.parallelStream().map(s -> WeightMaps.apply(s, weightMaps)).toList();
        this.convention = convention;
        this.device = device;
        this.contours = weightMaps.target() == Target.CONTOURS
                ? new PostProcessing(1, PostProcessing.Method.NONE, PostProcessing.CONTOUR_SEED_THRESHOLD,
                        PostProcessing.CONTOUR_FLOOD_THRESHOLD, 0, Target.CONTOURS)
                : null;
    }

    @Override
    public Map<String, Double> validate(UNet net) {
        Predictor predictor = new Predictor(net, PredictOptions.defaults().withDevice(device));
        double lossSum = 0;
        double weightSum = 0;
        PixelOverlap overlap = PixelOverlap.NONE;
        List<float[]> interior = new ArrayList<>();
        List<int[]> truthMasks = new ArrayList<>();
        List<LabelImage> predInstances = new ArrayList<>();
        List<LabelImage> truthInstances = new ArrayList<>();
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (int s = 0; s < samples.size(); s++) {
            SegmentationSample sample = samples.get(s);
            Prediction p = predictor.predict(sample.image());
            int[] target = weighted.get(s).classes().labels();
            float[] w = weighted.get(s).weights();
            for (int i = 0; i < target.length; i++) {
                if (target[i] >= 0 && w[i] > 0) {
                    lossSum -= w[i] * Math.log(Math.max(1e-12, p.probability(target[i])[i]));
                    weightSum += w[i];
                }
            }
            float[] fgProbability = p.numClasses() >= 2 ? PostProcessing.objectProbability(p) : p.probability(0);
            for (float v : fgProbability) {
                sum += v;
                sumSq += (double) v * v;
                count++;
            }
            int[] truth = sample.classes().labels();
            overlap = overlap.plus(PixelOverlap.of(p.labels().foreground(), truth));
            if (convention.kind() == LabelConvention.Kind.BINARY && p.numClasses() == 2) {
                int[] truthBinary = new int[truth.length];
                for (int i = 0; i < truth.length; i++) {
                    truthBinary[i] = truth[i] > 0 ? 1 : 0;
                }
                interior.add(p.foreground());
                truthMasks.add(truthBinary);
            }
            if (sample.instances() != null) {
                predInstances.add(contours != null ? contours.instances(p) : Instances.fromPrediction(p, 0));
                truthInstances.add(sample.instances());
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        spread = count == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumSq / count - mean * mean));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(ValidationMetric.LOSS.key(), weightSum > 0 ? lossSum / weightSum : Double.NaN);
        m.put(ValidationMetric.IOU.key(), overlap.iou());
        m.put(ValidationMetric.DICE.key(), overlap.dice());
        if (!interior.isEmpty() && sameSize()) {
            IsbiResult r = IsbiMetrics.evaluate(interior, truthMasks, samples.get(0).height(), samples.get(0).width(),
                    IsbiOptions.challenge().withMetrics(EnumSet.of(IsbiMetric.PIXEL_ERROR, IsbiMetric.RAND_ERROR)), Progress.NONE);
            m.put(ValidationMetric.PIXEL_ERROR.key(), r.value(IsbiMetric.PIXEL_ERROR));
            m.put(ValidationMetric.RAND_ERROR.key(), r.value(IsbiMetric.RAND_ERROR));
        }
        if (!truthInstances.isEmpty()) {
            CellResult c = CellMetrics.evaluate(predInstances, truthInstances, CellMetrics.AP_THRESHOLD); // only AP@0.5 is kept
            m.put(ValidationMetric.SEG.key(), CellMetric.SEG.value(c));
            m.put(ValidationMetric.AP.key(), CellMetric.AP.value(c));
        }
        return m;
    }

    @Override
    public double outputSpread() {
        return spread;
    }

    private boolean sameSize() {
        int h = samples.get(0).height();
        int w = samples.get(0).width();
        return samples.stream().allMatch(s -> s.height() == h && s.width() == w);
    }
}
