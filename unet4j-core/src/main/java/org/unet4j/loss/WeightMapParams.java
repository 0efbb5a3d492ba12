package org.unet4j.loss;

import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/**
 * Parameters of the paper's weight map w(x) = w_c(class(x)) + [x is background] * w0 *
 * exp(-(d1 + d2)^2 / (2 sigma^2)).
 *
 * @param w0 weight of the separation-border term, {@code >= 0} (0 disables it); the paper uses 10
 * @param sigma width of the border term in pixels, {@code > 0}; the paper uses 5
 * @param classWeights how the class term w_c is chosen
 * @param target what the network learns: the label classes as given (the paper) or background /
 *     interior / contour derived from instances ({@link Target}); null (a config written before
 *     targets existed) reads as {@link Target#CLASSES}
 */
public record WeightMapParams(double w0, double sigma, ClassWeightMode classWeights, Target target) {
    /** The paper's w0. */
    public static final double PAPER_W0 = 10;
    /** The paper's sigma in pixels. */
    public static final double PAPER_SIGMA = 5;

    public WeightMapParams {
        if (!(w0 >= 0) || Double.isInfinite(w0)) {
            throw InvalidInputException.of("w0 %s is out of range; %s must be a finite value >= 0, e.g. 10 (paper) or 0 for no border term",
                    w0, Setting.W0);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw InvalidInputException.of("sigma %s is out of range; %s must be a finite value > 0 in pixels, e.g. 5 (paper)", sigma,
                    Setting.SIGMA);
        }
        if (classWeights == null) {
            throw InvalidInputException.of("no class-weight mode given; use %s or none", Setting.CLASS_WEIGHTS.is("balanced"));
        }
        if (target == null) {
            target = Target.CLASSES;
        }
    }

    /** The weight map of the paper's target ({@link Target#CLASSES}). */
    public WeightMapParams(double w0, double sigma, ClassWeightMode classWeights) {
        this(w0, sigma, classWeights, Target.CLASSES);
    }

    /** These parameters with another target. */
    public WeightMapParams withTarget(Target v) {
        return new WeightMapParams(w0, sigma, classWeights, v);
    }

    /** The paper's parameters: w0 = 10, sigma = 5 px, balanced class weights. */
    public static WeightMapParams paper() {
        return new WeightMapParams(PAPER_W0, PAPER_SIGMA, ClassWeightMode.BALANCED);
    }
}
