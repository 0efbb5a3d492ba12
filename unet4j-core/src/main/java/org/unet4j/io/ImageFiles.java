package org.unet4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.unet4j.InvalidInputException;
import org.unet4j.Phrase;
import org.unet4j.Setting;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Normalization;
import org.unet4j.data.Region;

/**
 * Reading and writing image files. This is the stable entry point of the package; its methods are
 * what the rest of unet4j calls.
 *
 * <p>Reading: PNG, TIFF (multi-page stacks, BigTIFF, LZW/Deflate/PackBits/JPEG compression, any
 * predictor), BMP and, for images only, JPEG. Samples of 1, 2, 4, 8, 12, 16 and 32 bits (unsigned
 * or signed integers), 32- and 64-bit float, grey, RGB and palette colour. Pixel values are returned
 * raw (not normalised); an alpha channel is dropped (transparency is not image content, and PNGs
 * saved from screenshots or slides carry an opaque one). Which library decodes what, and why, is
 * told in {@link ImageDecoder}.
 *
 * <p>Writing: labels as 8- or 16-bit PNG or TIFF, probability maps as 32-bit float TIFF, pictures
 * as PNG. TIFFs are baseline, one IFD per page, uncompressed unless asked (see {@link TiffWriter}
 * for Fiji/ImageJ compatibility). Every write is atomic ({@link AtomicFiles}). Values read back
 * bit-exactly.
 */
public final class ImageFiles {
    /** File name extensions that are read as images (lower case, without the dot). */
    public static final List<String> EXTENSIONS = List.of("png", "tif", "tiff", "bmp", "jpg", "jpeg");

    private ImageFiles() {
    }

    /** Whether {@code file}'s name has an image extension and is not hidden (no leading dot). */
    public static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    /**
     * The image files of a folder, sorted by name (not recursive).
     *
     * @throws InvalidInputException if the folder does not exist or holds no image file
     */
    public static List<Path> listImages(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException(folder + ": " + (Files.exists(folder) ? "is a file, expected a folder" : "no such folder")
                    + "; check the path");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(ImageFiles::isImageFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(folder + ": holds no image file (." + String.join(", .", EXTENSIONS)
                    + "); put the images there or give the right folder");
        }
        return files;
    }

    /** The facts of an image file (pages, size, channels, bit depth, sample format, compression), without decoding pixels. */
    public static ImageFileInfo describe(Path file) {
        return ImageDecoder.describe(file);
    }

    /** Every page of a PNG (one page) or TIFF (one or more pages) file, with raw pixel values. */
    public static List<Image> readImages(Path file) {
        ImageDecoder.Decoded d = ImageDecoder.read(file);
        List<Image> out = new ArrayList<>(d.pages().size());
        for (ImageDecoder.Page p : d.pages()) {
            out.add(toImage(p, d.info()));
        }
        return out;
    }

    /**
     * Page {@code index} (0-based) of a PNG or TIFF file, decoded without the other pages, with the
     * values {@link #readImages} gives that page (a task of a distributed prediction reads only its slice).
     *
     * @throws InvalidInputException if the file cannot be read or has no such page
     */
    public static Image readPage(Path file, int index) {
        ImageDecoder.Decoded d = ImageDecoder.readPage(file, index);
        return toImage(d.pages().get(0), d.info());
    }

    /**
     * Only {@code region} of page {@code index} (0-based) of a PNG or TIFF file, with the values
     * {@link #readPage} gives those pixels (a task of a distributed prediction reads only the part
     * of a large image its tiles need).
     *
     * @throws InvalidInputException if the file cannot be read, has no such page, or the region leaves it
     */
    public static Image readRegion(Path file, int index, Region region) {
        ImageDecoder.Decoded d = ImageDecoder.readRegion(file, index, region);
        return toImage(d.pages().get(0), d.info());
    }

