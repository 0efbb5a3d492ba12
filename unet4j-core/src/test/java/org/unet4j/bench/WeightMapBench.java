package org.unet4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;

/**
 * Times {@link WeightMaps#apply} (separation borders, per-object exact distance transforms, class
 * weights) on synthetic label images of packed, partly touching cells, on one thread. Arguments:
 * {@code [runs]} (default 20). Prints a table: image size, instances, label kind, ms median / min.
 */
public final class WeightMapBench {
    private WeightMapBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        WeightMapParams params = WeightMapParams.paper();
        System.out.printf(Locale.ROOT, "%-10s %9s %-10s %10s %8s %5s%n", "image", "instances", "labels", "median ms", "min ms", "runs");
        for (int[] c : new int[][] {{512, 200}, {512, 50}, {1024, 800}}) {
            int size = c[0];
            int n = c[1];
            LabelImage ids = cells(size, n, new Random(1));
            for (boolean instances : new boolean[] {true, false}) {
                SegmentationSample s = sample(ids, instances);
                for (int i = 0; i < 5; i++) {
                    WeightMaps.apply(s, params);
                }
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    WeightMaps.apply(s, params);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "%-10s %9d %-10s %10.1f %8.1f %5d%n", size + "x" + size, n,
                        instances ? "instances" : "binary", ms[runs / 2], ms[0], runs);
            }
        }
    }

    /**
     * {@code n} cells: each pixel belongs to its nearest of n random seeds if that seed is closer
     * than a cell radius (so neighbouring cells touch along Voronoi edges and isolated ones are
     * round), else to the background.
     */
    static LabelImage cells(int size, int n, Random r) {
        int[] sy = new int[n];
        int[] sx = new int[n];
        for (int k = 0; k < n; k++) {
            sy[k] = r.nextInt(size);
            sx[k] = r.nextInt(size);
        }
        double radius = 0.45 * size / Math.sqrt(n);
        int[] ids = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double best = radius * radius;
                for (int k = 0; k < n; k++) {
                    double d = (double) (y - sy[k]) * (y - sy[k]) + (double) (x - sx[k]) * (x - sx[k]);
                    if (d < best) {
                        best = d;
                        ids[y * size + x] = k + 1;
                    }
                }
            }
        }
        return new LabelImage(size, size, ids);
    }

    private static SegmentationSample sample(LabelImage ids, boolean instances) {
        int[] classes = new int[ids.labels().length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = ids.labels()[i] != 0 ? 1 : 0;
        }
        LabelImage c = new LabelImage(ids.height(), ids.width(), classes);
        return new SegmentationSample("bench", Image.zeros(1, ids.height(), ids.width()), c, instances ? ids : null, null);
    }
}
