package org.unet4j.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.eval.CellMetric;
import org.unet4j.eval.PixelOverlap;
import org.unet4j.infer.Instances;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.RunLayout;
import org.unet4j.model.UNet;
import org.unet4j.report.CurvePoint;
import org.unet4j.report.HtmlReport;
import org.unet4j.report.ImagePanel;
import org.unet4j.report.MetricRow;
import org.unet4j.report.ReportData;
import org.unet4j.report.TrainLog;
import org.unet4j.train.RunCurves;
import org.unet4j.train.RunDirectory;

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

    /** The start of a log line about a restart after a stall (in any naming of its settings). */
    private static final Pattern RESTART = Pattern.compile("restart \\d+ of \\d+ at iteration \\d+: ");

    private RunReport() {
    }

    /**
     * The checkpoint a report shows, the one {@code unet predict --model RUN_DIR} uses: best, else last.
     *
     * @throws org.unet4j.InvalidInputException if the run has no checkpoint yet
     */
    public static Path reportedCheckpoint(RunDirectory run) {
        return ModelFiles.resolve(run.dir());
    }

    /**
     * The report of a training run as {@code unet train} writes it at the end and {@code unet report}
     * rebuilds it: the summary cards from {@code train.csv} ({@link #summary}); the first
     * {@code examples} validation images, or training images when there are none (said in the
     * notes), predicted by {@link #reportedCheckpoint}, with their IoU and Dice; the last validation.
     *
     * @param html where to write the report (the run's {@code report.html}, or elsewhere)
     * @param validation the normalised validation samples (may be empty)
     * @param train the normalised training samples, used only without validation samples (may be empty)
     * @param notes more notes, after the one about the examples
     */
    public static Path writeRun(RunDirectory run, Path html, List<SegmentationSample> validation, List<SegmentationSample> train,
            int examples, List<String> notes, WeightMapParams weightMaps, DeviceChoice device) {
        List<SegmentationSample> shown;
        List<String> allNotes = new ArrayList<>();
        if (!validation.isEmpty()) {
            shown = validation.subList(0, Math.min(examples, validation.size()));
            allNotes.add(examplesNote(run, "validation images"));
        } else {
            shown = train.subList(0, Math.min(examples, train.size()));
            if (!shown.isEmpty()) {
                allNotes.add(examplesNote(run, "training images (the run has no validation set; the network has seen these"
                        + " images, so their scores are optimistic)"));
            }
        }
        allNotes.addAll(notes);
        allNotes.addAll(stallNotes(run));
        Map<String, String> cards = summary(TrainLog.read(run.dir().resolve(RunLayout.CSV)));
        return write(run, html, new Content("training run " + run.dir().toAbsolutePath().normalize().getFileName(), cards, shown,
                null, null, allNotes), weightMaps, device);
    }

    /**
     * The log's lines about a network that stopped learning and the restarts that followed
     * ({@code train.StallDetector}), without their time stamps, so the report says what the console said.
     */
    public static List<String> stallNotes(RunDirectory run) {
        Path log = run.dir().resolve(RunLayout.LOG);
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int at = line.indexOf("warning: the network has stopped learning");
                if (at < 0) {
                    Matcher restart = RESTART.matcher(line);
                    at = restart.find() ? restart.start() : -1;
                }
                if (at < 0) {
                    at = line.indexOf("the network is learning again");
                }
                if (at >= 0) {
                    out.add(line.substring(at));
                }
            }
        } catch (IOException e) {
            // no log: nothing to say
        }
        return out;
    }

    /** The headline facts of a training log: iterations, training time and the last validation's metrics. */
    public static Map<String, String> summary(List<CurvePoint> curve) {
        Map<String, String> cards = new LinkedHashMap<>();
        if (curve.isEmpty()) {
            return cards;
        }
        CurvePoint last = curve.get(curve.size() - 1);
        cards.put("iterations", String.format(Locale.ROOT, "%,d", last.iteration()));
        if (!Double.isNaN(last.seconds())) {
            cards.put("training time", RunCurves.duration(last.seconds()));
        }
        CurvePoint validated = lastValidated(curve);
        if (validated != null) {
            validated.validation().forEach((k, v) -> cards.put("validation " + k, String.format(Locale.ROOT, "%.4f", v)));
        }
        return cards;
    }

    /** The note that says what the examples are and which checkpoint predicted them. */
    public static String examplesNote(RunDirectory run, String what) {
        return "Examples are " + what + " predicted by checkpoints/" + reportedCheckpoint(run).getFileName()
                + " with the overlap-tile strategy.";
    }

    /** {@link #write(RunDirectory, Path, Content, WeightMapParams, DeviceChoice)} into the run's {@code report.html}. */
    public static Path write(RunDirectory run, Content content, WeightMapParams weightMaps, DeviceChoice device) {
        return write(run, run.dir().resolve(RunLayout.REPORT), content, weightMaps, device);
    }

    /**
     * Writes the report to {@code html}; when that is the run's own {@code report.html}, also redraws
     * the run's {@code curves.png} (a report written elsewhere leaves the run folder untouched). The
     * example images (normalised samples) are predicted by {@link #reportedCheckpoint}; per-image
     * foreground IoU and Dice go to the table unless {@code content} brings its own metrics.
     */
    public static Path write(RunDirectory run, Path html, Content content, WeightMapParams weightMaps, DeviceChoice device) {
        boolean own = html.toAbsolutePath().normalize().equals(run.dir().resolve(RunLayout.REPORT).toAbsolutePath().normalize());
        List<CurvePoint> curve = own ? RunCurves.writeCurves(run) : TrainLog.read(run.dir().resolve(RunLayout.CSV));
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
                    LabelImage instances = Instances.fromPrediction(p, 0);
                    float[] probability = foreground(p);
                    panels.add(panel(s, weightMaps, probability, instances));
                    if (!ownMetrics) {
                        metrics.add(MetricRow.of(s.name(), overlap(PixelOverlap.of(p.labels().foreground(), s.classes().labels()))));
                    }
                }
            }
        }
        CurvePoint validated = lastValidated(curve);
        if (validated != null) {
            metrics.add(MetricRow.summaryOf("validation at iteration " + validated.iteration(), validated.validation()));
        }
        HtmlReport.write(html, new ReportData(content.title(), content.summary(), ReportData.configOf(run.config()), curve, panels,
                metrics, content.notes()));
        return html;
    }

    private static CurvePoint lastValidated(List<CurvePoint> curve) {
        CurvePoint found = null;
        for (CurvePoint c : curve) {
            if (c.hasValidation()) {
                found = c;
            }
        }
        return found;
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

    private static Map<String, Double> overlap(PixelOverlap o) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(CellMetric.IOU.key(), o.iou());
        m.put(CellMetric.DICE.key(), o.dice());
        return m;
    }
}
