package org.unet4j.train;

/**
 * The wall-clock accounting of a training run across its sessions: the run's training time
 * (earlier sessions included, from the checkpoint's {@link RunState}), the part of it spent
 * validating, and the time budget of {@code --minutes}.
 */
final class RunClock {
    private final long t0 = System.nanoTime();
    private final double sessionStart;
    private final double budgetSeconds;
    private double validationSeconds;
    private double sessionValidation;
    private double elapsed;

    /** @param budgetSeconds the whole run's budget, 0 = none */
    RunClock(RunState start, double budgetSeconds) {
        this.sessionStart = start.elapsedSeconds();
        this.elapsed = sessionStart;
        this.validationSeconds = start.validationSeconds();
        this.budgetSeconds = budgetSeconds;
    }

    private double now() {
        return sessionStart + (System.nanoTime() - t0) / 1e9;
    }

    /** Reads the clock: the run's training time now, which {@link #elapsed()} then returns. */
    double tick() {
        elapsed = now();
        return elapsed;
    }

    /** The run's training time at the last {@link #tick()} (at the start: the checkpoint's). */
    double elapsed() {
        return elapsed;
    }

    /**
     * How much of the run is done before iteration {@code iteration} of {@code total}: the larger of
     * the iterations' fraction and the time budget's (which the learning-rate schedule follows).
     */
    double done(long iteration, long total) {
        return Math.max(iteration / (double) total, budgetSeconds > 0 ? now() / budgetSeconds : 0);
    }

    boolean hasBudget() {
        return budgetSeconds > 0;
    }

    /** Whether the time budget is used up at the last tick. */
    boolean budgetUsed() {
        return budgetSeconds > 0 && elapsed >= budgetSeconds;
    }

    /** The budget left at the last tick, in seconds (never negative). */
    double secondsLeft() {
        return Math.max(0, budgetSeconds - elapsed);
    }

    double budgetSeconds() {
        return budgetSeconds;
    }

    /** Counts {@code seconds} of validation, in this session and in the run. */
    void validated(double seconds) {
        validationSeconds += seconds;
        sessionValidation += seconds;
    }

    /** The run's validation time, earlier sessions included. */
    double validationSeconds() {
        return validationSeconds;
    }

    /** This session's time without its validations. */
    double sessionTrainingSeconds() {
        return (System.nanoTime() - t0) / 1e9 - sessionValidation;
    }
}
