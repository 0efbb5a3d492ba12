package org.unet4j.fiji.bridge;

/** Progress of long engine work, and the question whether to stop it (ImageJ: Esc). */
public interface Listener {
    /** A listener that ignores progress and never cancels. */
    Listener NONE = new Listener() {
        @Override
        public void progress(long done, long total, String status) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** {@code done} of {@code total} units are finished ({@code total <= 0}: unknown). */
    void progress(long done, long total, String status);

    /** Whether the user asked to stop; polled by the engine between units of work. */
    boolean cancelled();
}
