package org.unet4j.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.unet4j.data.Image;

/** Pictures for people: gray images, label overlays in distinct colours, error maps. */
public final class Overlays {
    /** Colour of false positives (predicted foreground, truly background): magenta. */
    public static final int FALSE_POSITIVE = 0xFF00FF;
    /** Colour of false negatives (missed foreground): green. */
    public static final int FALSE_NEGATIVE = 0x00E000;

    private Overlays() {
    }

    /** A gray picture of {@code values}, stretched from their 0.5th to 99.5th percentile. */
    public static BufferedImage gray(float[] values, int height, int width) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double lo = sorted[(int) (0.005 * (sorted.length - 1))];
        double hi = sorted[(int) (0.995 * (sorted.length - 1))];
        double range = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int g = (int) Math.round(255 * Math.max(0, Math.min(1, (values[y * width + x] - lo) / range)));
                img.setRGB(x, y, g * 0x010101);
            }
        }
        return img;
    }

    /** A well-spread colour for label {@code id} (> 0): golden-angle hues, full saturation. */
    public static int labelColor(int id) {
        float hue = (id * 0.618034f) % 1f;
        return Color.HSBtoRGB(hue, 0.85f, 1f) & 0xFFFFFF;
    }

    /**
     * {@code gray} with every non-zero label blended in its colour ({@code alpha} in [0, 1]); label
     * borders (pixels with a differently labelled 4-neighbour) are drawn opaque.
     */
    public static BufferedImage labels(BufferedImage gray, int[] labels, double alpha) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int base = gray.getRGB(x, y) & 0xFFFFFF;
                int l = labels[i];
                if (l <= 0) {
                    out.setRGB(x, y, base);
                    continue;
                }
                boolean edge = (x > 0 && labels[i - 1] != l) || (x + 1 < w && labels[i + 1] != l)
                        || (y > 0 && labels[i - w] != l) || (y + 1 < h && labels[i + w] != l);
                out.setRGB(x, y, blend(base, labelColor(l), edge ? 1.0 : alpha));
            }
        }
        return out;
    }

    /**
     * Error map of a binary foreground prediction against the truth: true positives white, true
     * negatives black, false positives {@link #FALSE_POSITIVE}, false negatives {@link #FALSE_NEGATIVE}.
     */
    public static BufferedImage errors(boolean[] predicted, boolean[] truth, int height, int width) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int c = predicted[i] ? (truth[i] ? 0xFFFFFF : FALSE_POSITIVE) : (truth[i] ? FALSE_NEGATIVE : 0);
                out.setRGB(x, y, c);
            }
        }
        return out;
    }

    /** Colour of pixels excluded from the comparison (not annotated): mid gray. */
    public static final int IGNORED = 0x707070;

    /**
     * A picture of an image for people: one channel in gray ({@link #gray}); three channels as
     * colour, each stretched from its 0.5th to 99.5th percentile; otherwise the first channel.
     */
    public static BufferedImage picture(Image image) {
        int h = image.height();
        int w = image.width();
        if (image.channels() != 3) {
            return gray(image.channel(0), h, w);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[h * w];
        for (int c = 0; c < 3; c++) {
            BufferedImage band = gray(image.channel(c), h, w);
            int shift = 16 - 8 * c;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    rgb[y * w + x] |= (band.getRGB(x, y) & 0xFF) << shift;
                }
            }
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /**
     * {@link #errors(boolean[], boolean[], int, int)} with pixels where {@code ignored} is true
     * shown in {@link #IGNORED} ({@code ignored} may be null).
     */
    public static BufferedImage errors(boolean[] predicted, boolean[] truth, boolean[] ignored, int height, int width) {
        BufferedImage out = errors(predicted, truth, height, width);
        if (ignored != null) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (ignored[y * width + x]) {
                        out.setRGB(x, y, IGNORED);
                    }
                }
            }
        }
        return out;
    }

    /** {@code a} blended toward {@code b} by {@code t}. */
    public static int blend(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return (r << 16) | (g << 8) | bl;
    }
}
