package org.unet4j.augment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unet4j.InvalidInputException;

/**
 * What the {@link Augmenter} may do to a training sample, and how strongly. Every magnitude is the
 * limit of a range that each sample draws from uniformly (relative changes log-uniformly, so that
 * shrinking and growing are equally likely); 0 switches a transform off.
 *
 * <p>Presets ({@link Preset}): {@link #none()}, {@link #paper()} (the paper's recipe: elastic
 * deformation on a 3x3 grid with sigma 10 px, rotation by any angle, flips, mild gray-value
 * changes), a light one (the paper's magnitudes halved) and a strong one (larger deformation, plus
 * scaling, noise and blur). {@link #scaled(double)} scales all magnitudes by one factor, and
 * {@link #parse(String)} turns a command-line value ({@code none|light|paper|strong} or a factor
 * relative to {@code paper}) into parameters.
 *
 * <p>Shifts: {@link Augmenter#tile} already places its window uniformly at random over the image,
 * which is the paper's shift; {@link #shift} adds a further random (sub-pixel) offset and matters
 * mostly for whole-image augmentation ({@link Augmenter#augment}).
 *
 * @param elasticGrid control points per side of the coarse grid of random displacement vectors
 *     (paper: 3), spanning the tile from corner to corner
 * @param elasticSigma standard deviation of each displacement component at the grid points, in
 *     pixels (paper: 10)
 * @param rotation largest rotation angle in degrees; angles are drawn from [-rotation, rotation]
 *     (180 = any angle)
 * @param flips which mirror images and quarter turns are drawn
 * @param shift largest extra offset in pixels, per axis
 * @param scale largest relative size change: magnification drawn log-uniformly from
 *     [1/(1+scale), 1+scale]
 * @param brightness largest additive gray-value change, in standard deviations of the tile
 * @param contrast largest relative contrast change about the tile mean: factor from
 *     [1/(1+contrast), 1+contrast]
 * @param gamma largest relative change of the gamma exponent applied to the tile's gray-value
 *     range: exponent from [1/(1+gamma), 1+gamma]
 * @param noise largest standard deviation of added Gaussian noise, in standard deviations of the
 *     tile (each tile draws its own noise level from [0, noise])
 * @param blur largest Gaussian blur sigma in pixels (each tile draws from [0, blur])
 */
