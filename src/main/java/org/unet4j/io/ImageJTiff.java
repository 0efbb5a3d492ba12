package org.unet4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.data.LabelImage;

/**
 * Multi-page TIFF files laid out the way ImageJ/Fiji writes them, so that Fiji opens a stack of
 * class probabilities as a hyperstack (channels x slices) with the right display range, and every
 * other TIFF reader (javax.imageio, tifffile, Bio-Formats) sees an ordinary multi-page TIFF.
 *
 * <p><b>Why written by hand.</b> ImageJ recognises its own stacks by the {@code ImageDescription}
 * of the first page ({@code ImageJ=...\nimages=N\nchannels=K\nslices=S\nhyperstack=true}) and then
 * ignores the other pages' directories and reads all N images as one contiguous block starting at
 * the first page's pixel data. The JDK's TIFF writer interleaves directories and pixel data, which
 * ImageJ would then misread; no small, well-kept library on Maven Central writes this layout
 * (Bio-Formats/SCIFIO would bring a large dependency tree). The layout written here: header, the
 * first directory with the description, the pixel data of all pages back to back (uncompressed,
 * little-endian, one strip per page), then the directories of the remaining pages. Classic TIFF
 * (32-bit offsets) limits a file to 4 GiB.
 */
public final class ImageJTiff {
    private static final int FLOAT = 3;
    private static final int UINT = 1;
    private static final long MAX_BYTES = 0xFFFF_FFFFL;

    private ImageJTiff() {
    }

    /**
     * Writes float32 pages as a hyperstack in ImageJ's order: channel fastest, then slice (page
     * {@code s * channels + c} is channel {@code c} of slice {@code s}).
     *
     * @param displayMin lower end of the display range ImageJ shows (e.g. 0 for probabilities)
     * @param displayMax upper end (e.g. 1)
     */
    public static void writeFloat(Path file, List<float[]> pages, int height, int width, int channels, int slices,
            double displayMin, double displayMax) {
        checkLayout(file, pages.size(), channels, slices);
        for (float[] p : pages) {
            if (p.length != height * width) {
                throw new IllegalArgumentException("page of " + p.length + " values is not " + height + "x" + width);
            }
        }
        String description = description(pages.size(), channels, slices, displayMin, displayMax);
        write(file, pages.size(), height, width, 32, FLOAT, description, (index, buf) -> buf.asFloatBuffer().put(pages.get(index)));
    }

