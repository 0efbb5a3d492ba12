package org.unet4j.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.ImageFiles;
import org.unet4j.train.Blobs;

/** {@link Blobs} written as a training folder pair: 8-bit gray PNG images and 16-bit instance label PNGs, same names. */
final class BlobFolders {
    private BlobFolders() {
    }

    /** Writes {@code n} images of {@code size} px into {@code images} and their labels into {@code labels}. */
    static void write(Path images, Path labels, int n, int size, long seed) {
        List<SegmentationSample> samples = Blobs.samples(n, size, seed);
        for (SegmentationSample s : samples) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage lab = new BufferedImage(size, size, BufferedImage.TYPE_USHORT_GRAY);
            float[] px = s.image().pixels();
            int[] ids = s.instances().labels();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, Math.round(60 + 120 * px[i]))));
                    lab.getRaster().setSample(x, y, 0, ids[i]);
                }
            }
            ImageFiles.writePng(images.resolve(s.name() + ".png"), img);
            ImageFiles.writePng(labels.resolve(s.name() + ".png"), lab);
        }
    }
}
