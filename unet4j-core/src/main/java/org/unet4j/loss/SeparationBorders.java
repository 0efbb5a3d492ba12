package org.unet4j.loss;

import org.unet4j.data.LabelImage;

/**
 * The paper's separation borders between touching objects ("computed using morphological
 * operations"): every object pixel that has an 8-neighbour belonging to a <em>different</em>
 * object becomes background, on both sides of every contact. Touching objects are thereby parted
 * by a gap (two pixels wide along a straight contact) that the network must learn to predict.
 * Neighbours that are background (id 0) do not make a border.
 */
public final class SeparationBorders {
    private SeparationBorders() {
    }

    /**
     * The border pixels of an instance label image (0 = background, each object its own id):
     * {@code true} where an object pixel has an 8-neighbour with another non-zero id.
     */
    public static boolean[] borders(LabelImage instances) {
        int h = instances.height();
        int w = instances.width();
        int[] ids = instances.labels();
        boolean[] border = new boolean[ids.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = ids[y * w + x];
                if (id != 0) {
                    border[y * w + x] = touchesOther(ids, h, w, y, x, id);
                }
            }
        }
        return border;
    }

    /** A copy of {@code instances} with every border pixel ({@link #borders}) set to background (0). */
    public static LabelImage separate(LabelImage instances) {
        boolean[] border = borders(instances);
        int[] out = instances.labels().clone();
        for (int i = 0; i < out.length; i++) {
            if (border[i]) {
                out[i] = 0;
            }
        }
        return new LabelImage(instances.height(), instances.width(), out);
    }

    private static boolean touchesOther(int[] ids, int h, int w, int y, int x, int id) {
        for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
            for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                int other = ids[yy * w + xx];
                if (other != 0 && other != id) {
                    return true;
                }
            }
        }
        return false;
    }
}
