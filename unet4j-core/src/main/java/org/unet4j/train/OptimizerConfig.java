package org.unet4j.train;

import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/**
 * The optimizer: the paper's SGD with high momentum (0.99: "a large number of the previously seen
 * training samples determine the update in the current optimization step"), or Adam.
 *
 * @param kind SGD (paper) or ADAM
 * @param learningRate step size (> 0)
 * @param momentum SGD momentum in [0, 1) (ignored by Adam)
 * @param weightDecay L2 penalty (>= 0; 0 in the paper)
 * @param clipNorm the largest total L2 norm of the gradients of one step: larger gradients are scaled
 *     down to it before the update (0 = no limit; see docs/TRAINING.md, "Training that dies")
 */
public record OptimizerConfig(Kind kind, double learningRate, double momentum, double weightDecay, double clipNorm) {
    /** The optimization algorithm. */
    public enum Kind {
        /** Stochastic gradient descent with momentum (paper). */
        SGD,
        /** Adam (Kingma and Ba), an alternative that is less sensitive to the learning rate. */
        ADAM
    }

    public OptimizerConfig {
        if (kind == null) {
            throw InvalidInputException.of("%s must be sgd or adam", Setting.OPTIMIZER);
        }
        if (!(learningRate > 0 && learningRate < 10)) {
            throw InvalidInputException.of("%s is out of range; use a value in (0, 10), e.g. 0.01 for SGD or 0.001 for Adam",
                    Setting.LR.is(learningRate));
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw InvalidInputException.of("%s is out of range; use a value in [0, 1), e.g. 0.99 (paper)", Setting.MOMENTUM.is(momentum));
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw InvalidInputException.of("%s is out of range; use a value in [0, 1)", Setting.WEIGHT_DECAY.is(weightDecay));
        }
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) {
            throw new InvalidInputException("gradient-norm limit " + clipNorm + " is out of range; use a positive number, or 0 for no limit");
        }
    }

    /** Without a gradient-norm limit. */
    public OptimizerConfig(Kind kind, double learningRate, double momentum, double weightDecay) {
        this(kind, learningRate, momentum, weightDecay, 0);
    }

    /** The paper's SGD with momentum 0.99 at the given learning rate. */
    public static OptimizerConfig sgd(double learningRate) {
        return new OptimizerConfig(Kind.SGD, learningRate, 0.99, 0);
    }
}
