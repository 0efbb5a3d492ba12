package org.unet4j.io;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferFloat;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** 32-bit float TIFF writing with the JDK's TIFF plugin (javax.imageio, JDK 9+): no extra dependency. */
final class FloatTiff {
    private FloatTiff() {
    }

    static void write(Path file, List<float[]> pages, int height, int width) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("no pages to write to " + file);
        }
        AtomicFiles.write(file, temp -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(temp.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                for (float[] page : pages) {
                    if (page.length != height * width) {
                        throw new IOException("page of " + page.length + " values is not " + height + "x" + width);
                    }
                    writer.writeToSequence(new IIOImage(image(page, height, width), null, null), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private static BufferedImage image(float[] page, int height, int width) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = Raster.createWritableRaster(
                cm.createCompatibleSampleModel(width, height), new DataBufferFloat(page, page.length), new Point(0, 0));
        return new BufferedImage(cm, raster, false, null);
    }
}
