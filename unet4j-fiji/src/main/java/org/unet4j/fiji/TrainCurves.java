package org.unet4j.fiji;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.unet4j.fiji.bridge.TrainEvent;

/**
 * The learning curves of a running training in an ImageJ Plot window, redrawn at each validation:
 * the running training loss, the validation loss and the validation IoU. Off headless and in
 * batch mode (the run folder's curves.png has them too).
 */
final class TrainCurves implements Consumer<TrainEvent> {
    private final boolean shown;
    private final List<Double> stepX = new ArrayList<>();
    private final List<Double> stepLoss = new ArrayList<>();
    private final List<Double> valX = new ArrayList<>();
    private final List<Double> valLoss = new ArrayList<>();
    private final List<Double> valIou = new ArrayList<>();
    private PlotWindow window;

    TrainCurves(boolean shown) {
        this.shown = shown;
    }

    @Override
    public void accept(TrainEvent e) {
        if (!e.validation()) {
            if (Double.isFinite(e.loss())) {
                stepX.add((double) e.iteration());
                stepLoss.add(e.loss());
            }
            return;
        }
        valX.add((double) e.iteration());
        valLoss.add(e.metrics().getOrDefault("loss", Double.NaN));
        valIou.add(e.metrics().getOrDefault("iou", Double.NaN));
        if (shown) {
            draw();
        }
    }

    /** The plot of the curves so far. */
    Plot plot() {
        Plot plot = new Plot("unet4j Train: learning curves", "iteration", "loss / IoU");
        plot.setColor(Color.GRAY);
        plot.add("line", array(stepX), array(stepLoss));
        plot.setLabel(-1, "training loss");
        plot.setColor(Color.RED);
        plot.add("connected circle", array(valX), array(valLoss));
        plot.setLabel(-1, "validation loss");
        plot.setColor(Color.BLUE);
        plot.add("connected circle", array(valX), array(valIou));
        plot.setLabel(-1, "validation IoU");
        plot.setLimitsToFit(false);
        plot.setLegend(null, Plot.AUTO_POSITION);
        return plot;
    }

    private void draw() {
        Plot plot = plot();
        if (window == null || window.isClosed()) {
            window = plot.show();
        } else {
            window.drawPlot(plot);
        }
    }

    private static double[] array(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
