package org.unet4j.io;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.unet4j.data.LabelImage;
import org.unet4j.data.synth.SyntheticSample;
import org.unet4j.data.synth.SyntheticStyle;

/**
 * Synthetic samples as files in the standard layout: {@code images/NAME.png} (8-bit gray, the
 * generator's whole gray values unchanged) and {@code labels/NAME.png} (cells: 16-bit instance ids,
 * one bit depth for the whole set, as in the Cell Tracking Challenge; membranes: 8-bit 0 = membrane,
 * 255 = interior). Writes are atomic.
 */
public final class SyntheticFiles {
    private SyntheticFiles() {
    }

    /** Writes {@code s} as {@code images/fileName} and {@code labels/fileName} under {@code dir}. */
    public static void write(Path dir, String fileName, SyntheticSample s) {
        ImageFiles.writeLabelImage(dir.resolve("images").resolve(fileName), wholeValues(s));
        if (s.style() == SyntheticStyle.CELLS) {
            ImageFiles.writePng(dir.resolve("labels").resolve(fileName), sixteenBit(s.labels()));
        } else {
            ImageFiles.writeLabelImage(dir.resolve("labels").resolve(fileName), s.labels());
        }
    }

    /** The image's whole gray values 0..255 as labels, so that they are written as an 8-bit gray PNG unchanged. */
    private static LabelImage wholeValues(SyntheticSample s) {
        float[] p = s.image().pixels();
        int[] v = new int[p.length];
        for (int k = 0; k < p.length; k++) {
            v[k] = Math.round(p[k]);
        }
        return new LabelImage(s.image().height(), s.image().width(), v);
    }

    /** Instance ids as a 16-bit gray picture, whatever the largest id (one bit depth for the whole set). */
    private static BufferedImage sixteenBit(LabelImage l) {
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSamples(0, 0, l.width(), l.height(), 0, l.labels());
        return img;
    }
}
