package org.unet4j.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.unet4j.io.AtomicFiles;

/**
 * The run report: one self-contained HTML file (pictures embedded as PNG data, inline CSS, no
 * script, no font or anything else fetched) that any browser shows offline and that can be mailed
 * or archived as it is. Sections: summary cards, metrics table, learning curves, example images
 * (input, ground truth, weight map, probability, prediction, errors), configuration, notes.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the report to {@code html} atomically (a reader never sees half a file). */
    public static void write(Path html, ReportData data) {
        AtomicFiles.writeString(html, render(data));
    }

    /** The report as HTML text. */
    public static String render(ReportData data) {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(data.title())).append("</title>\n<style>\n").append(ReportStyle.CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        b.append("<header>\n<h1>").append(esc(data.title())).append("</h1>\n")
                .append("<p class=\"sub\">unet4j report: U-Net segmentation (Ronneberger, Fischer &amp; Brox, MICCAI 2015)</p>\n")
                .append("<nav>").append(nav(data)).append("</nav>\n</header>\n");
        summary(b, data.summary());
        metrics(b, data.metrics());
        curves(b, data.curve());
        examples(b, data.images());
        config(b, data.config());
        notes(b, data.notes());
        b.append("<footer>Self-contained report written by unet4j; all pictures are embedded.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String nav(ReportData d) {
        List<String> links = new ArrayList<>();
        links.add("<a href=\"#metrics\">Metrics</a>");
        links.add("<a href=\"#curves\">Training curves</a>");
        links.add("<a href=\"#examples\">Examples</a>");
        links.add("<a href=\"#config\">Configuration</a>");
        if (!d.notes().isEmpty()) {
            links.add("<a href=\"#notes\">Notes</a>");
        }
        return String.join(" ", links);
    }

    private static void summary(StringBuilder b, Map<String, String> summary) {
        b.append("<section id=\"summary\">\n");
        if (!summary.isEmpty()) {
            b.append("<div class=\"cards\">\n");
            for (Map.Entry<String, String> e : summary.entrySet()) {
                b.append("<div class=\"card\"><div class=\"value\">").append(esc(e.getValue())).append("</div><div class=\"label\">")
                        .append(esc(e.getKey())).append("</div></div>\n");
            }
            b.append("</div>\n");
        }
        b.append("</section>\n");
    }

    private static void metrics(StringBuilder b, List<MetricRow> rows) {
        b.append("<section id=\"metrics\">\n<h2>Metrics</h2>\n");
        if (rows.isEmpty()) {
            b.append("<p class=\"empty\">No evaluation in this run.</p>\n</section>\n");
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        for (MetricRow r : rows) {
            columns.addAll(r.values().keySet());
        }
        b.append("<table class=\"metrics\">\n<thead><tr><th>image</th>");
        for (String c : columns) {
            b.append("<th class=\"num\">").append(esc(c)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (MetricRow r : rows) {
            b.append(r.summary() ? "<tr class=\"summary\">" : "<tr>").append("<td>").append(esc(r.name())).append("</td>");
            for (String c : columns) {
                Double v = r.values().get(c);
                b.append("<td class=\"num\">").append(v == null || v.isNaN() ? "&ndash;" : esc(number(v))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void curves(StringBuilder b, List<CurvePoint> curve) {
        b.append("<section id=\"curves\">\n<h2>Training curves</h2>\n");
        if (curve.isEmpty()) {
            b.append("<p class=\"empty\">No training log.</p>\n</section>\n");
            return;
        }
        CurvePoint last = curve.get(curve.size() - 1);
        b.append("<p class=\"caption\">").append(curve.size()).append(" logged points up to iteration ")
                .append(esc(String.format(Locale.US, "%,d", last.iteration())));
        if (Double.isFinite(last.seconds())) {
            b.append(", ").append(esc(duration(last.seconds())));
        }
        b.append(". The smoothed loss is a centred moving average of the raw values.</p>\n");
        b.append("<img class=\"curves\" alt=\"loss and validation curves\" src=\"").append(dataUri(Curves.render(curve)))
                .append("\">\n</section>\n");
    }

    private static void examples(StringBuilder b, List<ImagePanel> images) {
        b.append("<section id=\"examples\">\n<h2>Examples</h2>\n");
        if (images.isEmpty()) {
            b.append("<p class=\"empty\">No example images.</p>\n</section>\n");
            return;
        }
        b.append("<div class=\"legend\">")
                .append("<span><i class=\"sw\" style=\"background:#ffffff\"></i>true positive</span>")
                .append("<span><i class=\"sw\" style=\"background:#000000\"></i>true negative</span>")
                .append("<span><i class=\"sw\" style=\"background:").append(hex(Overlays.FALSE_POSITIVE))
                .append("\"></i>false positive (predicted, not in truth)</span>")
                .append("<span><i class=\"sw\" style=\"background:").append(hex(Overlays.FALSE_NEGATIVE))
                .append("\"></i>false negative (missed)</span>")
                .append("<span><img class=\"bar\" alt=\"\" src=\"").append(dataUri(HeatMap.colorBar(120, 10)))
                .append("\">heat maps: low to high</span></div>\n");
        for (ImagePanel p : images) {
            b.append("<article class=\"example\">\n<h3>").append(esc(p.name())).append(" <span class=\"dim\">")
                    .append(esc(p.input().sizeText())).append("</span></h3>\n<div class=\"grid\">\n");
            for (PanelPictures.Picture pic : PanelPictures.of(p)) {
                b.append("<figure class=\"").append(pic.kind()).append("\"><img alt=\"").append(esc(pic.kind() + " of " + p.name()))
                        .append("\" src=\"").append(dataUri(pic.image())).append("\"><figcaption>").append(esc(pic.caption()))
                        .append("</figcaption></figure>\n");
            }
            b.append("</div>\n</article>\n");
        }
        b.append("</section>\n");
    }

    private static void config(StringBuilder b, Map<String, Object> config) {
        b.append("<section id=\"config\">\n<h2>Configuration</h2>\n");
        if (config.isEmpty()) {
            b.append("<p class=\"empty\">No configuration recorded.</p>\n</section>\n");
            return;
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", config, flat);
        b.append("<table class=\"kv\">\n<tbody>\n");
        for (Map.Entry<String, String> e : flat.entrySet()) {
            b.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void notes(StringBuilder b, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        b.append("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
        for (String n : notes) {
            b.append("<li>").append(esc(n)).append("</li>\n");
        }
        b.append("</ul>\n</section>\n");
    }

    /** Nested maps become dotted keys, lists of plain values one line, other lists indexed keys. */
    static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty() && !prefix.isEmpty()) {
                out.put(prefix, "{}");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (value instanceof List<?> l) {
            boolean plain = l.stream().noneMatch(v -> v instanceof Map || v instanceof List);
            if (plain) {
                List<String> parts = new ArrayList<>();
                for (Object v : l) {
                    parts.add(text(v));
                }
                out.put(prefix, "[" + String.join(", ", parts) + "]");
            } else {
                for (int i = 0; i < l.size(); i++) {
                    flatten(prefix + "[" + i + "]", l.get(i), out);
                }
            }
        } else {
            out.put(prefix, text(value));
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f.doubleValue());
        }
        return String.valueOf(v);
    }

    /** A table number: integers as such, others with 4 significant decimals. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.US, "%,d", (long) v);
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.US, "%,.1f", v);
        }
        if (a >= 1e-3) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return ChartPanel.format(v);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** A PNG data URI of {@code img}. */
    static String dataUri(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(grayIfPossible(img), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a report picture as PNG: " + e.getMessage(), e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** An 8-bit gray copy of an RGB picture whose pixels are all gray (a third of the PNG size), else the picture. */
    private static BufferedImage grayIfPossible(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int[] gray = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int r = (rgb[i] >> 16) & 255;
            if (r != ((rgb[i] >> 8) & 255) || r != (rgb[i] & 255)) {
                return img;
            }
            gray[i] = r;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setSamples(0, 0, w, h, 0, gray);
        return out;
    }

    private static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    /** HTML text escaping. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
