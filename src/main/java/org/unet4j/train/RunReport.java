package org.unet4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.infer.Instances;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNet;
import org.unet4j.report.CurvePoint;
import org.unet4j.report.Curves;
import org.unet4j.report.HtmlReport;
import org.unet4j.report.ImagePanel;
import org.unet4j.report.MetricRow;
import org.unet4j.report.ReportData;
import org.unet4j.report.TrainLog;

/**
 * The pictures of a run: {@code curves.png} from {@code train.csv}, and {@code report.html} with
 * the configuration, the curves, a few example images predicted by the best checkpoint (input,
 * truth, weight map, probability, instances, error map) and a metrics table.
 */
public final class RunReport {
    /**
     * What the report says beyond what the run folder holds.
     *
     * @param examples normalised samples to predict and show (ignored when {@code panels} is given)
     * @param panels ready example panels (predictions already made), or null
     * @param metrics metric rows, or null for per-example IoU/Dice
     */
    public record Content(String title, Map<String, String> summary, List<SegmentationSample> examples, List<ImagePanel> panels,
            List<MetricRow> metrics, List<String> notes) {
    }

    private RunReport() {
    }

    /** Redraws {@code curves.png} from {@code train.csv}. */
    public static List<CurvePoint> writeCurves(RunDirectory run) {
        List<CurvePoint> curve = TrainLog.read(run.dir().resolve(RunDirectory.CSV));
        if (!curve.isEmpty()) {
            Curves.write(run.dir().resolve(RunDirectory.CURVES), curve);
        }
        return curve;
    }

    /** The checkpoint a report shows: best, else last. */
    public static Path reportedCheckpoint(RunDirectory run) {
        return Files.isRegularFile(run.checkpoint("best").resolve(ModelFiles.WEIGHTS)) ? run.checkpoint("best") : run.lastCheckpoint();
    }

    /**
     * Writes {@code report.html} (and {@code curves.png}). The example images (normalised samples)
     * are predicted by the best checkpoint; per-image foreground IoU and Dice go to the table
     * unless {@code content} brings its own metrics.
     */
    public static Path write(RunDirectory run, Content content, WeightMapParams weightMaps, DeviceChoice device) {
        List<CurvePoint> curve = writeCurves(run);
        List<ImagePanel> panels = new ArrayList<>();
        List<MetricRow> metrics = new ArrayList<>(content.metrics() == null ? List.of() : content.metrics());
        boolean ownMetrics = !metrics.isEmpty();
        if (content.panels() != null) {
            panels.addAll(content.panels());
        } else if (content.examples() != null && !content.examples().isEmpty()) {
            try (UNet net = ModelFiles.load(reportedCheckpoint(run))) {
                Predictor predictor = new Predictor(net, PredictOptions.defaults().withDevice(device));
                for (SegmentationSample s : content.examples()) {
                    Prediction p = predictor.predict(s.image());
                    LabelImage classes = p.labels();
                    boolean[] fg = new boolean[classes.labels().length];
                    for (int i = 0; i < fg.length; i++) {
                        fg[i] = classes.labels()[i] != 0;
                    }
                    LabelImage instances = Instances.fromForeground(fg, s.height(), s.width(), 0);
                    float[] probability = foreground(p);
                    panels.add(panel(s, weightMaps, probability, instances));
                    if (!ownMetrics) {
                        metrics.add(MetricRow.of(s.name(), overlap(fg, s.classes().labels())));
                    }
                }
            }
        }
        if (!curve.isEmpty()) {
            CurvePoint lastValidated = null;
            for (CurvePoint c : curve) {
                if (c.validation() != null && !c.validation().isEmpty()) {
                    lastValidated = c;
                }
            }
            if (lastValidated != null) {
                metrics.add(MetricRow.summaryOf("validation at iteration " + lastValidated.iteration(), lastValidated.validation()));
            }
        }
        Path html = run.dir().resolve(RunDirectory.REPORT);
        HtmlReport.write(html, new ReportData(content.title(), content.summary(), ReportData.configOf(run.config()), curve, panels,
                metrics, content.notes()));
        return html;
    }

    /** An example panel: the sample, its weight map, a foreground probability and predicted instances. */
    public static ImagePanel panel(SegmentationSample s, WeightMapParams weightMaps, float[] probability, LabelImage predicted) {
        float[] weights = WeightMaps.apply(s, weightMaps).weights();
        return new ImagePanel(s.name(), s.image(), s.instances() != null ? s.instances() : s.classes(), weights, probability, predicted);
    }

    /** The probability of "not background": class 1 of a two-class model, else 1 - p(class 0). */
    public static float[] foreground(Prediction p) {
        if (p.numClasses() == 2) {
            return p.foreground();
        }
        float[] out = p.probability(0).clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = 1 - out[i];
        }
        return out;
    }

    private static Map<String, Double> overlap(boolean[] predicted, int[] truth) {
        long inter = 0;
        long pc = 0;
        long tc = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0) {
                continue;
            }
            boolean t = truth[i] != 0;
            inter += predicted[i] && t ? 1 : 0;
            pc += predicted[i] ? 1 : 0;
            tc += t ? 1 : 0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        long union = pc + tc - inter;
        m.put("iou", union == 0 ? 1.0 : inter / (double) union);
        m.put("dice", pc + tc == 0 ? 1.0 : 2.0 * inter / (pc + tc));
        return m;
    }

    /** "3 min 02 s" style duration. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
