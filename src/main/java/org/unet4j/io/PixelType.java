package org.unet4j.io;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.ImageIO;
import org.unet4j.InvalidInputException;

/**
 * The sample type of an image file's pixels, read from its header without decoding the pixels.
 * {@link ImageFiles#readImages} returns raw values as floats; this says what they were stored
 * as, e.g. to scale 8-bit (0..255) or 16-bit (0..65535) probability maps to [0, 1].
 */
public enum PixelType {
    /** 1-bit (binary). */
    BIT,
    /** 2-, 4- or 8-bit unsigned integers. */
    UINT8,
    /** 16-bit unsigned integers. */
    UINT16,
    /** 16-bit signed integers. */
    INT16,
    /** 32-bit integers. */
    INT32,
    /** 32-bit floating point. */
    FLOAT32,
    /** 64-bit floating point. */
    FLOAT64;

    /** Whether the values are floating point. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * The sample type of the first page of {@code file} (PNG or TIFF).
     *
     * @throws InvalidInputException if the file is missing, not an image or of an unknown sample type
     */
    public static PixelType of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file; check the path");
        }
        ImageFiles.format(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(file + ": not a readable PNG or TIFF image (corrupt, or another format);"
                        + " re-save it as PNG or TIFF");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                ImageTypeSpecifier type = reader.getRawImageType(0);
                SampleModel model = type != null ? type.getSampleModel() : reader.readRaster(0, null).getSampleModel();
                return of(model, file);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + "); the file may be truncated or"
                    + " corrupt, re-export it", e);
        }
    }

    private static PixelType of(SampleModel model, Path file) {
        switch (model.getDataType()) {
            case DataBuffer.TYPE_BYTE:
                return model.getSampleSize(0) == 1 ? BIT : UINT8;
            case DataBuffer.TYPE_USHORT:
                return UINT16;
            case DataBuffer.TYPE_SHORT:
                return INT16;
            case DataBuffer.TYPE_INT:
                return INT32;
            case DataBuffer.TYPE_FLOAT:
                return FLOAT32;
            case DataBuffer.TYPE_DOUBLE:
                return FLOAT64;
            default:
                throw new InvalidInputException(file + ": unsupported sample type " + model.getDataType()
                        + "; save it as 8- or 16-bit integers or 32-bit float");
        }
    }
}
