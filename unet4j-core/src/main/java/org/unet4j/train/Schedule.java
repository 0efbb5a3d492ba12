package org.unet4j.train;

import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/**
 * Learning rate over the iterations. The paper trains with a fixed rate ({@link Kind#CONSTANT});
 * the others decay it towards the end, which often helps short CPU budgets.
 *
 * @param kind the shape of the schedule
 * @param warmup iterations of linear warm-up from 0 to the base rate (0 = none)
 * @param finalFraction the rate at the end as a fraction of the base rate (STEP: the factor applied
 *     at 2/3 of the run; POLY and COSINE: the floor)
 */
public record Schedule(Kind kind, int warmup, double finalFraction) {
    /** Shape of the schedule. */
    public enum Kind {
        /** The base rate throughout (paper). */
        CONSTANT,
        /** The base rate, multiplied by {@code finalFraction} after 2/3 of the iterations. */
        STEP,
        /** Polynomial decay (power 0.9) from the base rate to {@code finalFraction} of it. */
        POLY,
        /** Cosine decay from the base rate to {@code finalFraction} of it. */
        COSINE
    }

    public Schedule {
        if (kind == null) {
            throw InvalidInputException.of("%s must be one of constant, step, poly, cosine", Setting.SCHEDULE);
        }
        if (warmup < 0) {
            throw InvalidInputException.of("%s is negative; use 0 or more iterations", Setting.WARMUP.is(warmup));
        }
        if (!(finalFraction >= 0 && finalFraction <= 1)) {
            throw new InvalidInputException("final learning-rate fraction " + finalFraction + " is out of range; use a value in [0, 1]");
        }
    }

    /** The paper's fixed learning rate. */
    public static Schedule constant() {
        return new Schedule(Kind.CONSTANT, 0, 1);
    }

    /**
     * The rate at {@code iteration} when a fraction {@code progress} in [0, 1] of the run is done
     * (by iterations, or by time for a run with a time budget), for base rate {@code base}.
     */
    public double rate(double base, long iteration, double progress) {
        if (iteration < warmup) {
            return base * (iteration + 1) / (warmup + 1);
        }
        double t = Math.max(0, Math.min(1, progress));
        double f = switch (kind) {
            case CONSTANT -> 1;
            case STEP -> t < 2.0 / 3 ? 1 : finalFraction;
            case POLY -> finalFraction + (1 - finalFraction) * Math.pow(1 - t, 0.9);
            case COSINE -> finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * t));
        };
        return base * f;
    }
}
