package org.unet4j.io;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageIO;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Region;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Opens image files with the right ImageIO reader and reports their facts; every failure becomes
 * an {@link InvalidInputException} naming the file.
 *
 * <p>TIFF is read with TwelveMonkeys ({@code com.twelvemonkeys.imageio:imageio-tiff}), chosen
 * explicitly rather than through ImageIO's plugin order. Tested side by side with the JDK's own
 * TIFF plugin (javax.imageio, JDK 9+) on the files microscopy tools write, both read 8/16/32-bit
 * integer, 32-bit float, 1-bit, RGB, ImageJ-written stacks and LZW/Deflate/PackBits, but the JDK
 * plugin fails on three kinds of file that TwelveMonkeys reads correctly: 16-bit and float data
 * with a predictor (horizontal differencing on 16-bit, floating-point predictor 3: the default of
 * Python's tifffile with compression, hence of napari, cellpose and StarDist outputs), BigTIFF
 * (QuPath's and Bio-Formats' large OME-TIFF exports) and 12-bit packed samples (which it returns
 * scaled to 16 bits). PNG, BMP and JPEG are read with the JDK's plugins.
 */
final class ImageDecoder {
    /** One decoded page: its raster and colour model. */
    record Page(Raster raster, ColorModel colorModel) {
    }

    /** A decoded file. */
    record Decoded(ImageFileInfo info, List<Page> pages) {
    }

    @FunctionalInterface
    private interface ReaderWork<T> {
        T apply(ImageReader reader, String format) throws IOException;
    }

    private ImageDecoder() {
    }

    static ImageFileInfo describe(Path file) {
        return withReader(file, (reader, format) -> info(file, reader, format));
    }

    static Decoded read(Path file) {
        return withReader(file, (reader, format) -> {
            ImageFileInfo info = info(file, reader, format);
            checkSupported(info);
            checkDeclaredSize(info);
            List<Page> pages = new ArrayList<>(info.pages());
            for (int i = 0; i < info.pages(); i++) {
                Page page = page(reader, i);
                Raster r = page.raster();
                if (r.getWidth() != info.width() || r.getHeight() != info.height()) {
                    throw new InvalidInputException(file + ": page " + (i + 1) + " is " + r.getHeight() + "x" + r.getWidth()
                            + " but page 1 is " + info.height() + "x" + info.width() + " (a pyramid or thumbnail page?);"
                            + " export a stack whose pages all have one size");
                }
                pages.add(page);
            }
            return new Decoded(info, pages);
        });
    }

    /**
     * Only page {@code index} (0-based) of {@code file}, decoded without the others (a slice of a
     * large stack), with the checks of {@link #read}.
     *
     * @throws InvalidInputException if the page does not exist or differs in size from page 1
     */
    static Decoded readPage(Path file, int index) {
        return readPart(file, index, null);
    }

    /**
     * Only {@code region} of page {@code index} of {@code file} (a distributed task reads the part
     * of a large image it needs): the reader decodes the strips or tiles the region lies in, not the
     * whole page where the format allows it (TIFF). Values are those of the same pixels of
     * {@link #readPage}.
     *
     * @throws InvalidInputException if the page does not exist or the region leaves it
     */
    static Decoded readRegion(Path file, int index, Region region) {
        return readPart(file, index, region);
    }

    /** Page {@code index}, whole ({@code region} null) or only {@code region} of it. */
    private static Decoded readPart(Path file, int index, Region region) {
        return withReader(file, (reader, format) -> {
            ImageFileInfo info = info(file, reader, format);
            checkSupported(info);
            checkDeclaredSize(info);
            if (index < 0 || index >= info.pages()) {
                throw new InvalidInputException(file + ": has " + info.pages() + " page(s), so page " + (index + 1)
                        + " does not exist; give a page from 1 to " + info.pages());
            }
            if (region != null && !region.within(info.height(), info.width())) {
                throw new InvalidInputException(file + ": the region " + region + " leaves the image of " + info.height() + "x"
                        + info.width() + "; the file changed since the job was planned: run the job again");
            }
            ImageReadParam param = null;
            if (region != null) {
                param = reader.getDefaultReadParam();
                param.setSourceRegion(new Rectangle(region.x(), region.y(), region.width(), region.height()));
            }
            Page page = page(reader, index, param);
            Raster r = page.raster();
            int h = region == null ? info.height() : region.height();
            int w = region == null ? info.width() : region.width();
            if (r.getWidth() != w || r.getHeight() != h) {
                throw new InvalidInputException(file + ": page " + (index + 1) + " is " + r.getHeight() + "x" + r.getWidth()
                        + (region == null ? "" : " in the region " + region) + " but page 1 is " + info.height() + "x" + info.width()
                        + " (a pyramid or thumbnail page?); export a stack whose pages all have one size");
            }
            return new Decoded(info, List.of(page));
        });
    }

    /**
     * Highest ratio of pixel bytes to file bytes accepted for compressed TIFF and PNG files (deflate
     * reaches about 1,030:1, LZW and PackBits less); bilevel CCITT images are not bounded.
     */
    static final long MAX_COMPRESSION_RATIO = 4096;

    /**
     * Refuses a header that declares far more pixels than the file can hold (a truncated or corrupt
     * file) before gigabytes are allocated for them: uncompressed data must fit in the file,
     * compressed data must not claim more than {@link #MAX_COMPRESSION_RATIO} times its size.
     */
    static void checkDeclaredSize(ImageFileInfo info) throws IOException {
        long fileBytes = Files.size(info.file());
        long samples = (long) info.pages() * info.height() * info.width() * info.channels();
        long pixelBytes = (samples * info.bitsPerSample() + 7) / 8;
        String compression = info.compression().toLowerCase(Locale.ROOT);
        boolean uncompressed = info.format().equals("TIFF") && (compression.equals("none") || compression.equals("uncompressed"));
        boolean bounded = (info.format().equals("TIFF") || info.format().equals("PNG")) && info.bitsPerSample() > 1
                && !compression.contains("ccitt");
        long limit = uncompressed ? fileBytes : bounded ? fileBytes * MAX_COMPRESSION_RATIO : Long.MAX_VALUE;
        if (pixelBytes > limit) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: the header declares %d page(s) of %dx%d pixels (%,d bytes of"
                    + " %s samples) but the file has only %,d bytes; the file is truncated or corrupt: re-export it", info.file(),
                    info.pages(), info.height(), info.width(), pixelBytes, info.typeText(), fileBytes));
        }
    }

    /** Refuses sample types that have no exact float/int reading (64-bit integers, 24-bit float...). */
    private static void checkSupported(ImageFileInfo info) {
        int bits = info.bitsPerSample();
        boolean ok = switch (info.sampleFormat()) {
            case UINT, INDEX -> bits >= 1 && bits <= 32;
            case INT -> bits == 8 || bits == 16 || bits == 32;
            case FLOAT -> bits == 16 || bits == 32 || bits == 64;
        };
        if (!ok) {
            throw new InvalidInputException(info.file() + ": " + info.typeText() + " samples are not supported, expected 1- to 32-bit"
                    + " integers or 16/32/64-bit float; convert the image (Fiji: Image > Type > 32-bit) and save it as TIFF");
        }
    }

    /**
     * One page. Grey and RGB TIFF pages are read as raw rasters: going through a BufferedImage
     * would clamp float samples to 0..1 (the colour model's range). Everything else (PNG palettes,
     * YCbCr JPEG data) goes through {@code read}, which applies the colour conversion.
     */
    private static Page page(ImageReader reader, int index) throws IOException {
        return page(reader, index, null);
    }

    /** {@link #page(ImageReader, int)} of the source region of {@code param} (null: the whole page). */
    private static Page page(ImageReader reader, int index, ImageReadParam param) throws IOException {
        if (reader.canReadRaster()) {
            ImageTypeSpecifier raw = reader.getRawImageType(index);
            ColorModel cm = raw == null ? null : raw.getColorModel();
            int space = cm == null ? -1 : cm.getColorSpace().getType();
            if (cm != null && !(cm instanceof IndexColorModel) && (space == ColorSpace.TYPE_GRAY || space == ColorSpace.TYPE_RGB)) {
                return new Page(reader.readRaster(index, param), cm);
            }
        }
        BufferedImage image = reader.read(index, param);
        return new Page(image.getRaster(), image.getColorModel());
    }

    private static <T> T withReader(Path file, ReaderWork<T> work) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(file + ": no such file; check the path");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": is a folder, expected an image file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(file + ": cannot be read (permission denied); check its permissions");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(file + ": not a PNG, TIFF, BMP or JPEG image (" + Files.size(file)
                        + " bytes of another format, or a damaged header); re-save it as PNG or TIFF");
            }
            ImageReader reader = readers.next();
            String format = formatOf(file, reader);
            if (format.equals("TIFF")) {
                reader.dispose();
                reader = new TIFFImageReaderSpi().createReaderInstance();
            }
            try {
                reader.setInput(in, false, false);
                return work.apply(reader, format);
            } finally {
                reader.dispose();
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (e instanceof OutOfMemoryError) {
                throw new InvalidInputException(file + ": too large to read in the available memory; give Java more"
                        + " (UNET_JAVA_OPTS=-Xmx16g) or crop the image", e);
            }
            if (reason(e).contains("nsupported")) {
                throw new InvalidInputException(file + ": uses an image type unet4j cannot read (" + reason(e) + "); convert it to"
                        + " 8/16-bit integer or 32-bit float and save it as TIFF (Fiji: Image > Type, then File > Save As > Tiff)", e);
            }
            throw new InvalidInputException(file + ": cannot be read (" + reason(e) + "); the file is truncated or corrupt, or uses a"
                    + " feature unet4j cannot read: re-export it as PNG or TIFF from the program that made it", e);
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    private static String formatOf(Path file, ImageReader reader) {
        String name = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "png" -> "PNG";
            case "tif", "tiff", "bigtiff" -> "TIFF";
            case "bmp" -> "BMP";
            case "jpg", "jpeg" -> "JPEG";
            default -> throw new InvalidInputException(file + ": " + name.toUpperCase(Locale.ROOT)
                    + " images are not supported, expected PNG, TIFF, BMP or JPEG; re-save it as PNG or TIFF");
        };
    }

    private static ImageFileInfo info(Path file, ImageReader reader, String format) throws IOException {
        int pages = reader.getNumImages(true);
        if (pages < 1) {
            throw new InvalidInputException(file + ": contains no readable page; the file is truncated or corrupt: re-export it");
        }
        int height = reader.getHeight(0);
        int width = reader.getWidth(0);
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        ColorModel cm = types.hasNext() ? types.next().getColorModel() : null;
        IIOMetadata metadata = reader.getImageMetadata(0);
        Node root = metadata == null || !metadata.isStandardMetadataFormatSupported() ? null
                : metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
        String bitsText = attribute(root, "Data", "BitsPerSample", "value");
        int bits = bitsText != null ? Integer.parseInt(bitsText.trim().split("\\s+")[0])
                : cm != null ? cm.getComponentSize(0) : 8;
        String formatText = attribute(root, "Data", "SampleFormat", "value");
        ImageFileInfo.SampleFormat sampleFormat;
        if ("Index".equals(formatText) || formatText == null && cm instanceof IndexColorModel) {
            sampleFormat = ImageFileInfo.SampleFormat.INDEX;
        } else if ("Real".equals(formatText)) {
            sampleFormat = ImageFileInfo.SampleFormat.FLOAT;
        } else if ("SignedIntegral".equals(formatText)) {
            sampleFormat = ImageFileInfo.SampleFormat.INT;
        } else {
            sampleFormat = ImageFileInfo.SampleFormat.UINT;
        }
        String compression = attribute(root, "Compression", "CompressionTypeName", "value");
        String space = attribute(root, "Chroma", "ColorSpaceType", "name");
        boolean alpha = cm != null && cm.hasAlpha() && !(cm instanceof IndexColorModel);
        String colour;
        int channels;
        if (cm instanceof IndexColorModel icm) {
            channels = greyPalette(icm) ? 1 : 3;
            colour = sampleFormat == ImageFileInfo.SampleFormat.INDEX ? "palette" : channels == 1 ? "gray" : "RGB";
        } else {
            int components = cm != null ? cm.getNumComponents() : 1;
            channels = components - (alpha ? 1 : 0);
            boolean rgb = channels == 3 || "RGB".equals(space) || "YCbCr".equals(space);
            colour = rgb ? (alpha ? "RGBA" : "RGB") : channels == 1 ? (alpha ? "gray+alpha" : "gray") : channels + "-channel";
        }
        return new ImageFileInfo(file, format, pages, height, width, channels, bits, sampleFormat, colour,
                compression == null ? "None" : compression);
    }

    /** Whether every palette entry is grey (R = G = B), so the palette holds grey values. */
    static boolean greyPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getRed(i) != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static String attribute(Node root, String section, String element, String attribute) {
        if (root == null) {
            return null;
        }
        for (Node s = root.getFirstChild(); s != null; s = s.getNextSibling()) {
            if (!s.getNodeName().equals(section)) {
                continue;
            }
            for (Node e = s.getFirstChild(); e != null; e = e.getNextSibling()) {
                if (e.getNodeName().equals(element) && e instanceof Element el && el.hasAttribute(attribute)) {
                    return el.getAttribute(attribute);
                }
            }
        }
        return null;
    }
}
