package org.unet4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.unet4j.augment.AugmentParams;
import org.unet4j.augment.AugmentParams.Flips;
import org.unet4j.augment.Augmenter;
import org.unet4j.augment.TrainingTile;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

/**
 * Time to augment one training tile (572x572 input, 388x388 labels, instances and weights) from a
 * 768x768 source image, on the calling thread. Arguments: {@code [tiles per row, default 60]}.
 * Prints the median and minimum milliseconds per tile.
 */
public final class AugmentBench {
    private static final int INPUT = 572;
    private static final int OUTPUT = 388;

    private AugmentBench() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        SegmentationSample sample = sample(768, 768);
        List<Object[]> rows = List.of(
                new Object[] {"none (mirror-extended crop)", AugmentParams.none()},
                new Object[] {"elastic only (3x3, sigma 10)", new AugmentParams(3, 10, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0)},
                new Object[] {"elastic + rotation + intensity", new AugmentParams(3, 10, 180, Flips.NONE, 0, 0, 0.1, 0.1, 0.1, 0, 0)},
                new Object[] {"paper preset", AugmentParams.paper()},
                new Object[] {"everything (+flips, scale, shift, noise, blur 1)",
                    new AugmentParams(3, 10, 180, Flips.DIHEDRAL, 5, 0.15, 0.1, 0.1, 0.1, 0.05, 1.0)});
        System.out.printf(Locale.ROOT, "augmentation of one %dx%d tile (%dx%d labels + instances + weights), source %dx%d, 1 thread, %d tiles%n",
                INPUT, INPUT, OUTPUT, OUTPUT, sample.height(), sample.width(), reps);
        System.out.printf(Locale.ROOT, "%-50s %10s %8s%n", "transforms", "median ms", "min ms");
        long checksum = 0;
        for (Object[] row : rows) {
            Augmenter augmenter = new Augmenter((AugmentParams) row[1]);
            Random random = new Random(1);
            for (int i = 0; i < 20; i++) {
                checksum += augmenter.tile(sample, INPUT, OUTPUT, random).classes().labels()[0];
            }
            double[] ms = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                TrainingTile t = augmenter.tile(sample, INPUT, OUTPUT, random);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                checksum += t.classes().labels()[0];
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%-50s %10.1f %8.1f%n", row[0], ms[reps / 2], ms[0]);
        }
        if (checksum == Long.MIN_VALUE) {
            System.out.println(checksum);
        }
    }

    /** Textured disks: a smooth background, disk instances with class 1, weights 1 or 3. */
    private static SegmentationSample sample(int h, int w) {
        Random r = new Random(7);
        float[] px = new float[h * w];
        int[] ids = new int[h * w];
        int[] cls = new int[h * w];
        float[] wts = new float[h * w];
        int id = 0;
        for (int cy = 20; cy < h; cy += 40) {
            for (int cx = 20; cx < w; cx += 40) {
                id++;
                int rad = 10 + r.nextInt(8);
                for (int y = Math.max(0, cy - rad); y < Math.min(h, cy + rad + 1); y++) {
                    for (int x = Math.max(0, cx - rad); x < Math.min(w, cx + rad + 1); x++) {
                        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad) {
                            ids[y * w + x] = id;
                            cls[y * w + x] = 1;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (100 + 80 * cls[i] + 20 * Math.sin(i * 0.01) + 10 * r.nextGaussian());
            wts[i] = 1 + 2 * cls[i];
        }
        return new SegmentationSample("bench", Image.gray(h, w, px), new LabelImage(h, w, cls), new LabelImage(h, w, ids), wts);
    }
}
