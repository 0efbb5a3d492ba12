package org.unet4j.report;

import java.awt.image.BufferedImage;

/**
 * False-colour rendering of a scalar map (weight maps, probabilities) with a perceptually ordered
 * colour map ("inferno"-like: black, purple, red, orange, yellow, white-ish), so ridges of high
 * values stand out brightly.
 */
public final class HeatMap {
    /** Anchor colours of the map at 0, 0.25, 0.5, 0.75, 1 (approximating matplotlib's inferno). */
    private static final int[][] ANCHORS = {
        {0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}
    };
    private static final int[] LUT = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            double t = i / 255.0 * (ANCHORS.length - 1);
            int k = Math.min((int) t, ANCHORS.length - 2);
            double f = t - k;
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
                int v = (int) Math.round(ANCHORS[k][c] * (1 - f) + ANCHORS[k + 1][c] * f);
                rgb = (rgb << 8) | v;
            }
            LUT[i] = rgb;
        }
    }

    private HeatMap() {
    }

    /** The 0xRRGGBB colour for {@code t} in [0, 1] (clamped). */
    public static int color(double t) {
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
        return LUT[i];
    }

    /** Renders {@code values} ({@code height * width}, row-major) with {@code lo} black and {@code hi} bright. */
    public static BufferedImage render(float[] values, int height, int width, double lo, double hi) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double range = hi > lo ? hi - lo : 1;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = color((values[y * width + x] - lo) / range);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        return img;
    }

    /** Renders from the map's own minimum to its maximum. */
    public static BufferedImage render(float[] values, int height, int width) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return render(values, height, width, lo == Double.POSITIVE_INFINITY ? 0 : lo, hi == Double.NEGATIVE_INFINITY ? 1 : hi);
    }

    /** A horizontal colour bar of the map, low values left ({@code width x height} pixels). */
    public static BufferedImage colorBar(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            int c = color(width == 1 ? 0 : x / (double) (width - 1));
            for (int y = 0; y < height; y++) {
                img.setRGB(x, y, c);
            }
        }
        return img;
    }
}
