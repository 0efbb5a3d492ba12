package org.unet4j.loss;

import java.util.Locale;

/**
 * What the network learns to predict from the annotation.
 *
 * <ul>
 *   <li>{@link #CLASSES}: the label classes as given (the paper): background and foreground, or
 *       the K classes of a class map. Touching objects are kept apart by the separation borders
 *       and their weights alone.
 *   <li>{@link #CONTOURS}: three classes derived from instance labels: 0 background, 1 object
 *       interior, 2 object contour (the pixels of an object with an 8-neighbour outside it, after
 *       the separation borders). Each object's interior is then an island inside its contour
 *       ring, so touching objects come apart even where the network draws no gap between them;
 *       instances are the interiors grown back into their contours ({@code PostProcessing}). The
 *       idea of the three-class target is that of the 2018 Data Science Bowl's leading U-Net
 *       entries and of Cellpose/StarDist's motivation (merged touching nuclei); the network, loss,
 *       weight maps and augmentation stay the paper's.
 * </ul>
 */
public enum Target {
    /** The label classes as given (the paper). */
    CLASSES,
    /** Background, object interior and object contour, derived from instance labels. */
    CONTOURS;

    /** Class index of the interior under {@link #CONTOURS}. */
    public static final int INTERIOR = 1;
    /** Class index of the contour under {@link #CONTOURS}. */
    public static final int CONTOUR = 2;

    /** The network's number of classes for a label convention of {@code labelClasses} classes. */
    public int classes(int labelClasses) {
        return this == CONTOURS ? 3 : labelClasses;
    }

    /** The option value, e.g. {@code "contours"}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
