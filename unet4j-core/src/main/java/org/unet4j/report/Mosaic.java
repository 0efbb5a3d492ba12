package org.unet4j.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Pictures of equal size laid out in a grid, for previews (augmented tiles, predictions). */
public final class Mosaic {
    /** Colour of the gaps between pictures: dark gray. */
    public static final int GAP_COLOR = 0x303030;

    private Mosaic() {
    }

    /**
     * The pictures in rows of {@code columns}, left to right, top to bottom, with {@code gap} pixels
     * between them and around the edge: {@code columns * w + (columns + 1) * gap} wide and
     * {@code rows * h + (rows + 1) * gap} high, with {@code rows = ceil(n / columns)}.
     *
     * @throws IllegalArgumentException if there are no pictures, their sizes differ, or columns < 1
     */
    public static BufferedImage grid(List<BufferedImage> pictures, int columns, int gap) {
        if (pictures.isEmpty() || columns < 1 || gap < 0) {
            throw new IllegalArgumentException("need at least one picture, one column and a gap >= 0");
        }
        int w = pictures.get(0).getWidth();
        int h = pictures.get(0).getHeight();
        int rows = (pictures.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * w + (columns + 1) * gap, rows * h + (rows + 1) * gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(GAP_COLOR));
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < pictures.size(); i++) {
                BufferedImage p = pictures.get(i);
                if (p.getWidth() != w || p.getHeight() != h) {
                    throw new IllegalArgumentException("picture " + i + " is " + p.getWidth() + "x" + p.getHeight()
                            + ", the first is " + w + "x" + h);
                }
                g.drawImage(p, gap + (i % columns) * (w + gap), gap + (i / columns) * (h + gap), null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
