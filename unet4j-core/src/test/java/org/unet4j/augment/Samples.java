package org.unet4j.augment;

import java.util.Random;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

/** Small synthetic samples for the augmentation tests. */
final class Samples {
    private Samples() {
    }

    /**
     * Digital disks of radius 7.5..11.5 (no one-pixel tips) on a jittered grid with spacing {@code spacing}, each its own instance
     * id (1, 2, ...), class 1 inside, 0 outside; image = 100 * class; weights = 1 + 2 * class.
     */
    static SegmentationSample disks(int height, int width, int spacing, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[height * width];
        int next = 1;
        for (int cy = spacing / 2; cy < height; cy += spacing) {
            for (int cx = spacing / 2; cx < width; cx += spacing) {
                int y0 = cy + r.nextInt(5) - 2;
                int x0 = cx + r.nextInt(5) - 2;
                int rad = 7 + r.nextInt(5);
                int id = next++;
                for (int y = Math.max(0, y0 - rad); y <= Math.min(height - 1, y0 + rad); y++) {
                    for (int x = Math.max(0, x0 - rad); x <= Math.min(width - 1, x0 + rad); x++) {
                        if ((y - y0) * (y - y0) + (x - x0) * (x - x0) <= rad * (rad + 1)) {
                            ids[y * width + x] = id;
                        }
                    }
                }
            }
        }
        int[] classes = new int[ids.length];
        float[] image = new float[ids.length];
        float[] weights = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            classes[i] = ids[i] > 0 ? 1 : 0;
            image[i] = 100f * classes[i];
            weights[i] = weightOf(classes[i]);
        }
        return new SegmentationSample("disks", Image.gray(height, width, image), new LabelImage(height, width, classes),
                new LabelImage(height, width, ids), weights);
    }

    /** The weight that {@link #disks} and {@link #withIgnore} give a class. */
    static float weightOf(int cls) {
        return cls == SegmentationSample.IGNORE ? 0f : 1f + 2f * cls;
    }

    /** {@code sample} with the rectangle rows [y0, y1) x columns [x0, x1) set to IGNORE (weight 0). */
    static SegmentationSample withIgnore(SegmentationSample sample, int y0, int y1, int x0, int x1) {
        int[] cls = sample.classes().labels().clone();
        float[] w = sample.weights().clone();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                cls[y * sample.width() + x] = SegmentationSample.IGNORE;
                w[y * sample.width() + x] = 0f;
            }
        }
        return new SegmentationSample(sample.name(), sample.image(), new LabelImage(sample.height(), sample.width(), cls),
                sample.instances(), w);
    }

    /** A sample of random smooth-ish gray values in [1, 256) with random labels 0..2. */
    static SegmentationSample noise(int channels, int height, int width, long seed) {
        Random r = new Random(seed);
        float[] px = new float[channels * height * width];
        for (int i = 0; i < px.length; i++) {
            px[i] = 1 + r.nextInt(255);
        }
        int[] cls = new int[height * width];
        int[] ids = new int[height * width];
        for (int i = 0; i < cls.length; i++) {
            cls[i] = r.nextInt(3);
            ids[i] = r.nextInt(50);
        }
        float[] w = new float[height * width];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat();
        }
        return new SegmentationSample("noise", new Image(channels, height, width, px), new LabelImage(height, width, cls),
                new LabelImage(height, width, ids), w);
    }
}
