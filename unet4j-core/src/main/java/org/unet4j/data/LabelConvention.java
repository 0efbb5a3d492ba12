package org.unet4j.data;

import java.util.Locale;
import org.unet4j.Naming;
import org.unet4j.Phrase;

/**
 * How the raw values of a training set's label files become classes (and instances): the
 * result of {@link LabelConventions#resolve}, printed by the command line.
 *
 * @param kind the convention
 * @param classes the number of classes K (2 for binary and instances)
 * @param ignore the raw value mapped to {@link SegmentationSample#IGNORE}, or null
 * @param detected whether the kind was detected rather than given
 * @param why why this kind: the values seen, and for a detected kind the rule that chose it and how
 *     to override it (which names settings, so it is a {@link Phrase}; {@link #reason()} in the library's words)
 */
public record LabelConvention(Kind kind, int classes, Integer ignore, boolean detected, Phrase why) {
    /** Resolved conventions. */
    public enum Kind {
        /** Raw 0 is class 0, every other raw value class 1. */
        BINARY,
        /** Raw values are class indices 0..K-1. */
        CLASSES,
        /** Raw 0 is background (class 0), every other value an object id (class 1). */
        INSTANCES
    }

    public LabelConvention {
        if (classes < 2) {
            throw new IllegalArgumentException("a convention needs at least 2 classes, got " + classes);
        }
        if (why == null) {
            throw new IllegalArgumentException("a convention needs a reason");
        }
    }

    /** A convention whose reason names no setting (it reads the same in every naming). */
    public LabelConvention(Kind kind, int classes, Integer ignore, boolean detected, String reason) {
        this(kind, classes, ignore, detected, Phrase.plain(reason));
    }

    /** The class index of raw value {@code v} ({@link SegmentationSample#IGNORE} for the ignore value). */
    public int classOf(int v) {
        if (ignore != null && v == ignore) {
            return SegmentationSample.IGNORE;
        }
        return kind == Kind.CLASSES ? v : v != 0 ? 1 : 0;
    }

    /** Why this kind, in the library's words: the values seen, and for a detected kind the rule that chose it and how to override it. */
    public String reason() {
        return why.in(Naming.LIBRARY);
    }

    /** One line in the library's words, e.g. {@code binary (detected: every label holds only 0 and 255): 0 -> class 0, 255 -> class 1}. */
    public String describe() {
        return describe(Naming.LIBRARY);
    }

    /** {@link #describe()} with the settings in the reason named in the words of {@code naming}. */
    public String describe(Naming naming) {
        String name = kind.name().toLowerCase(Locale.ROOT);
        String mapping = switch (kind) {
            case BINARY -> "0 -> class 0, other values -> class 1";
            case CLASSES -> "values 0.." + (classes - 1) + " are the classes";
            case INSTANCES -> "0 -> background (class 0), each other value one object (class 1)";
        };
        return name + " (" + (detected ? "detected: " : "given: ") + why.in(naming) + "); " + mapping
                + (ignore == null ? "" : "; value " + ignore + " ignored (excluded from the loss)");
    }
}
