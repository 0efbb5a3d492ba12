package org.unet4j.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unet4j.io.ImageFiles;

/**
 * The learning curves of a run as a picture ({@code curves.png}): the training loss over the
 * iterations (raw and smoothed, with the validation loss) on the first panel, the other
 * validation metrics on a second panel below it (left out when there are none).
 *
 * <p>Drawn with Java2D rather than a charting library: two panels of lines are a few hundred
 * lines of code, the result is the same on every machine and needs no further dependency
 * (XChart, the best-kept Java option, pulls in PDF and SVG writers this does not need), and the
 * details that matter here (smoothing, log axis, gaps at NaN, sparse validation points) are ours
 * to get right.
 */
public final class Curves {
    /** Default picture size in pixels. */
    public static final int WIDTH = 1100;
    public static final int HEIGHT = 720;

    /** How the loss axis is scaled. */
    public enum YScale {
        LINEAR,
        LOG,
        /** Logarithmic when the positive losses span more than a factor 20, else linear. */
        AUTO
    }

    private static final Color RAW = new Color(0x4E, 0x79, 0xA7, 90);
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xE15759), new Color(0xB07AA1),
        new Color(0x76B7B2), new Color(0xEDC948), new Color(0x9C755F), new Color(0xFF9DA7), new Color(0xBAB0AC)
    };

    private Curves() {
    }

    /** Renders at the default size with an automatic loss scale. */
    public static BufferedImage render(List<CurvePoint> points) {
        return render(points, WIDTH, HEIGHT, YScale.AUTO);
    }

    /** Renders the curves into a {@code width x height} RGB picture. */
    public static BufferedImage render(List<CurvePoint> points, int width, int height, YScale scale) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("curves need at least 200x150 pixels, got " + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            if (points.isEmpty()) {
                message(g, width, height, "no training log yet");
                return img;
            }
            List<String> metrics = validationMetrics(points);
            int split = metrics.isEmpty() ? height : (int) (height * 0.55);
            Panel loss = lossPanel(points, scale);
            Panel validation = metrics.isEmpty() ? null : validationPanel(points, metrics);
            FontMetrics fm = g.getFontMetrics(ChartPanel.FONT);
            int legend = Math.max(loss.chart().legendWidth(fm), validation == null ? 0 : validation.chart().legendWidth(fm));
            loss.chart().legendColumn(legend);
            loss.draw(g, new Rectangle(0, 0, width, split));
            if (validation != null) {
                validation.chart().legendColumn(legend);
                validation.draw(g, new Rectangle(0, split, width, height - split));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders at the default size and writes a PNG (atomically). */
    public static void write(Path png, List<CurvePoint> points) {
        ImageFiles.writePng(png, render(points));
    }

    /** Renders and writes a PNG (atomically). */
    public static void write(Path png, List<CurvePoint> points, int width, int height, YScale scale) {
        ImageFiles.writePng(png, render(points, width, height, scale));
    }

    /** A chart with its y range; a null range means there is nothing to plot. */
    private record Panel(ChartPanel chart, double[] range, String emptyMessage) {
        void draw(Graphics2D g, Rectangle area) {
            if (range == null) {
                chart.draw(g, area, 0.1, 1);
                message(g, area, emptyMessage);
            } else {
                chart.draw(g, area, range[0], range[1]);
            }
        }
    }

    private static Panel lossPanel(List<CurvePoint> points, YScale scale) {
        int n = points.size();
        double[] x = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = points.get(i).iteration();
            loss[i] = points.get(i).loss();
        }
        List<double[]> val = validationSeries(points, "loss");
        List<Double> all = new ArrayList<>();
        for (double v : loss) {
            all.add(v);
        }
        for (double v : val.get(1)) {
            all.add(v);
        }
        boolean log = switch (scale) {
            case LOG -> true;
            case LINEAR -> false;
            case AUTO -> spansFactor(all, 20);
        };
        double[] range = range(all, log);
        ChartPanel p = new ChartPanel("Loss", "loss", log);
        p.xRange(x[0], x[n - 1]);
        boolean smooth = n >= 20;
        p.add(new ChartPanel.Series("training loss" + (smooth ? " (raw)" : ""), smooth ? RAW : PALETTE[0], 1f, x, loss, false, smooth));
        if (smooth) {
            p.add(new ChartPanel.Series("training loss (smoothed)", PALETTE[0], 2.2f, x, smooth(loss, Math.max(2, n / 40)), false, true));
        }
        if (val.get(0).length > 0) {
            p.add(new ChartPanel.Series("validation loss", PALETTE[1], 2f, val.get(0), val.get(1), true, true));
        }
        return new Panel(p, range, "no finite loss values");
    }

    private static Panel validationPanel(List<CurvePoint> points, List<String> metrics) {
        ChartPanel p = new ChartPanel("Validation", "metric", false);
        p.xRange(points.get(0).iteration(), points.get(points.size() - 1).iteration());
        List<Double> all = new ArrayList<>();
        int k = 2;
        for (String m : metrics) {
            List<double[]> s = validationSeries(points, m);
            for (double v : s.get(1)) {
                all.add(v);
            }
            p.add(new ChartPanel.Series(pretty(m), PALETTE[k++ % PALETTE.length], 2f, s.get(0), s.get(1), true, true));
        }
        double[] r = range(all, false);
        boolean unit = all.stream().filter(Double::isFinite).allMatch(v -> v >= 0 && v <= 1);
        if (r != null && unit) {
            r[0] = Math.max(0, r[0]);
            r[1] = Math.min(1, r[1]);
        }
        return new Panel(p, r, "no finite validation values");
    }

    /** The validation metrics other than the loss, in column order of first appearance. */
    static List<String> validationMetrics(List<CurvePoint> points) {
        Set<String> names = new LinkedHashSet<>();
        for (CurvePoint p : points) {
            names.addAll(p.validation().keySet());
        }
        names.remove("loss");
        return new ArrayList<>(names);
    }

    /** The rows that have metric {@code name}: {x values, y values}. */
    private static List<double[]> validationSeries(List<CurvePoint> points, String name) {
        List<double[]> xy = new ArrayList<>();
        for (CurvePoint p : points) {
            Double v = p.validation().get(name);
            if (v != null) {
                xy.add(new double[] {p.iteration(), v});
            }
        }
        double[] xs = new double[xy.size()];
        double[] ys = new double[xy.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = xy.get(i)[0];
            ys[i] = xy.get(i)[1];
        }
        return List.of(xs, ys);
    }

    /** A display name for a metric key: "iou" -> "IoU", "pixel_error" -> "pixel error". */
    static String pretty(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "iou" -> "IoU";
            case "dice" -> "Dice";
            case "seg" -> "SEG";
            case "ap50", "ap@0.5", "ap_50" -> "AP@0.5";
            case "rand_error" -> "Rand error";
            case "vrand", "v_rand" -> "V_Rand";
            case "vinfo", "v_info" -> "V_Info";
            default -> key.replace('_', ' ');
        };
    }

    /** Centred moving average over {@code 2 * half + 1} rows, skipping non-finite values. */
    static double[] smooth(double[] y, int half) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            int count = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
                if (Double.isFinite(y[j])) {
                    sum += y[j];
                    count++;
                }
            }
            out[i] = count == 0 || !Double.isFinite(y[i]) ? Double.NaN : sum / count;
        }
        return out;
    }

    private static boolean spansFactor(List<Double> values, double factor) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : values) {
            if (Double.isFinite(v) && v > 0) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi > 0 && hi / lo > factor;
    }

    /** [lo, hi] of the usable values with a margin, or null if there are none. */
    private static double[] range(List<Double> values, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v) && (!log || v > 0)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return null;
        }
        if (log) {
            double f = hi > lo ? Math.pow(hi / lo, 0.05) : 2;
            return new double[] {lo / f, hi * f};
        }
        double pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(hi) * 0.1, 0.05);
        return new double[] {lo - pad, hi + pad};
    }

    private static void message(Graphics2D g, int width, int height, String text) {
        message(g, new Rectangle(0, 0, width, height), text);
    }

    private static void message(Graphics2D g, Rectangle area, String text) {
        g.setFont(ChartPanel.TITLE_FONT);
        g.setColor(ChartPanel.AXIS);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, area.x + (area.width - fm.stringWidth(text)) / 2, area.y + area.height / 2);
    }
}
