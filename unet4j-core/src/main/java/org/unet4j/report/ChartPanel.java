package org.unet4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One panel of a line chart drawn with Java2D: frame, grid, "nice" ticks on a linear or
 * logarithmic y axis, any number of series (lines broken at non-finite values, optional point
 * markers) and a legend beside the plot. Used by {@link Curves}.
 */
final class ChartPanel {
    static final Color TEXT = new Color(0x33, 0x33, 0x33);
    static final Color GRID = new Color(0xE6, 0xE6, 0xE6);
    static final Color AXIS = new Color(0x99, 0x99, 0x99);
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    /** A line (and optionally markers) through (x[i], y[i]); non-finite y values break the line. */
    record Series(String name, Color color, float width, double[] x, double[] y, boolean markers, boolean inLegend) {
    }

    private final String title;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private double x0;
    private double x1;
    private int legendColumn;

    ChartPanel(String title, String yLabel, boolean logY) {
        this.title = title;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    void add(Series s) {
        series.add(s);
    }

    void xRange(double lo, double hi) {
        x0 = hi > lo ? lo : lo - 1;
        x1 = hi > lo ? hi : lo + 1;
    }

    /** Draws the panel into {@code area} with the y range [yLo, yHi] (data units). */
    void draw(Graphics2D g, Rectangle area, double yLo, double yHi) {
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        FontMetrics tm = g.getFontMetrics();
        g.drawString(title, area.x + 4, area.y + tm.getAscent());
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        double[] yTicks = logY ? logTicks(yLo, yHi) : linearTicks(yLo, yHi, Math.max(3, area.height / 60));
        int labelWidth = 0;
        for (double t : yTicks) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(format(t)));
        }
        int left = area.x + fm.getHeight() + Math.max(labelWidth, fm.stringWidth("0.0000")) + 14;
        int top = area.y + tm.getHeight() + 10;
        int legend = Math.max(legendColumn, legendWidth(fm));
        int right = area.x + area.width - 12 - (legend > 0 ? legend + 16 : fm.stringWidth(format(x1)) / 2);
        int bottom = area.y + area.height - 2 * fm.getHeight() - 8;
        Rectangle plot = new Rectangle(left, top, Math.max(10, right - left), Math.max(10, bottom - top));
        double ty0 = transform(yLo);
        double ty1 = transform(yHi);
        if (!(ty1 > ty0)) {
            ty1 = ty0 + 1;
        }