public record AugmentParams(int elasticGrid, double elasticSigma, double rotation, Flips flips, double shift, double scale,
        double brightness, double contrast, double gamma, double noise, double blur) {

    /** Which of the eight symmetries of the square (mirror images and quarter turns) are drawn. */
    public enum Flips {
        /** The orientation is kept. */
        NONE,
        /** Left-right mirror images only (for images whose up and down differ). */
        HORIZONTAL,
        /** All eight: mirror images and rotations by multiples of 90 degrees, each equally likely. */
        DIHEDRAL
    }

    /** Named strengths for the command line ({@code --augment none|light|paper|strong}). */
    public enum Preset {
        /** No augmentation: tiles are plain crops (with mirroring at the image borders). */
        NONE,
        /** The paper's magnitudes halved. */
        LIGHT,
        /** The paper's recipe. */
        PAPER,
        /** Larger deformations and gray-value changes, plus scaling, noise and blur. */
        STRONG;

        /** The parameters of this preset. */
        public AugmentParams params() {
            return switch (this) {
                case NONE -> none();
                case LIGHT -> paper().scaled(0.5);
                case PAPER -> paper();
                case STRONG -> new AugmentParams(3, 15, 180, Flips.DIHEDRAL, 0, 0.15, 0.2, 0.2, 0.2, 0.05, 1.0);
            };
        }
    }

    public AugmentParams {
        if (elasticGrid < 2 || elasticGrid > 64) {
            throw new InvalidInputException("elastic grid " + elasticGrid + " is out of range; use 2 to 64 control points per side"
                    + " (the paper uses 3)");
        }
        check("elastic sigma", elasticSigma, 1000, "px (the paper uses 10; 0 switches deformation off)");
        check("rotation", rotation, 180, "degrees (180 = any angle)");
        if (flips == null) {
            throw new InvalidInputException("flips must be one of none, horizontal, dihedral");
        }
        check("shift", shift, 100_000, "px");
        check("scale", scale, 1, "(0.2 = sizes from 1/1.2 to 1.2)");
        check("brightness", brightness, 10, "standard deviations");
        check("contrast", contrast, 1, "(0.2 = factors from 1/1.2 to 1.2)");
        check("gamma", gamma, 1, "(0.2 = exponents from 1/1.2 to 1.2)");
        check("noise", noise, 10, "standard deviations");
        check("blur", blur, 20, "px");
    }

    private static void check(String name, double value, double max, String unit) {
        if (!(value >= 0 && value <= max)) {
            throw new InvalidInputException("augmentation " + name + " " + value + " is out of range; use 0 to " + fmt(max) + " " + unit);
        }
    }

    /** No augmentation at all. */
    public static AugmentParams none() {
        return new AugmentParams(3, 0, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * The paper's recipe: elastic deformation from a 3x3 grid of displacements with sigma 10 px,
     * rotation by any angle, mirror images and quarter turns, and gray-value changes of 10 %
     * (brightness, contrast, gamma). No scaling (a microscope fixes the size of cells), no noise,
     * no blur.
     */
    public static AugmentParams paper() {
        return new AugmentParams(3, 10, 180, Flips.DIHEDRAL, 0, 0, 0.1, 0.1, 0.1, 0, 0);
    }

    /**
     * These parameters with every magnitude multiplied by {@code factor} (rotation capped at 180
     * degrees, relative changes at 1). Factor 0 gives {@link #none()}, flips included.
     */
    public AugmentParams scaled(double factor) {
        if (!(factor >= 0 && factor <= 10)) {
            throw new InvalidInputException("augmentation strength " + factor + " is out of range; use a factor from 0 (none)"
                    + " to 10 (1 = paper)");
        }
        if (factor == 0) {
            return new AugmentParams(elasticGrid, 0, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0);
        }
        return new AugmentParams(elasticGrid, elasticSigma * factor, Math.min(180, rotation * factor), flips, shift * factor,
                Math.min(1, scale * factor), brightness * factor, Math.min(1, contrast * factor), Math.min(1, gamma * factor),
                noise * factor, blur * factor);
    }

    /**
     * Parameters from a command-line value: a preset name ({@code none}, {@code light},
     * {@code paper}, {@code strong}, any case) or a factor relative to {@code paper} ({@code 0.5},
     * {@code 1.5}; 0 = none).
     *
     * @throws InvalidInputException naming the value if it is neither
     */
    public static AugmentParams parse(String text) {
        String t = text == null ? "" : text.trim();
        for (Preset p : Preset.values()) {
            if (p.name().equalsIgnoreCase(t)) {
                return p.params();
            }
        }
        double factor;
        try {
            factor = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("augmentation strength '" + text + "' is neither a preset nor a number; use none,"
                    + " light, paper, strong or a factor relative to paper such as 0.5 or 1.5");
        }
        return paper().scaled(factor);
    }

    /**
     * True when nothing changes a sample: tiles are plain (mirror-extended) crops. Not a JSON
     * property: a run's config.json must read back into the same parameters.
     */
    @JsonIgnore
    public boolean isNone() {
        return !hasGeometry() && !hasGrayValues();
    }

    /** True when some transform moves pixels. */
    boolean hasGeometry() {
        return elasticSigma > 0 || rotation > 0 || flips != Flips.NONE || shift > 0 || scale > 0;
    }

    /** True when some transform changes gray values. */
    boolean hasGrayValues() {
        return brightness > 0 || contrast > 0 || gamma > 0 || noise > 0 || blur > 0;
    }

    /**
     * One line for logs and reports naming the transforms that are on, e.g.
     * {@code elastic 3x3 sigma 10 px, rotation +-180 deg, flips dihedral, brightness 0.1, ...};
     * {@code none} when nothing is.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (elasticSigma > 0) {
            parts.add("elastic " + elasticGrid + "x" + elasticGrid + " sigma " + fmt(elasticSigma) + " px");
        }
        if (rotation > 0) {
            parts.add("rotation +-" + fmt(rotation) + " deg");
        }
        if (flips != Flips.NONE) {
            parts.add("flips " + flips.name().toLowerCase(Locale.ROOT));
        }
        if (shift > 0) {
            parts.add("shift +-" + fmt(shift) + " px");
        }
        String[] names = {"scale", "brightness", "contrast", "gamma", "noise"};
        double[] values = {scale, brightness, contrast, gamma, noise};
        for (int i = 0; i < names.length; i++) {
            if (values[i] > 0) {
                parts.add(names[i] + " " + fmt(values[i]));
            }
        }
        if (blur > 0) {
            parts.add("blur " + fmt(blur) + " px");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String fmt(double v) {
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
