package org.unet4j.data;

import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/**
 * How label files are to be read, as the user gave it ({@code --labels-as}, {@code --classes},
 * {@code --ignore}); {@link LabelConventions#resolve} turns it into a {@link LabelConvention}.
 *
 * @param mode the convention, or {@link Mode#AUTO} to detect it
 * @param classes the number of classes K, or 0 when not given
 * @param ignore the raw label value whose pixels are excluded from the loss, or null for none
 */
public record LabelOptions(Mode mode, int classes, Integer ignore) {
    /** Label conventions a user can choose. */
    public enum Mode {
        /** Detect from the values and bit depths (see {@link LabelConventions}). */
        AUTO,
        /** 0 is class 0, every other value class 1 (masks 0/255 or 0/1). */
        BINARY,
        /** Values are class indices 0..K-1. */
        CLASSES,
        /** 0 is background, every other value one object (instance id); classes background/object. */
        INSTANCES
    }

    /** Detection, no class count, no ignore value. */
    public static final LabelOptions AUTO = new LabelOptions(Mode.AUTO, 0, null);

    public LabelOptions {
        if (mode == null) {
            throw new IllegalArgumentException("label mode is null");
        }
        if (classes == 1 || classes < 0) {
            throw InvalidInputException.of("%s is not valid; expected 2 or more (background counts as a class)", Setting.CLASSES.is(classes));
        }
        if ((mode == Mode.BINARY || mode == Mode.INSTANCES) && classes > 2) {
            throw InvalidInputException.of("%s does not fit %s, which gives 2 classes; use %s for %d classes", Setting.CLASSES.is(classes),
                    Setting.LABELS_AS.is(mode.name().toLowerCase(Locale.ROOT)), Setting.LABELS_AS.is("classes"), classes);
        }
    }
}
