package org.unet4j.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.unet4j.augment.Augmenter;
import org.unet4j.augment.TrainingTile;
import org.unet4j.data.SegmentationSample;

/**
 * The stream of training batches, produced ahead by a pool of background threads (a bounded
 * look-ahead queue), delivered strictly in iteration order.
 *
 * <p>Batch {@code i} is a pure function of (seed, i): its images, window positions and
 * transforms come from generators seeded with {@code (seed, i, b)}. So the order in which threads
 * finish does not matter, and a resumed run gets exactly the batches the interrupted run would
 * have got.
 */
final class TileBatches implements AutoCloseable {
    /** One batch as plain arrays: images [n, c, in, in], targets and weights [n, out, out]. */
    /**
     * The tiles of one iteration: {@code size} images of {@code channels} x {@code in} x {@code in}
     * and their targets and weights of {@code out} x {@code out}, row-major.
     */
    record Batch(long iteration, float[] images, int[] targets, float[] weights, String names, int size, int channels, int in,
            int out) {
    }

    private final List<SegmentationSample> samples;
    private final double[] cumulativeArea;
    private final Augmenter augmenter;
    private final int in;
    private final int out;
    private final int batch;
    private final int channels;
    private final long seed;
    private final ExecutorService pool;
    private final Deque<Future<Batch>> queue = new ArrayDeque<>();
    private long nextToSubmit;

    TileBatches(List<SegmentationSample> samples, Augmenter augmenter, int in, int out, int batch, long seed, long startIteration,
            int workers) {
        this.samples = samples;
        this.augmenter = augmenter;
        this.in = in;
        this.out = out;
        this.batch = batch;
        this.channels = samples.get(0).image().channels();
        this.seed = seed;
        this.cumulativeArea = new double[samples.size()];
        double sum = 0;
        for (int i = 0; i < samples.size(); i++) {
            sum += (double) samples.get(i).height() * samples.get(i).width();
            cumulativeArea[i] = sum;
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "unet4j-tiles-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        this.nextToSubmit = startIteration;
        for (int i = 0; i < 2 * workers + 1; i++) {
            submit();
        }
    }

    /** Channels of the images. */
    int channels() {
        return channels;
    }

    /** The next batch in iteration order (waits if it is not ready yet). */
    Batch next() throws InterruptedException {
        Future<Batch> f = queue.removeFirst();
        submit();
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("producing a training tile failed: " + c, c);
        }
    }

    private void submit() {
        long iteration = nextToSubmit++;
        queue.addLast(pool.submit(() -> make(iteration)));
    }

    /** Batch {@code iteration}: deterministic in (seed, iteration). */
    Batch make(long iteration) {
        int px = in * in;
        int po = out * out;
        float[] images = new float[batch * channels * px];
        int[] targets = new int[batch * po];
        float[] weights = new float[batch * po];
        StringBuilder names = new StringBuilder();
        for (int b = 0; b < batch; b++) {
            SplittableRandom random = new SplittableRandom(mix(seed, iteration, b));
            SegmentationSample sample = samples.get(pick(random.nextDouble() * cumulativeArea[cumulativeArea.length - 1]));
            TrainingTile tile = augmenter.tile(sample, in, out, random);
            System.arraycopy(tile.image().pixels(), 0, images, b * channels * px, channels * px);
            int[] classes = tile.classes().labels();
            float[] w = tile.weights();
            for (int i = 0; i < po; i++) {
                boolean ignore = classes[i] == SegmentationSample.IGNORE;
                targets[b * po + i] = ignore ? 0 : classes[i];
                weights[b * po + i] = ignore ? 0 : (w == null ? 1 : w[i]);
            }
            names.append(b == 0 ? "" : ",").append(sample.name());
        }
        return new Batch(iteration, images, targets, weights, names.toString(), batch, channels, in, out);
    }

    private int pick(double u) {
        int lo = 0;
        int hi = cumulativeArea.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeArea[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** A well-mixed 64-bit seed from three numbers (SplitMix64 finaliser). */
    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + c;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
