package org.unet4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.unet4j.Progress;

/**
 * The ISBI 2012 EM segmentation metrics on plain arrays, agreeing with the reference scorer
 * ({@code ../shared/eval/score.py}, itself checked against Fiji's {@code Trainable_Segmentation}
 * metrics) to 1e-9: pixel error, foreground-restricted Rand error, warping error, V_Rand and
 * V_Info after border thinning. Definitions: {@code docs/EVALUATION.md}.
 *
 * <p>Conventions of the challenge: the ground truth is 0 for membrane and &gt; 0 for interior;
 * the prediction is a probability map with 1 = interior (non-membrane) certainty, binarised with
 * {@code value > threshold}. Pixel and Rand error are pooled over slices before the F-score
 * (micro average); V_Rand and V_Info average the per-slice F-scores (macro average); the warping
 * error divides the split and merge pixels of all slices by all pixels.
 *
 * <p>Typical use during validation:
 * <pre>{@code
 * IsbiResult r = IsbiMetrics.evaluate(probabilities, groundTruth, height, width);
 * double rand = r.randError().value();
 * }</pre>
 */
public final class IsbiMetrics {
    private IsbiMetrics() {
    }

    /**
     * All five metrics with the challenge's settings, on the calling thread.
     *
     * @param prob probability maps (1 = interior), one {@code height * width} row-major array per slice
     * @param gt ground truth (0 = membrane, &gt; 0 = interior), same layout
     * @throws IllegalArgumentException if the lists are empty or differ in length, an array has
     *     the wrong length, or a probability is NaN
     */
    public static IsbiResult evaluate(List<float[]> prob, List<int[]> gt, int height, int width) {
        return evaluate(prob, gt, height, width, IsbiOptions.challenge(), Progress.NONE);
    }

    /**
     * The metrics selected by {@code options}; reports one step per scored slice to
     * {@code progress}.
     *
     * @throws IllegalArgumentException as {@link #evaluate(List, List, int, int)}
     */
    public static IsbiResult evaluate(List<float[]> prob, List<int[]> gt, int height, int width, IsbiOptions options,
            Progress progress) {
        check(prob, gt, height, width);
        int n = prob.size();
        IsbiSlice[] slices = new IsbiSlice[n];
        progress.start("scoring " + n + " slice" + (n == 1 ? "" : "s"), n);
        if (options.threads() == 1 || n == 1) {
            for (int s = 0; s < n; s++) {
                slices[s] = IsbiSlice.score(prob.get(s), gt.get(s), height, width, options);
                progress.step(s + 1, "");
            }
        } else {
            scoreInParallel(prob, gt, height, width, options, progress, slices);
        }
        progress.done();
        IsbiPooling pool = new IsbiPooling(slices, height, width, options);
        return new IsbiResult(n, height, width,
                options.has(IsbiMetric.PIXEL_ERROR) ? pool.pixelError() : null,
                options.has(IsbiMetric.RAND_ERROR) ? pool.randError(true) : null,
                options.has(IsbiMetric.RAND_ERROR) ? pool.randError(false) : null,
                options.has(IsbiMetric.WARPING_ERROR) ? pool.warpingError() : null,
                options.has(IsbiMetric.V_RAND) ? pool.thinnedScore(true) : null,
                options.has(IsbiMetric.V_INFO) ? pool.thinnedScore(false) : null);
    }

    private static void scoreInParallel(List<float[]> prob, List<int[]> gt, int height, int width, IsbiOptions options,
            Progress progress, IsbiSlice[] slices) {
        int n = slices.length;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), n), r -> {
            Thread t = new Thread(r, "unet4j-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<IsbiSlice>> futures = new ArrayList<>(n);
            for (int s = 0; s < n; s++) {
                int slice = s;
                futures.add(pool.submit(() -> IsbiSlice.score(prob.get(slice), gt.get(slice), height, width, options)));
            }
            for (int s = 0; s < n; s++) {
                slices[s] = futures.get(s).get();
                progress.step(s + 1, "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void check(List<float[]> prob, List<int[]> gt, int height, int width) {
        if (prob.isEmpty() || prob.size() != gt.size()) {
            throw new IllegalArgumentException("need the same positive number of prediction and ground-truth slices, got "
                    + prob.size() + " and " + gt.size());
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("slice size must be positive, got " + height + "x" + width);
        }
        int size = height * width;
        for (int s = 0; s < prob.size(); s++) {
            float[] p = prob.get(s);
            if (p.length != size || gt.get(s).length != size) {
                throw new IllegalArgumentException("slice " + s + " has " + p.length + " prediction and " + gt.get(s).length
                        + " ground-truth values, expected " + height + "x" + width + " = " + size);
            }
            for (int i = 0; i < size; i++) {
                if (Float.isNaN(p[i])) {
                    throw new IllegalArgumentException("prediction slice " + s + " is NaN at x=" + (i % width) + ", y="
                            + (i / width));
                }
            }
        }
    }
}
