package org.unet4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.unet4j.Progress;
import org.unet4j.SharedData;
import org.unet4j.data.Image;
import org.unet4j.eval.IsbiMetric;
import org.unet4j.eval.IsbiMetrics;
import org.unet4j.eval.IsbiOptions;
import org.unet4j.eval.IsbiResult;
import org.unet4j.io.ImageFiles;

/**
 * Speed of the ISBI 2012 metrics (issue 7): a 30-slice 512x512 stack scored on one thread, each
 * metric alone, then all five together (on 1 and on all cores).
 *
 * <p>The ground truth is the 25 ISBI 2012 label slices of {@code ../shared/data/isbi2012}
 * (train 00-19, val 20-24) followed by slices 00-04 again, to make 30. The probability map is a
 * seeded perturbation of the labels: the interior mask blurred (Gaussian, sigma 1.5), plus a
 * smooth random field (blurred noise, sigma 6, amplitude about 0.25) that opens and closes
 * membranes in places, plus pixel noise (sigma 0.08), clipped to [0, 1].
 *
 * <p>Each line is timed {@code --runs} times (default 3); the table gives the median and the
 * minimum. Arguments: {@code [--data DIR] [--runs N] [--write DIR]}; --write also saves the stack
 * as {@code gt.tif} and {@code pred.tif} (float TIFFs) for scoring with the Python reference.
 */
public final class EvalBench {
    private static final int SLICES = 30;
    private static int runs = 3;

    private EvalBench() {
    }

    public static void main(String[] args) {
        Path data = SharedData.resolve("data/isbi2012").orElse(null);
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data")) {
                data = Path.of(args[++i]);
            } else if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--write")) {
                write = Path.of(args[++i]);
            }
        }
        if (data == null) {
            System.err.println("EvalBench: no ../shared/data/isbi2012; pass --data DIR (with train/labels and val/labels)");
            System.exit(2);
        }
        List<int[]> gt = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 25; k++) {
            String name = String.format(Locale.ROOT, "%02d.png", k);
            Path f = data.resolve(k < 20 ? "train" : "val").resolve("labels").resolve(name);
            Image im = ImageFiles.readImage(f);
            int[] g = new int[im.height() * im.width()];
            for (int i = 0; i < g.length; i++) {
                g[i] = (int) im.pixels()[i];
            }
            gt.add(g);
            names.add(name);
        }
        for (int k = 0; gt.size() < SLICES; k++) {
            gt.add(gt.get(k));
            names.add(names.get(k) + " (again)");
        }
        int h = 512;
        int w = 512;
        List<float[]> prob = new ArrayList<>();
        for (int s = 0; s < SLICES; s++) {
            prob.add(perturb(gt.get(s), h, w, new Random(1000 + s)));
        }
        if (write != null) {
            List<float[]> gtPages = new ArrayList<>();
            for (int[] g : gt) {
                float[] f = new float[g.length];
                for (int i = 0; i < g.length; i++) {
                    f[i] = g[i];
                }
                gtPages.add(f);
            }
            ImageFiles.writeFloatTiff(write.resolve("gt.tif"), gtPages, h, w);
            ImageFiles.writeFloatTiff(write.resolve("pred.tif"), prob, h, w);
        }
        System.out.printf(Locale.ROOT, "ISBI 2012 metrics on %d slices of %dx%d (25 ISBI label slices + 5 repeated),"
                + " blurred/perturbed probability map%n", SLICES, h, w);
        System.out.printf(Locale.ROOT, "%-14s %8s %10s %10s  values%n", "metric", "threads", "median s", "min s");
        IsbiMetrics.evaluate(prob.subList(0, 2), gt.subList(0, 2), h, w); // warm-up
        for (IsbiMetric m : IsbiMetric.values()) {
            run(m.key(), prob, gt, h, w, EnumSet.of(m), 1);
        }
        run("all five", prob, gt, h, w, EnumSet.allOf(IsbiMetric.class), 1);
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores > 1) {
            run("all five", prob, gt, h, w, EnumSet.allOf(IsbiMetric.class), cores);
        }
    }

    private static void run(String label, List<float[]> prob, List<int[]> gt, int h, int w, Set<IsbiMetric> metrics,
            int threads) {
        IsbiOptions options = IsbiOptions.challenge().withMetrics(metrics).withThreads(threads);
        double[] sec = new double[runs];
        IsbiResult r = null;
        for (int k = 0; k < runs; k++) {
            long t0 = System.nanoTime();
            r = IsbiMetrics.evaluate(prob, gt, h, w, options, Progress.NONE);
            sec[k] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(sec);
        StringBuilder values = new StringBuilder();
        for (IsbiMetric m : metrics) {
            values.append(String.format(Locale.ROOT, "  %s=%.9g", m.key(), r.value(m)));
        }
        System.out.printf(Locale.ROOT, "%-14s %8d %10.2f %10.2f%s%n", label, threads, sec[runs / 2], sec[0], values);
    }

    /** Blurred interior mask + smooth random field + pixel noise, clipped to [0, 1]. */
    static float[] perturb(int[] gt, int h, int w, Random rnd) {
        float[] mask = new float[h * w];
        float[] field = new float[h * w];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = gt[i] > 0 ? 1f : 0f;
            field[i] = (float) rnd.nextGaussian();
        }
        float[] blurred = blur(mask, h, w, 1.5);
        float[] smooth = blur(field, h, w, 6.0);
        double sd = 0;
        for (float v : smooth) {
            sd += v * v;
        }
        sd = Math.sqrt(sd / smooth.length);
        float[] p = new float[h * w];
        for (int i = 0; i < p.length; i++) {
            double v = blurred[i] + 0.25 * smooth[i] / sd + 0.08 * rnd.nextGaussian();
            p[i] = (float) Math.max(0, Math.min(1, v));
        }
        return p;
    }

    /** Separable Gaussian blur with mirrored borders. */
    static float[] blur(float[] img, int h, int w, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[h * w];
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * img[y * w + mirror(x + i, w)];
                }
                tmp[y * w + x] = (float) acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * tmp[mirror(y + i, h) * w + x];
                }
                out[y * w + x] = (float) acc;
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - 2 - i : i;
    }
}
