package org.unet4j;

/**
 * Progress of long work (training iterations, tiles, images). Library code reports through this
 * interface and never prints; the command line renders a progress bar or log lines.
 */
public interface Progress {
    /** A no-op listener. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long done, String status) {
        }

        @Override
        public void done() {
        }
    };

    /** Work named {@code task} with {@code total} units starts ({@code total <= 0}: unknown). */
    void start(String task, long total);

    /** {@code done} units of the current task are finished; {@code status} is a short extra text (loss, ...), may be empty. */
    void step(long done, String status);

    /** The current task is finished. */
    void done();

    /**
     * Something the user should know while the work goes on (e.g. "warning: the network has stopped
     * learning ..."): one line, shown above a progress bar. The default ignores it.
     */
    default void warn(String message) {
    }

    /**
     * The words in which warnings (and the training log) name the settings the user can change:
     * the library's by default; the command line's progress bar asks for its option names.
     */
    default Naming naming() {
        return Naming.LIBRARY;
    }

    /**
     * A part of the work of {@code whole}: its steps are reported to {@code whole} shifted by
     * {@code offset} and with {@code status} in front of their own status; its start and done are
     * not passed on (the whole's task goes on); warnings are, and the whole's naming is its own.
     */
    static Progress part(Progress whole, long offset, String status) {
        return new Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void step(long done, String s) {
                whole.step(offset + done, s == null || s.isEmpty() ? status : status + ", " + s);
            }

            @Override
            public void done() {
            }

            @Override
            public void warn(String message) {
                whole.warn(message);
            }

            @Override
            public Naming naming() {
                return whole.naming();
            }
        };
    }
}
