package org.unet4j.api;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Asks long work (a training run) to stop. {@link #cancel()} may be called from any thread; the
 * training finishes its current step, writes a checkpoint and returns normally with
 * {@link TrainingResult#stopped()} set, so the run can be continued later.
 */
public final class CancelToken implements BooleanSupplier {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A token that nobody has cancelled yet. */
    public CancelToken() {
    }

    /** A token that is never cancelled. */
    public static CancelToken none() {
        return new CancelToken();
    }

    /** Asks the work to stop at the next safe point; calling it again changes nothing. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** The same as {@link #isCancelled()}: a token is a stop signal for the engine. */
    @Override
    public boolean getAsBoolean() {
        return isCancelled();
    }
}
