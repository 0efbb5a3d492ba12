package org.unet4j.infer;

import org.unet4j.data.Components;
import org.unet4j.data.Components.Connectivity;
import org.unet4j.data.LabelImage;

/**
 * Instance labels from a semantic prediction: the connected components of the foreground,
 * numbered 1..n in raster order (0 = background).
 *
 * <p>4-connectivity is used on purpose: the U-Net learns to put thin separation borders between
 * touching cells (the paper's weight map), and a border one pixel wide that runs diagonally
 * separates two cells only under 4-connectivity; under 8-connectivity its diagonal neighbours
 * would join them.
 */
public final class Instances {
    private Instances() {
    }

    /**
     * The instances of {@code mask} ({@code height x width}, row-major), dropping components of fewer
     * than {@code minSize} pixels (0 or 1 keeps all) and renumbering the rest 1..n.
     */
    public static LabelImage fromForeground(boolean[] mask, int height, int width, int minSize) {
        Components.Labelling l = Components.label(mask, height, width, Connectivity.FOUR);
        int[] labels = l.labels();
        if (minSize <= 1 || l.count() == 0) {
            return new LabelImage(height, width, labels);
        }
        int[] size = new int[l.count() + 1];
        for (int v : labels) {
            size[v]++;
        }
        int[] id = new int[l.count() + 1];
        int next = 0;
        for (int c = 1; c <= l.count(); c++) {
            id[c] = size[c] >= minSize ? ++next : 0;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = id[labels[i]];
        }
        return new LabelImage(height, width, labels);
    }

    /**
     * The instances of a prediction as the paper's pipeline derives them: the 4-connected components
     * of the foreground of the arg-max class map (every class but 0), smaller than {@code minSize}
     * pixels dropped.
     */
    public static LabelImage fromPrediction(Prediction p, int minSize) {
        return fromForeground(p.labels().foreground(), p.height(), p.width(), minSize);
    }

    /** The instances of the pixels whose class in {@code classes} is {@code foregroundClass}. */
    public static LabelImage fromClasses(LabelImage classes, int foregroundClass, int minSize) {
        int[] c = classes.labels();
        boolean[] mask = new boolean[c.length];
        for (int i = 0; i < c.length; i++) {
            mask[i] = c[i] == foregroundClass;
        }
        return fromForeground(mask, classes.height(), classes.width(), minSize);
    }
}
