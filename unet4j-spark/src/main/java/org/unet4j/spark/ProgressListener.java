package org.unet4j.spark;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Reports the job's progress on the driver: slices (and parts of split images) done of the total, with the rate and the time
 * left, at most every {@code everyMillis} and when the last slice is done. Counts each task once,
 * however many attempts it took (retries, speculative copies).
 */
final class ProgressListener extends SparkListener {
    private final long total;
    private final String unit;
    private final long skipped;
    private final long everyMillis;
    private final Consumer<String> log;
    private final Set<Integer> done = ConcurrentHashMap.newKeySet();
    private final int[] slicesPerTask;
    private final long started = System.nanoTime();
    private volatile long lastReport = System.nanoTime();
    private volatile int failures;
    private volatile boolean reportedAll;

    /**
     * @param total slices (and parts of split images) of the whole job, {@code skipped} of them complete before it started
     * @param unit what is counted, e.g. "slices" or "slices and parts"
     * @param slicesPerTask the slices (or parts) of each task (by task index)
     */
    ProgressListener(long total, long skipped, String unit, long everyMillis, Consumer<String> log, int[] slicesPerTask) {
        this.unit = unit;
        this.slicesPerTask = slicesPerTask.clone();
        this.total = total;
        this.skipped = skipped;
        this.everyMillis = everyMillis;
        this.log = log;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
            failures++;
            return;
        }
        done.add(end.taskInfo().index());
        long now = System.nanoTime();
        int n = 0;
        for (int task : done) {
            n += task < slicesPerTask.length ? slicesPerTask[task] : 1;
        }
        synchronized (this) {
            if (n + skipped < total && (now - lastReport) / 1_000_000 < everyMillis) {
                return;
            }
            lastReport = now;
        }
        report(n, now);
    }

    /**
     * Reports the end if no line said it yet: Spark delivers listener events asynchronously, so
     * the last task's may come after the job has returned.
     *
     * @param computed the slices this job computed
     */
    void finish(int computed) {
        if (!reportedAll) {
            report(computed, System.nanoTime());
        }
    }

    private synchronized void report(int n, long now) {
        if (reportedAll) {
            return;
        }
        reportedAll = n + skipped >= total;
        double seconds = (now - started) / 1e9;
        long left = total - skipped - n;
        double rate = n / Math.max(seconds, 1e-9);
        log.accept(String.format(Locale.ROOT, "spark-predict: %d/%d %s done%s, %.2f %s, ETA %s%s", n + skipped, total, unit,
                skipped > 0 ? " (" + skipped + " complete before)" : "", rate, unit.equals("slices") ? "slices/s" : "per s", left == 0 ? "0 s" : eta(left / rate),
                failures > 0 ? ", " + failures + " failed attempt(s) retried" : ""));
    }

    private static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
