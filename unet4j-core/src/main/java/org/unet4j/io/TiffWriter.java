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
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes multi-page TIFF with the JDK's TIFF writer (javax.imageio, JDK 9+), picked explicitly so
 * that another registered TIFF plugin cannot change the output. Each page is its own IFD with one
 * baseline strip layout, which ImageJ/Fiji opens as a stack (tested with ImageJ's own reader).
 *
 * <p>No ImageJ {@code ImageDescription} is written on purpose: ImageJ reads an uncompressed file
 * whose description says {@code images=N} as N images stored back to back after the first IFD,
 * which holds only for files laid out as ImageJ lays them out; with the IFDs interleaved, as any
 * standard writer interleaves them, such a description would make ImageJ read garbage from page 2.
 */
final class TiffWriter {
    private TiffWriter() {
    }

    static void write(Path file, List<BufferedImage> pages, TiffCompression compression) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("no pages to write to " + file);
        }
        AtomicFiles.write(file, temp -> {
            ImageWriter writer = jdkWriter();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(temp.toFile())) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (compression.imageIoName() == null) {
                    param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
                } else {
                    param.setCompressionType(compression.imageIoName());
                }
                writer.prepareWriteSequence(null);
                for (BufferedImage page : pages) {
                    writer.writeToSequence(new IIOImage(page, null, null), param);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    /** A single-band 32-bit float image over {@code page} (row-major, not copied). */
    static BufferedImage floatImage(float[] page, int height, int width) {
        if (page.length != height * width) {
            throw new IllegalArgumentException("page of " + page.length + " values is not " + height + "x" + width);
        }
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = Raster.createWritableRaster(
                cm.createCompatibleSampleModel(width, height), new DataBufferFloat(page, page.length), new Point(0, 0));
        return new BufferedImage(cm, raster, false, null);
    }

    private static ImageWriter jdkWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getOriginatingProvider().getClass().getName().startsWith("com.sun.imageio.plugins.tiff.")) {
                return w;
            }
            w.dispose();
        }
        throw new IllegalStateException("the JDK's TIFF writer (javax.imageio, JDK 9+) is not available");
    }
}
