package org.unet4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.unet4j.Naming;
import org.unet4j.Progress;

/**
 * Renders {@link Progress} for people. On a terminal ({@code System.console() != null}) one line is
 * redrawn in place with {@code \r} at most every {@value #REDRAW_MS} ms:
 *
 * <pre>
 * tiles [##########----------]  18/36  50%  2.1 s/tile  ETA 0:38  image 2/5
 * </pre>
 *
 * <p>Otherwise (a log file, a pipe, a test) plain lines are printed at most every
 * {@code logIntervalSeconds} and when the task ends, so logs stay short. The rate is the average
 * since the start of the task and the ETA is the remaining units at that rate. A total of 0 or
 * less means unknown: count and rate only.
 */
public final class ProgressBar implements Progress {
    static final int REDRAW_MS = 200;
    private static final int BAR = 20;

    private final PrintWriter out;
    private final boolean interactive;
    private final long logIntervalNanos;
    private final LongSupplier clock;
    private String task = "";
    private long total;
    private long done;
    private String status = "";
    private long startNanos;
    private long lastPrintNanos;
    private int lastWidth;
    private boolean active;

    /**
     * @param interactive redraw one line in place (a terminal) or print log lines
     * @param logIntervalSeconds minimum seconds between log lines (non-interactive)
     * @param clock nanosecond time source ({@code System::nanoTime}; a fake one in tests)
     */
    public ProgressBar(PrintWriter out, boolean interactive, double logIntervalSeconds, LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.logIntervalNanos = (long) (logIntervalSeconds * 1e9);
        this.clock = clock;
    }

    /** A bar on {@code out} that redraws when the process has a console and logs every 10 s otherwise. */
    public static ProgressBar forConsole(PrintWriter out) {
        return new ProgressBar(out, System.console() != null, 10, System::nanoTime);
    }

    @Override
    public void start(String task, long total) {
        if (active) {
            done();
        }
        this.task = task;
        this.total = total;
        this.done = 0;
        this.status = "";
        this.startNanos = clock.getAsLong();
        this.lastPrintNanos = startNanos;
        this.lastWidth = 0;
        this.active = true;
        if (interactive) {
            draw();
        }
    }

    @Override
    public void step(long done, String status) {
        this.done = done;
        this.status = status == null ? "" : status;
        long now = clock.getAsLong();
        if (interactive) {
            if (now - lastPrintNanos >= REDRAW_MS * 1_000_000L || (total > 0 && done >= total)) {
                lastPrintNanos = now;
                draw();
            }
        } else if (now - lastPrintNanos >= logIntervalNanos) {
            lastPrintNanos = now;
            out.println(line(now));
            out.flush();
        }
    }

    @Override
    public void done() {
        if (!active) {
            return;
        }
        active = false;
        long now = clock.getAsLong();
        double seconds = (now - startNanos) / 1e9;
        String summary = String.format(Locale.ROOT, "%s %s in %s%s", task, total > 0 ? done + "/" + total : Long.toString(done),
                duration(seconds), done > 0 && seconds > 0 ? " (" + rate(done / seconds) + ")" : "");
        if (interactive) {
            out.print('\r' + pad(summary + (status.isEmpty() ? "" : "  " + status), lastWidth) + System.lineSeparator());
        } else {
            out.println(summary + (status.isEmpty() ? "" : ", " + status));
        }
        out.flush();
    }

    /** The command line's option names, in warnings and in the training log. */
    @Override
    public Naming naming() {
        return Naming.CLI;
    }

    /** Prints {@code message} on a line of its own; an interactive bar is redrawn below it. */
    @Override
    public void warn(String message) {
        if (interactive && active) {
            out.print('\r' + pad(message, lastWidth) + System.lineSeparator());
            lastWidth = 0;
            draw();
        } else {
            out.println(message);
        }
        out.flush();
    }

    private void draw() {
        String text = line(clock.getAsLong());
        out.print('\r' + pad(text, lastWidth));
        lastWidth = text.length();
        out.flush();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** The progress text at time {@code now}. */
    String line(long now) {
        StringBuilder sb = new StringBuilder(task);
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * done / total);
            if (interactive) {
                sb.append(" [").append("#".repeat(filled)).append("-".repeat(BAR - filled)).append(']');
            }
            sb.append(String.format(Locale.ROOT, "%s%d/%d  %d%%", interactive ? "  " : " ", done, total, (int) (100 * done / total)));
        } else {
            sb.append(' ').append(done);
        }
        if (done > 0 && rate > 0) {
            sb.append("  ").append(rate(rate));
            if (total > 0 && done < total) {
                sb.append("  ETA ").append(duration((total - done) / rate));
            }
        } else {
            sb.append("  elapsed ").append(duration(seconds));
        }
        if (!status.isEmpty()) {
            sb.append("  ").append(status);
        }
        return sb.toString();
    }

    private String rate(double perSecond) {
        String unit = task.endsWith("s") ? task.substring(0, task.length() - 1) : task;
        if (perSecond >= 1) {
            return String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit);
        }
        return String.format(Locale.ROOT, "%.1f s/%s", 1 / perSecond, unit);
    }

    /** "0:07", "12:34", "1:02:03". */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
