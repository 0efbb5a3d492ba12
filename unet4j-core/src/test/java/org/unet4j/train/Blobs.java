package org.unet4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

/** Tiny training data for tests: bright disks, some touching, on a noisy background, with instance labels. */
public final class Blobs {
    private Blobs() {
    }

    /**
     * {@code n} square images of 3 to 6 disks (radius 5 to 10 px; later disks cover earlier ones,
     * so touching disks share a border); pixels 1 inside, 0 outside, plus Gaussian noise of 0.3.
     */
    public static List<SegmentationSample> samples(int n, int size, long seed) {
        Random r = new Random(seed);
        List<SegmentationSample> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] px = new float[size * size];
            int[] ids = new int[size * size];
            int objects = 3 + r.nextInt(4);
            for (int o = 1; o <= objects; o++) {
                double cy = 8 + r.nextDouble() * (size - 16);
                double cx = 8 + r.nextDouble() * (size - 16);
                double rad = 5 + r.nextDouble() * 5;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad) {
                            ids[y * size + x] = o;
                        }
                    }
                }
            }
            for (int i = 0; i < px.length; i++) {
                px[i] = (ids[i] > 0 ? 1f : 0f) + 0.3f * (float) r.nextGaussian();
            }
            LabelImage inst = new LabelImage(size, size, ids);
            int[] cls = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                cls[i] = ids[i] > 0 ? 1 : 0;
            }
            out.add(new SegmentationSample("blob" + k, Image.gray(size, size, px), new LabelImage(size, size, cls), inst, null));
        }
        return out;
    }
}