        // grid and y ticks
        for (double t : yTicks) {
            int py = py(plot, transform(t), ty0, ty1);
            g.setColor(GRID);
            g.drawLine(plot.x, py, plot.x + plot.width, py);
            g.setColor(TEXT);
            String s = format(t);
            g.drawString(s, plot.x - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        double[] xTicks = linearTicks(x0, x1, Math.max(3, plot.width / 110));
        for (double t : xTicks) {
            int px = px(plot, t);
            g.setColor(GRID);
            g.drawLine(px, plot.y, px, plot.y + plot.height);
            g.setColor(TEXT);
            String s = format(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, plot.y + plot.height + fm.getAscent() + 5);
        }
        g.setColor(AXIS);
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        g.setColor(TEXT);
        String xLabel = "iteration";
        g.drawString(xLabel, plot.x + plot.width / 2 - fm.stringWidth(xLabel) / 2, plot.y + plot.height + 2 * fm.getHeight() + 6);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        String yl = yLabel + (logY ? " (log scale)" : "");
        r.drawString(yl, -(plot.y + plot.height / 2 + fm.stringWidth(yl) / 2), area.x + fm.getAscent());
        r.dispose();

        Graphics2D clip = (Graphics2D) g.create();
        clip.clipRect(plot.x + 1, plot.y + 1, plot.width - 1, plot.height - 1);
        for (Series s : series) {
            drawSeries(clip, plot, s, ty0, ty1);
        }
        clip.dispose();
        drawLegend(g, plot, fm);
    }

    private void drawSeries(Graphics2D g, Rectangle plot, Series s, double ty0, double ty1) {
        g.setColor(s.color());
        g.setStroke(new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean open = false;
        int drawn = 0;
        for (int i = 0; i < s.x().length; i++) {
            double y = s.y()[i];
            if (!usable(y)) {
                open = false;
                continue;
            }
            double px = pxd(plot, s.x()[i]);
            double py = pyd(plot, transform(y), ty0, ty1);
            if (open) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                open = true;
            }
            drawn++;
        }
        g.draw(path);
        if (s.markers() || drawn == 1) {
            double r = Math.max(2.5, s.width() + 1.5);
            for (int i = 0; i < s.x().length; i++) {
                if (usable(s.y()[i])) {
                    double px = pxd(plot, s.x()[i]);
                    double py = pyd(plot, transform(s.y()[i]), ty0, ty1);
                    g.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
                }
            }
        }
    }

    /** Reserves at least {@code px} pixels right of the plot for the legend (to align panels above each other). */
    void legendColumn(int px) {
        legendColumn = px;
    }

    /** Width of the legend box (0 without legend entries). */
    int legendWidth(FontMetrics fm) {
        int width = 0;
        for (Series s : series) {
            if (s.inLegend()) {
                width = Math.max(width, fm.stringWidth(s.name()) + 44);
            }
        }
        return width;
    }

    /** The legend, right of the plot at its top, so that it never hides data. */
    private void drawLegend(Graphics2D g, Rectangle plot, FontMetrics fm) {
        List<Series> shown = series.stream().filter(Series::inLegend).toList();
        if (shown.isEmpty()) {
            return;
        }
        int line = fm.getHeight() + 2;
        int w = Math.max(legendColumn, legendWidth(fm));
        int h = shown.size() * line + 10;
        int x = plot.x + plot.width + 12;
        int y = plot.y;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRoundRect(x, y, w, h, 8, 8);
        g.setColor(GRID.darker());
        g.setStroke(new BasicStroke(1f));
        g.drawRoundRect(x, y, w, h, 8, 8);
        for (int k = 0; k < shown.size(); k++) {
            Series s = shown.get(k);
            int cy = y + 5 + k * line + line / 2;
            g.setColor(s.color());
            g.setStroke(new BasicStroke(Math.max(2f, s.width()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.drawLine(x + 8, cy, x + 30, cy);
            if (s.markers()) {
                g.fill(new Ellipse2D.Double(x + 19 - 3.5, cy - 3.5, 7, 7));
            }
            g.setColor(TEXT);
            g.drawString(s.name(), x + 36, cy + fm.getAscent() / 2 - 1);
        }
    }

    private boolean usable(double y) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    private double transform(double y) {
        return logY ? Math.log10(y) : y;
    }

    private double pxd(Rectangle plot, double x) {
        return plot.x + (x - x0) / (x1 - x0) * plot.width;
    }

    private int px(Rectangle plot, double x) {
        return (int) Math.round(pxd(plot, x));
    }

    private static double pyd(Rectangle plot, double ty, double ty0, double ty1) {
        return plot.y + plot.height - (ty - ty0) / (ty1 - ty0) * plot.height;
    }

    private static int py(Rectangle plot, double ty, double ty0, double ty1) {
        return (int) Math.round(pyd(plot, ty, ty0, ty1));
    }

    /** Ticks at 1, 2 or 5 times a power of ten, about {@code target} of them, inside [lo, hi]. */
    static double[] linearTicks(double lo, double hi, int target) {
        double span = hi - lo;
        if (!(span > 0) || !Double.isFinite(span)) {
            return new double[] {lo};
        }
        double raw = span / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Ticks for a log axis over [lo, hi] (both > 0): decades, or 1-2-5 steps when the range is short. */
    static double[] logTicks(double lo, double hi) {
        double a = Math.floor(Math.log10(lo));
        double b = Math.ceil(Math.log10(hi));
        List<Double> ticks = new ArrayList<>();
        double[] mults = b - a <= 2 ? new double[] {1, 2, 5} : new double[] {1};
        for (double e = a; e <= b; e++) {
            for (double m : mults) {
                double t = m * Math.pow(10, e);
                if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) {
                    ticks.add(t);
                }
            }
        }
        if (ticks.size() < 2) {
            return linearTicks(lo, hi, 4);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Short tick text: 1200 -> "1,200", 0.05 -> "0.05", 1e-4 -> "1e-4". */
    static String format(double v) {
        double a = Math.abs(v);
        if (v == 0) {
            return "0";
        }
        if (a >= 1e6 || a < 1e-3) {
            int e = (int) Math.floor(Math.log10(a));
            double m = v / Math.pow(10, e);
            if (Math.abs(m) >= 9.995) {
                m /= 10;
                e++;
            }
            return trim(String.format(Locale.ROOT, "%.2f", m)) + "e" + e;
        }
        if (a >= 1000) {
            return String.format(Locale.US, "%,.0f", v);
        }
        return trim(String.format(Locale.ROOT, "%.4f", v));
    }

    private static String trim(String decimal) {
        String s = decimal.contains(".") ? decimal.replaceAll("0+$", "") : decimal;
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
