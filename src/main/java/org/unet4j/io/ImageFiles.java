package org.unet4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

/**
 * Reading and writing image files: PNG and TIFF, 8/16-bit, 32-bit float, RGB, multi-page stacks.
 * Pixel values are returned raw (not normalised). Every write is atomic ({@link AtomicFiles}).
 *
 * <p>This is the stable entry point of the package; its methods are what the rest of unet4j calls.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Every page of a PNG (one page) or TIFF (one or more pages) file, with raw pixel values. */
    public static List<Image> readImages(Path file) {
        List<Raster> rasters = readRasters(file);
        List<Image> out = new ArrayList<>(rasters.size());
        for (Raster r : rasters) {
            int h = r.getHeight();
            int w = r.getWidth();
            int c = r.getNumBands();
            float[] px = new float[c * h * w];
            float[] band = new float[h * w];
            for (int b = 0; b < c; b++) {
                r.getSamples(0, 0, w, h, b, band);
                System.arraycopy(band, 0, px, b * h * w, h * w);
            }
            out.add(new Image(c, h, w, px));
        }
        return out;
    }

    /**
     * A single-page image.
     *
     * @throws InvalidInputException if the file is missing, unreadable or has more than one page
     */
    public static Image readImage(Path file) {
        List<Image> pages = readImages(file);
        if (pages.size() != 1) {
            throw new InvalidInputException(file + ": has " + pages.size() + " pages, expected a single image;"
                    + " pass it as a stack (e.g. --images " + file.getFileName() + " --labels LABELS.tif) or split it");
        }
        return pages.get(0);
    }

    /** Every page of a label file as integer labels (single-channel integer pixels). */
    public static List<LabelImage> readLabelImages(Path file) {
        List<Raster> rasters = readRasters(file);
        List<LabelImage> out = new ArrayList<>(rasters.size());
        for (Raster r : rasters) {
            if (r.getNumBands() != 1) {
                throw new InvalidInputException(file + ": label image has " + r.getNumBands()
                        + " channels, expected 1; save the labels as a single-channel 8- or 16-bit image");
            }
            int h = r.getHeight();
            int w = r.getWidth();
            out.add(new LabelImage(h, w, r.getSamples(0, 0, w, h, 0, new int[h * w])));
        }
        return out;
    }

    /** A single-page label image. */
    public static LabelImage readLabelImage(Path file) {
        List<LabelImage> pages = readLabelImages(file);
        if (pages.size() != 1) {
            throw new InvalidInputException(file + ": has " + pages.size() + " pages, expected a single label image");
        }
        return pages.get(0);
    }

    /** Writes labels as an 8-bit (all values in 0..255) or 16-bit (0..65535) PNG or TIFF, by the file's extension. */
    public static void writeLabelImage(Path file, LabelImage labels) {
        int max = labels.max();
        int min = java.util.Arrays.stream(labels.labels()).min().orElse(0);
        if (min < 0 || max > 65535) {
            throw new IllegalArgumentException("labels " + min + ".." + max + " do not fit 16 bits");
        }
        int type = max <= 255 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY;
        BufferedImage img = new BufferedImage(labels.width(), labels.height(), type);
        img.getRaster().setSamples(0, 0, labels.width(), labels.height(), 0, labels.labels());
        write(file, img);
    }

    /** Writes an RGB or gray picture (previews, heat maps, overlays) as PNG. */
    public static void writePng(Path file, BufferedImage image) {
        write(file, image);
    }

    /** Writes 32-bit float pages ({@code height x width} each, row-major) as one multi-page TIFF. */
    public static void writeFloatTiff(Path file, List<float[]> pages, int height, int width) {
        FloatTiff.write(file, pages, height, width);
    }

    /**
     * Writes float32 pages as one TIFF that ImageJ/Fiji opens as a hyperstack of {@code channels x
     * slices} (page {@code s * channels + c} is channel {@code c} of slice {@code s}) with the display
     * range {@code displayMin..displayMax}; other readers see an ordinary multi-page TIFF.
     */
    public static void writeFloatHyperstack(Path file, List<float[]> pages, int height, int width, int channels, int slices,
            double displayMin, double displayMax) {
        ImageJTiff.writeFloat(file, pages, height, width, channels, slices, displayMin, displayMax);
    }

    /** Writes label slices as one 8-bit (all values 0..255) or 16-bit (0..65535) TIFF stack, one page per slice. */
    public static void writeLabelStack(Path file, List<LabelImage> slices) {
        ImageJTiff.writeLabels(file, slices);
    }

    /**
     * Opens a TIFF stack for writing page by page (long stacks need not be in memory at once);
     * ImageJ/Fiji opens it as a hyperstack of {@code channels x slices}, channel fastest. Write every
     * page, then {@link ImageJTiff.StackWriter#commit() commit}; the target appears only then.
     */
    public static ImageJTiff.StackWriter openStack(Path file, int height, int width, ImageJTiff.PixelType type, int channels,
            int slices, double displayMin, double displayMax) {
        return ImageJTiff.open(file, height, width, type, channels, slices, displayMin, displayMax);
    }

    private static void write(Path file, BufferedImage img) {
        String format = format(file);
        AtomicFiles.write(file, temp -> {
            if (!ImageIO.write(img, format, temp.toFile())) {
                throw new IOException("no ImageIO writer for " + format);
            }
        });
    }

    static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return "tiff";
        }
        throw new InvalidInputException(file + ": unsupported file type; use .png, .tif or .tiff");
    }

    private static List<Raster> readRasters(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file; check the path");
        }
        format(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(file + ": not a readable PNG or TIFF image (corrupt, or another format);"
                        + " re-save it as PNG or TIFF");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int n = reader.getNumImages(true);
                List<Raster> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(reader.canReadRaster() ? reader.readRaster(i, null) : reader.read(i).getRaster());
                }
                if (out.isEmpty()) {
                    throw new InvalidInputException(file + ": contains no image; re-save it");
                }
                return out;
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
}