    /**
     * Writes label slices as an 8-bit (all values 0..255) or 16-bit (0..65535) stack, one page per
     * slice.
     *
     * @throws IllegalArgumentException if a label is negative or above 65535
     */
    public static void writeLabels(Path file, List<LabelImage> slices) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("no slices to write to " + file);
        }
        int h = slices.get(0).height();
        int w = slices.get(0).width();
        int max = 0;
        for (LabelImage l : slices) {
            if (l.height() != h || l.width() != w) {
                throw new IllegalArgumentException("slices of different sizes: " + l.sizeText() + " and " + h + "x" + w);
            }
            for (int v : l.labels()) {
                if (v < 0 || v > 65535) {
                    throw new IllegalArgumentException("label " + v + " does not fit 16 bits");
                }
                max = Math.max(max, v);
            }
        }
        int bits = max <= 255 ? 8 : 16;
        String description = description(slices.size(), 1, slices.size(), 0, Math.max(1, max));
        write(file, slices.size(), h, w, bits, UINT, description, (index, buf) -> {
            for (int v : slices.get(index).labels()) {
                if (bits == 8) {
                    buf.put((byte) v);
                } else {
                    buf.putShort((short) v);
                }
            }
        });
    }

    private static void checkLayout(Path file, int pages, int channels, int slices) {
        if (pages == 0) {
            throw new IllegalArgumentException("no pages to write to " + file);
        }
        if (channels < 1 || slices < 1 || (long) channels * slices != pages) {
            throw new IllegalArgumentException(pages + " pages are not " + channels + " channels x " + slices + " slices");
        }
    }

    static String description(int images, int channels, int slices, double min, double max) {
        StringBuilder sb = new StringBuilder("ImageJ=1.11a\n");
        if (images > 1) {
            sb.append("images=").append(images).append('\n');
            if (channels > 1) {
                sb.append("channels=").append(channels).append('\n');
            }
            if (slices > 1) {
                sb.append("slices=").append(slices).append('\n');
            }
            if (channels > 1 && slices > 1) {
                sb.append("hyperstack=true\n");
            }
            if (channels > 1) {
                sb.append("mode=grayscale\n");
            }
        }
        sb.append(String.format(Locale.ROOT, "min=%s\nmax=%s\n", min, max));
        return sb.toString();
    }

    /** Puts the pixels of page {@code index} into a buffer that holds exactly one page. */
    @FunctionalInterface
    private interface PageEncoder {
        void encode(int index, ByteBuffer buffer);
    }

    private static void write(Path file, int pages, int height, int width, int bits, int sampleFormat, String description,
            PageEncoder encoder) {
        long pageBytes = (long) height * width * (bits / 8);
        byte[] desc = (description + '\0').getBytes(StandardCharsets.US_ASCII);
        int firstEntries = 12;
        int otherEntries = 11;
        long ifd0 = 8;
        long descOffset = ifd0 + 2 + 12L * firstEntries + 4;
        long dataOffset = even(descOffset + desc.length);
        long ifdsOffset = even(dataOffset + pageBytes * pages);
        long ifdBytes = 2 + 12L * otherEntries + 4;
        long total = ifdsOffset + ifdBytes * (pages - 1);
        if (total > MAX_BYTES) {
            throw new InvalidInputException(file + ": " + pages + " pages of " + height + "x" + width + " would make a TIFF of "
                    + total / (1L << 20) + " MiB, over the 4 GiB limit of classic TIFF; predict fewer slices per file (split the stack)");
        }
        if (pageBytes > Integer.MAX_VALUE) {
            throw new InvalidInputException(file + ": one page of " + height + "x" + width + " is over 2 GiB; split the image");
        }
        AtomicFiles.write(file, temp -> {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = le(ByteBuffer.allocate((int) dataOffset));
                head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifd0);
                long next = pages > 1 ? ifdsOffset : 0;
                directory(head, firstEntries, width, height, bits, sampleFormat, dataOffset, pageBytes, desc.length, descOffset, next);
                head.put(desc);
                writeFully(ch, head.flip());
                ByteBuffer page = le(ByteBuffer.allocate((int) pageBytes));
                for (int i = 0; i < pages; i++) {
                    page.clear();
                    encoder.encode(i, page);
                    writeFully(ch, page.position(0));
                }
                ch.position(ifdsOffset);
                ByteBuffer dirs = le(ByteBuffer.allocate((int) (ifdBytes * Math.max(0, pages - 1))));
                for (int i = 1; i < pages; i++) {
                    long nextIfd = i + 1 < pages ? ifdsOffset + ifdBytes * i : 0;
                    directory(dirs, otherEntries, width, height, bits, sampleFormat, dataOffset + pageBytes * i, pageBytes, 0, 0, nextIfd);
                }
                writeFully(ch, dirs.flip());
            }
        });
    }

    private static void directory(ByteBuffer b, int entries, int width, int height, int bits, int sampleFormat, long stripOffset,
            long stripBytes, int descLength, long descOffset, long next) {
        b.putShort((short) entries);
        entry(b, 254, 4, 1, 0);
        entry(b, 256, 4, 1, width);
        entry(b, 257, 4, 1, height);
        entry(b, 258, 3, 1, bits);
        entry(b, 259, 3, 1, 1);
        entry(b, 262, 3, 1, 1);
        if (descLength > 0) {
            entry(b, 270, 2, descLength, descOffset);
        }
        entry(b, 273, 4, 1, stripOffset);
        entry(b, 277, 3, 1, 1);
        entry(b, 278, 4, 1, height);
        entry(b, 279, 4, 1, stripBytes);
        entry(b, 339, 3, 1, sampleFormat);
        b.putInt((int) next);
    }

    /** One directory entry; SHORT values are left-justified in the 4-byte value field. */
    private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
        b.putShort((short) tag).putShort((short) type).putInt((int) count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt((int) value);
        }
    }

    private static long even(long offset) {
        return (offset + 1) & ~1L;
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
