package org.unet4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C for long commands: the first interrupt asks the work to stop at the next safe point
 * (training writes a checkpoint), the second ends the process at once.
 */
final class Interrupts {
    private Interrupts() {
    }

    /** Sets {@code stop} on the first SIGINT; exits with status 130 on the second. */
    static void onInterrupt(AtomicBoolean stop, PrintWriter err) {
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (stop.getAndSet(true)) {
                    err.println();
                    err.println("interrupted again: quitting now (the last checkpoint is intact)");
                    err.flush();
                    org.unet4j.io.AtomicFiles.deletePending(); // halt skips the shutdown hook that would
                    Runtime.getRuntime().halt(Main.EXIT_INTERRUPTED);
                }
                err.println();
                err.println("stopping after this step and writing a checkpoint (Ctrl-C again to quit at once) ...");
                err.flush();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform or it is reserved: Ctrl-C then ends the JVM as usual
        }
    }
}
