package org.unet4j.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.unet4j.data.Components;
import org.unet4j.data.LabelImage;

/**
 * The pictures of one {@link ImagePanel}, in report order: input, ground truth, weight map,
 * probability, predicted instances, error map; each with a caption. Pictures larger than
 * {@link #MAX_SIDE} are scaled down so that a report stays a few megabytes.
 */
final class PanelPictures {
    /** Largest side of a report picture in pixels. */
    static final int MAX_SIDE = 512;

    /** A picture and its caption; {@code kind} names the CSS class and the legend it needs. */
    record Picture(String kind, String caption, BufferedImage image) {
    }

    private PanelPictures() {
    }

    static List<Picture> of(ImagePanel panel) {
        int h = panel.input().height();
        int w = panel.input().width();
        BufferedImage input = Overlays.picture(panel.input());
        List<Picture> out = new ArrayList<>();
        out.add(new Picture("input", "input", input));
        boolean[] truth = null;
        boolean[] ignored = null;
        if (panel.truth() != null) {
            int[] t = panel.truth().labels();
            truth = new boolean[t.length];
            ignored = new boolean[t.length];
            boolean anyIgnored = false;
            for (int i = 0; i < t.length; i++) {
                truth[i] = t[i] > 0;
                ignored[i] = t[i] < 0;
                anyIgnored |= ignored[i];
            }
            ignored = anyIgnored ? ignored : null;
            int[] ids = instances(panel.truth(), truth);
            out.add(new Picture("truth", "ground truth (" + count(ids) + " objects)", Overlays.labels(input, ids, 0.4)));
        }
        if (panel.weights() != null) {
            double[] r = finiteRange(panel.weights());
            out.add(new Picture("weights", String.format(Locale.ROOT, "weight map, %.3g to %.3g", r[0], r[1]),
                    HeatMap.render(panel.weights(), h, w, r[0], r[1])));
        }
        if (panel.probability() != null) {
            out.add(new Picture("probability", "foreground probability 0 to 1", HeatMap.render(panel.probability(), h, w, 0, 1)));
        }
        boolean[] predicted = panel.predictedForeground();
        if (panel.predicted() != null) {
            int[] ids = instances(panel.predicted(), predicted);
            out.add(new Picture("predicted", "prediction (" + count(ids) + " objects)", Overlays.labels(input, ids, 0.4)));
        }
        if (truth != null && predicted != null) {
            int fp = 0;
            int fn = 0;
            int counted = 0;
            for (int i = 0; i < truth.length; i++) {
                if (ignored != null && ignored[i]) {
                    continue;
                }
                counted++;
                fp += predicted[i] && !truth[i] ? 1 : 0;
                fn += !predicted[i] && truth[i] ? 1 : 0;
            }
            String caption = String.format(Locale.ROOT, "errors: %.1f%% false positive, %.1f%% false negative",
                    100.0 * fp / Math.max(1, counted), 100.0 * fn / Math.max(1, counted));
            out.add(new Picture("errors", caption, Overlays.errors(predicted, truth, ignored, h, w)));
        }
        List<Picture> scaled = new ArrayList<>(out.size());
        for (Picture p : out) {
            scaled.add(new Picture(p.kind(), p.caption(), fit(p.image(), MAX_SIDE)));
        }
        return scaled;
    }

    /**
     * Ids to colour: the labels themselves when they hold several objects, else (a binary mask)
     * the 4-connected components of the foreground, so that regions get distinct colours.
     */
    private static int[] instances(LabelImage labels, boolean[] foreground) {
        int max = 0;
        for (int v : labels.labels()) {
            max = Math.max(max, v);
        }
        int distinct = 0;
        boolean[] seen = new boolean[Math.min(max, 1 << 20) + 1];
        for (int v : labels.labels()) {
            if (v > 0 && v < seen.length && !seen[v]) {
                seen[v] = true;
                distinct++;
            }
        }
        if (distinct > 1) {
            int[] ids = labels.labels().clone();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = Math.max(0, ids[i]);
            }
            return ids;
        }
        return Components.label(foreground, labels.height(), labels.width(), Components.Connectivity.FOUR).labels();
    }

    private static int count(int[] ids) {
        BitSet seen = new BitSet();
        for (int v : ids) {
            if (v > 0) {
                seen.set(v);
            }
        }
        return seen.cardinality();
    }

    private static double[] finiteRange(float[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > hi ? new double[] {0, 1} : new double[] {lo, hi};
    }

    /** {@code img} scaled down (halving, then bilinear) so that its larger side is at most {@code max}. */
    static BufferedImage fit(BufferedImage img, int max) {
        BufferedImage cur = img;
        while (Math.max(cur.getWidth(), cur.getHeight()) > max) {
            double f = Math.max(0.5, max / (double) Math.max(cur.getWidth(), cur.getHeight()));
            int w = Math.max(1, (int) Math.round(cur.getWidth() * f));
            int h = Math.max(1, (int) Math.round(cur.getHeight() * f));
            BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(cur, 0, 0, w, h, null);
            g.dispose();
            cur = next;
        }
        return cur;
    }
}