    /**
     * Page {@code page} of {@code file} as bands of rows read on demand with {@link #readRegion},
     * for statistics of an image too large to hold ({@link Normalization#fit(Normalization.Bands)});
     * every band read is checked for non-finite values.
     *
     * @throws InvalidInputException if the file cannot be read, or (when a band is read) a band has NaN or infinite pixels
     */
    public static Normalization.Bands bands(Path file, int page) {
        ImageFileInfo info = describe(file);
        return new Normalization.Bands() {
            @Override
            public int channels() {
                return info.channels();
            }

            @Override
            public int height() {
                return info.height();
            }

            @Override
            public int width() {
                return info.width();
            }

            @Override
            public Image rows(int y, int count) {
                Image band = readRegion(file, page, new Region(y, 0, count, info.width()));
                requireFinite(band, info.pages() == 1 ? file.toString() : file + " page " + (page + 1));
                return band;
            }
        };
    }

    /**
     * A single-page image.
     *
     * @throws InvalidInputException if the file is missing, unreadable or has more than one page
     */
    public static Image readImage(Path file) {
        List<Image> pages = readImages(file);
        if (pages.size() != 1) {
            throw InvalidInputException.of("%s: has %d pages, expected a single image; pass it as a stack (e.g. %s) or split it", file,
                    pages.size(), stackPair(file.getFileName().toString(), "LABELS.tif"));
        }
        return pages.get(0);
    }

    /** A stack pair as a message suggests it: "--images A --labels B" ("images A with labels B" for the library). */
    private static Phrase stackPair(String images, String labels) {
        return Phrase.format("%s %s", Setting.IMAGES.is(images), Setting.LABELS.is(labels))
                .inLibrary("images " + images + " with labels " + labels);
    }

    /**
     * Every page of a label file as integer labels: grey values, palette indices (for indexed
     * PNG/TIFF the index is the label, whatever colour the palette gives it), or whole-number
     * float values. RGB files are accepted when every pixel is grey (R = G = B).
     *
     * @throws InvalidInputException for JPEG (lossy: compression changes label values), colour
     *     labels, or float values that are not whole numbers
     */
    public static List<LabelImage> readLabelImages(Path file) {
        ImageDecoder.Decoded d = ImageDecoder.read(file);
        if (d.info().format().equals("JPEG")) {
            throw new InvalidInputException(file + ": JPEG cannot hold labels (its lossy compression changes label values);"
                    + " export the labels as PNG or TIFF");
        }
        List<LabelImage> out = new ArrayList<>(d.pages().size());
        for (int i = 0; i < d.pages().size(); i++) {
            out.add(toLabels(d.pages().get(i), d.info(), file, i));
        }
        return out;
    }

    /** A single-page label image. */
    public static LabelImage readLabelImage(Path file) {
        List<LabelImage> pages = readLabelImages(file);
        if (pages.size() != 1) {
            throw InvalidInputException.of("%s: has %d pages, expected a single label image; pass stacks as %s", file, pages.size(),
                    stackPair("STACK.tif", "STACK.tif"));
        }
        return pages.get(0);
    }

    /** Writes labels as an 8-bit (all values in 0..255) or 16-bit (0..65535) PNG or TIFF, by the file's extension. */
    public static void writeLabelImage(Path file, LabelImage labels) {
        writeLabelImages(file, List.of(labels), TiffCompression.NONE);
    }

