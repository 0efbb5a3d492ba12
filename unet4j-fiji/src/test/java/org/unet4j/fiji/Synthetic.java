package org.unet4j.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.util.Random;

/** Small synthetic cell images for the tests: bright disks (some touching) on a noisy background, fixed seeds, JDK and ImageJ only. */
final class Synthetic {
    private Synthetic() {
    }

    /** A {@code size x size} image and its instance ids: {@code [0]} pixels (float bits unused), {@code [1]} ids. */
    record Plane(float[] pixels, int[] ids) {
    }

    static Plane plane(int size, long seed) {
        Random r = new Random(seed);
        float[] px = new float[size * size];
        int[] ids = new int[size * size];
        int objects = 3 + size * size / 700;
        for (int k = 1; k <= objects; k++) {
            double cx = 6 + r.nextDouble() * (size - 12);
            double cy = 6 + r.nextDouble() * (size - 12);
            double rad = 4 + r.nextDouble() * 4;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad && ids[y * size + x] == 0) {
                        ids[y * size + x] = k;
                    }
                }
            }
        }
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) ((ids[i] > 0 ? 150 : 30) + 12 * r.nextGaussian());
        }
        return new Plane(px, ids);
    }

    /** A 32-bit stack of {@code n} planes. */
    static ImagePlus image(String title, int size, int n, long seed) {
        ImageStack s = new ImageStack(size, size);
        for (int i = 0; i < n; i++) {
            s.addSlice(new FloatProcessor(size, size, plane(size, seed + i).pixels()));
        }
        return new ImagePlus(title, s);
    }

    /** The 16-bit instance labels of {@link #image}. */
    static ImagePlus labels(String title, int size, int n, long seed) {
        ImageStack s = new ImageStack(size, size);
        for (int i = 0; i < n; i++) {
            int[] ids = plane(size, seed + i).ids();
            ShortProcessor ip = new ShortProcessor(size, size);
            for (int j = 0; j < ids.length; j++) {
                ip.set(j, ids[j]);
            }
            s.addSlice(ip);
        }
        return new ImagePlus(title, s);
    }
}
