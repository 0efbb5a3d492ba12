package org.unet4j.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.unet4j.fiji.bridge.Metrics;
import org.unet4j.fiji.loader.EngineLoader;

/**
 * {@code unet4j Evaluate}: the cell metrics of {@code unet evaluate} (foreground IoU and Dice, CTC
 * SEG, AP at IoU 0.5, mean AP over 0.5..0.95, panoptic quality) of instance labels against ground
 * truth, two open images/stacks (window titles) or two files/folders, into the Results table: one
 * row per image (slice) and a last row "all" with the pooled values.
 *
 * <pre>run("unet4j Evaluate", "prediction=cells_instances truth=cells-gt.tif");</pre>
 */
public class EvaluateCommand implements PlugIn {
    /** The command's name in ImageJ's menus. */
    public static final String COMMAND = "unet4j Evaluate";

    private ResultsTable last;

    @Override
    public void run(String arg) {
        last = null;
        try {
            String prediction;
            String truth;
            if (Ui.noDialog()) {
                MacroOptions o = Ui.macroOptions();
                prediction = o.text("prediction", "");
                truth = o.text("truth", "");
            } else {
                String[] titles = WindowManager.getImageTitles();
                if (titles.length < 2) {
                    throw MacroOptions.bad("open the predicted instances and the ground truth first (or call it from a macro with"
                            + " prediction=[folder] truth=[folder])");
                }
                ij.gui.GenericDialog gd = new ij.gui.GenericDialog(COMMAND);
                gd.addChoice("Prediction (instance labels)", titles, titles[0]);
                gd.addChoice("Truth (ground-truth labels)", titles, titles[1]);
                gd.showDialog();
                if (gd.wasCanceled()) {
                    return;
                }
                prediction = gd.getNextChoice();
                truth = gd.getNextChoice();
            }
            last = evaluate(prediction, truth);
            if (!GraphicsEnvironment.isHeadless()) {
                last.show("Results");
            } else {
                for (int i = 0; i < last.size(); i++) {
                    IJ.log(COMMAND + ": " + last.getLabel(i) + " " + last.getRowAsString(i));
                }
            }
        } catch (RuntimeException e) {
            Ui.fail(COMMAND, e);
        }
    }

    /** The table of the last run of this instance, or null. */
    public ResultsTable lastTable() {
        return last;
    }

    /** The metrics of {@code prediction} against {@code truth} (window titles, else paths) as the system Results table. */
    public static ResultsTable evaluate(String prediction, String truth) {
        if (prediction.isEmpty() || truth.isEmpty()) {
            throw MacroOptions.bad("prediction= and truth= are needed: two open images (window titles) or two files/folders");
        }
        ImagePlus p = WindowManager.getImage(prediction);
        ImagePlus t = WindowManager.getImage(truth);
        Metrics m;
        if (p != null && t != null) {
            if (p.getWidth() != t.getWidth() || p.getHeight() != t.getHeight()) {
                throw MacroOptions.bad(prediction + " is " + p.getWidth() + "x" + p.getHeight() + " but " + truth + " " + t.getWidth() + "x"
                        + t.getHeight() + "; give a prediction of the ground truth's size");
            }
            m = EngineLoader.engine().evaluate(ImageConversion.labels(p), ImageConversion.labels(t), p.getHeight(), p.getWidth());
        } else {
            m = EngineLoader.engine().evaluate(path("prediction", prediction), path("truth", truth));
        }
        ResultsTable rt = ResultsTable.getResultsTable();
        if (rt == null) {
            rt = new ResultsTable();
        }
        rt.reset();
        List<Map<String, Double>> rows = m.perImage();
        for (int i = 0; i < rows.size(); i++) {
            rt.incrementCounter();
            rt.addLabel("image " + (i + 1));
            rows.get(i).forEach(rt::addValue);
        }
        rt.incrementCounter();
        rt.addLabel("all");
        for (Map.Entry<String, Double> e : m.pooled().entrySet()) {
            if (!e.getKey().equals("images") && !e.getKey().equals("merged_pairs")) {
                rt.addValue(e.getKey(), e.getValue());
            }
        }
        return rt;
    }

    private static Path path(String key, String value) {
        Path p = Path.of(value);
        if (!Files.exists(p)) {
            throw MacroOptions.bad(key + "=" + value + " is neither an open image nor a file or folder; give a window title or a path");
        }
        return p;
    }
}