    /**
     * Writes label pages as one 8-bit (all values in 0..255) or 16-bit (0..65535) file: PNG (one
     * page only) or TIFF (any number of pages), by the file's extension.
     *
     * @throws IllegalArgumentException if a value is negative or above 65535, or pages differ in size
     * @throws InvalidInputException if several pages are to go into a PNG
     */
    public static void writeLabelImages(Path file, List<LabelImage> pages, TiffCompression compression) {
        String format = format(file);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("no label pages to write to " + file);
        }
        if (format.equals("png") && pages.size() > 1) {
            throw new InvalidInputException(file + ": a PNG holds one image, not " + pages.size() + " pages; write a .tif stack");
        }
        int max = 0;
        for (LabelImage l : pages) {
            for (int v : l.labels()) {
                if (v < 0 || v > 65535) {
                    throw new IllegalArgumentException("label " + v + " does not fit 16 bits (0..65535) in " + file);
                }
                max = Math.max(max, v);
            }
        }
        int type = max <= 255 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY;
        LabelImage first = pages.get(0);
        List<BufferedImage> images = new ArrayList<>(pages.size());
        for (LabelImage l : pages) {
            if (l.height() != first.height() || l.width() != first.width()) {
                throw new IllegalArgumentException("label pages differ in size: " + l.sizeText() + " and " + first.sizeText());
            }
            BufferedImage img = new BufferedImage(l.width(), l.height(), type);
            img.getRaster().setSamples(0, 0, l.width(), l.height(), 0, l.labels());
            images.add(img);
        }
        if (format.equals("png")) {
            writePng(file, images.get(0));
        } else {
            TiffWriter.write(file, images, compression);
        }
    }

    /**
     * Refuses NaN and infinite pixels (training and prediction alike): one line naming
     * {@code where}, how many there are, the first one, and the fix.
     *
     * @throws InvalidInputException if a pixel is not a finite number
     */
    public static void requireFinite(Image image, String where) {
        long bad = 0;
        int first = -1;
        float[] px = image.pixels();
        for (int i = 0; i < px.length; i++) {
            if (!Float.isFinite(px[i])) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0) {
            int at = first % (image.height() * image.width());
            throw new InvalidInputException(where + ": " + bad + " pixels are NaN or infinite (first at x=" + (at % image.width()) + " y="
                    + (at / image.width()) + "); replace them with numbers (Fiji: Process > Noise > Remove NaNs)");
        }
    }

    /** Writes an RGB or gray picture (previews, heat maps, overlays, labels) as PNG. */
    public static void writePng(Path file, BufferedImage image) {
        AtomicFiles.write(file, temp -> {
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG writer for image type " + image.getType());
            }
        });
    }

    /** Writes 32-bit float pages ({@code height x width} each, row-major) as one uncompressed multi-page TIFF. */
    public static void writeFloatTiff(Path file, List<float[]> pages, int height, int width) {
        writeFloatTiff(file, pages, height, width, TiffCompression.NONE);
    }

    /** Writes 32-bit float pages ({@code height x width} each, row-major) as one multi-page TIFF. */
    public static void writeFloatTiff(Path file, List<float[]> pages, int height, int width, TiffCompression compression) {
        List<BufferedImage> images = new ArrayList<>(pages.size());
        for (float[] p : pages) {
            images.add(TiffWriter.floatImage(p, height, width));
        }
        TiffWriter.write(file, images, compression);
    }

    /**
     * Writes float32 pages as one TIFF that ImageJ/Fiji opens as a hyperstack of {@code channels x
     * slices} (page {@code s * channels + c} is channel {@code c} of slice {@code s}) with the display
     * range {@code displayMin..displayMax}; other readers see an ordinary multi-page TIFF. Laid out as
     * ImageJ lays out its own files ({@link ImageJTiff}), so the ImageJ description is safe here.
     */
    public static void writeFloatHyperstack(Path file, List<float[]> pages, int height, int width, int channels, int slices,
            double displayMin, double displayMax) {
        ImageJTiff.writeFloat(file, pages, height, width, channels, slices, displayMin, displayMax);
    }

    /** Writes label slices as one 8-bit (all values 0..255) or 16-bit (0..65535) ImageJ-style TIFF stack, one page per slice. */
    public static void writeLabelStack(Path file, List<LabelImage> slices) {
        ImageJTiff.writeLabels(file, slices);
    }

    /**
     * Opens an ImageJ-style TIFF stack for writing page by page (long stacks need not be in memory at
     * once); ImageJ/Fiji opens it as a hyperstack of {@code channels x slices}, channel fastest. Write
     * every page, then {@link ImageJTiff.StackWriter#commit() commit}; the target appears only then.
     */
    public static ImageJTiff.StackWriter openStack(Path file, int height, int width, ImageJTiff.PixelType type, int channels,
            int slices, double displayMin, double displayMax) {
        return ImageJTiff.open(file, height, width, type, channels, slices, displayMin, displayMax);
    }

    /** The writer format for a file name: {@code png} or {@code tiff}. */
    static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return "tiff";
        }
        throw new InvalidInputException(file + ": unsupported output file type; use .png, .tif or .tiff");
    }

    private static Image toImage(ImageDecoder.Page page, ImageFileInfo info) {
        Raster r = page.raster();
        int h = r.getHeight();
        int w = r.getWidth();
        int n = h * w;
        if (page.colorModel() instanceof IndexColorModel icm) {
            int[] idx = r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, new int[n]);
            boolean grey = ImageDecoder.greyPalette(icm);
            int c = grey ? 1 : 3;
            float[] px = new float[c * n];
            for (int i = 0; i < n; i++) {
                px[i] = icm.getRed(idx[i]);
                if (!grey) {
                    px[n + i] = icm.getGreen(idx[i]);
                    px[2 * n + i] = icm.getBlue(idx[i]);
                }
            }
            return new Image(c, h, w, px);
        }
        int c = channels(page);
        float[] px = new float[c * n];
        boolean uint32 = unsigned32(r, info);
        int[] ints = uint32 ? new int[n] : null;
        float[] band = new float[n];
        for (int b = 0; b < c; b++) {
            if (uint32) {
                r.getSamples(r.getMinX(), r.getMinY(), w, h, b, ints);
                for (int i = 0; i < n; i++) {
                    band[i] = (float) Integer.toUnsignedLong(ints[i]);
                }
            } else {
                r.getSamples(r.getMinX(), r.getMinY(), w, h, b, band);
            }
            System.arraycopy(band, 0, px, b * n, n);
        }
        return new Image(c, h, w, px);
    }

    private static LabelImage toLabels(ImageDecoder.Page page, ImageFileInfo info, Path file, int pageIndex) {
        Raster r = page.raster();
        int h = r.getHeight();
        int w = r.getWidth();
        int n = h * w;
        String where = file + (info.pages() > 1 ? " page " + (pageIndex + 1) : "");
        if (page.colorModel() instanceof IndexColorModel) {
            return new LabelImage(h, w, r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, new int[n]));
        }
        int channels = channels(page);
        int type = r.getDataBuffer().getDataType();
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            if (channels != 1) {
                throw colourLabels(where, info);
            }
            double[] v = r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, new double[n]);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                    throw new InvalidInputException(where + ": label value " + v[i] + " at x=" + (i % w) + " y=" + (i / w)
                            + " is not a whole number; labels must be integers: save them as 8- or 16-bit (Fiji: Image > Type > 16-bit)");
                }
                out[i] = (int) v[i];
            }
            return new LabelImage(h, w, out);
        }
        int[] out = r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, new int[n]);
        if (unsigned32(r, info)) {
            for (int i = 0; i < n; i++) {
                if (out[i] < 0) {
                    throw new InvalidInputException(where + ": label value " + Integer.toUnsignedString(out[i]) + " at x=" + (i % w)
                            + " y=" + (i / w) + " is above 2147483647; renumber the labels (1, 2, 3, ...)");
                }
            }
        }
        if (channels == 1) {
            return new LabelImage(h, w, out);
        }
        if (channels != 3) {
            throw colourLabels(where, info);
        }
        int[] g = r.getSamples(r.getMinX(), r.getMinY(), w, h, 1, new int[n]);
        int[] b = r.getSamples(r.getMinX(), r.getMinY(), w, h, 2, new int[n]);
        for (int i = 0; i < n; i++) {
            if (out[i] != g[i] || out[i] != b[i]) {
                throw new InvalidInputException(where + ": colour label image (pixel x=" + (i % w) + " y=" + (i / w) + " is RGB "
                        + out[i] + "," + g[i] + "," + b[i] + "), expected one value per pixel; save labels as 8/16-bit grey or"
                        + " indexed (palette) PNG");
            }
        }
        return new LabelImage(h, w, out);
    }

    /** Bands of a page without its alpha band. */
    private static int channels(ImageDecoder.Page page) {
        int bands = page.raster().getNumBands();
        return page.colorModel() != null && page.colorModel().hasAlpha() && bands > 1 ? bands - 1 : bands;
    }

    private static InvalidInputException colourLabels(String where, ImageFileInfo info) {
        return new InvalidInputException(where + ": label image has " + info.channels() + " channels (" + info.colour()
                + "), expected 1; save labels as a single-channel 8- or 16-bit image");
    }

    private static boolean unsigned32(Raster r, ImageFileInfo info) {
        return r.getDataBuffer().getDataType() == DataBuffer.TYPE_INT && info.bitsPerSample() == 32
                && info.sampleFormat() == ImageFileInfo.SampleFormat.UINT;
    }
}
