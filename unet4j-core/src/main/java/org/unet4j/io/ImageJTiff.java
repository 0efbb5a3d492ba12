package org.unet4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * little-endian, one strip per page), then the directories of the remaining pages. Because the
 * page count is known up front, pages are streamed ({@link StackWriter}): a long stack never has
 * to be in memory at once. Classic TIFF (32-bit offsets) limits a file to 4 GiB.
 */
public final class ImageJTiff {
    private static final long MAX_BYTES = 0xFFFF_FFFFL;

    /** Pixel types of a stack. */
    public enum PixelType {
        /** 8-bit unsigned integers (labels 0..255). */
        UINT8(8, 1),
        /** 16-bit unsigned integers (labels 0..65535). */
        UINT16(16, 1),
        /** 32-bit IEEE floats. */
        FLOAT32(32, 3);

        final int bits;
        final int sampleFormat;

        PixelType(int bits, int sampleFormat) {
            this.bits = bits;
            this.sampleFormat = sampleFormat;
        }
    }

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
        try (StackWriter w = open(file, height, width, PixelType.FLOAT32, channels, slices, displayMin, displayMax)) {
            for (float[] p : pages) {
                w.write(p);
            }
            w.commit();
        }
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
        int max = 0;
        for (LabelImage l : slices) {
            max = Math.max(max, l.max());
        }
        PixelType type = max <= 255 ? PixelType.UINT8 : PixelType.UINT16;
        LabelImage first = slices.get(0);
        try (StackWriter w = open(file, first.height(), first.width(), type, 1, slices.size(), 0, Math.max(1, max))) {
            for (LabelImage l : slices) {
                w.write(l);
            }
            w.commit();
        }
    }

    /**
     * Opens a stack of {@code channels x slices} pages for streaming (display range NaN: none, ImageJ
     * then shows the data's own range). Write every page, then
     * {@link StackWriter#commit()}; closing without committing deletes the partial file (the target
     * is never touched before the commit, which renames the finished file over it).
     */
    public static StackWriter open(Path file, int height, int width, PixelType type, int channels, int slices,
            double displayMin, double displayMax) {
        return new StackWriter(file, height, width, type, channels, slices, displayMin, displayMax);
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
        if (!Double.isNaN(min) && !Double.isNaN(max)) {
            sb.append(String.format(Locale.ROOT, "min=%s\nmax=%s\n", min, max));
        }
        return sb.toString();
    }

    /** A stack being written page by page; see {@link ImageJTiff#open}. */
    public static final class StackWriter implements AutoCloseable {
        private static final int FIRST_ENTRIES = 12;
        private static final int OTHER_ENTRIES = 11;
        private static final long IFD_BYTES = 2 + 12L * OTHER_ENTRIES + 4;

        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final int height;
        private final int width;
        private final PixelType type;
        private final int pages;
        private final long pageBytes;
        private final long dataOffset;
        private final long ifdsOffset;
        private final ByteBuffer page;
        private int written;
        private boolean committed;

        private StackWriter(Path file, int height, int width, PixelType type, int channels, int slices, double min, double max) {
            if (height < 1 || width < 1 || channels < 1 || slices < 1) {
                throw new IllegalArgumentException("empty stack: " + channels + " channels x " + slices + " slices of " + height + "x" + width);
            }
            this.target = file;
            this.height = height;
            this.width = width;
            this.type = type;
            this.pages = channels * slices;
            this.pageBytes = (long) height * width * (type.bits / 8);
            String text = description(pages, channels, slices, min, max);
            // an even length keeps the pixel data right after the text: the JDK's TIFF reader
            // misreads a strip that follows an odd-length description and a padding byte
            byte[] desc = (text.length() % 2 == 0 ? text + "\n\0" : text + '\0').getBytes(StandardCharsets.US_ASCII);
            long descOffset = 8 + 2 + 12L * FIRST_ENTRIES + 4;
            this.dataOffset = even(descOffset + desc.length);
            this.ifdsOffset = even(dataOffset + pageBytes * pages);
            long total = ifdsOffset + IFD_BYTES * (pages - 1);
            if (total > MAX_BYTES || pageBytes > Integer.MAX_VALUE) {
                throw new InvalidInputException(file + ": " + pages + " pages of " + height + "x" + width + " would make a TIFF of "
                        + total / (1L << 20) + " MiB, over the 4 GiB limit of classic TIFF; split the stack or the image into smaller files");
            }
            Path dir = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(dir);
                // not Files.createTempFile: its files are private (0600), and the rename would keep that
                this.temp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
                this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                AtomicFiles.pending(temp);
                ByteBuffer head = le(ByteBuffer.allocate((int) dataOffset));
                head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
                directory(head, 0, desc.length, descOffset, pages > 1 ? ifdsOffset : 0);
                head.put(desc);
                writeFully(head.flip());
            } catch (IOException e) {
                close();
                throw AtomicFiles.failure(file, e);
            }
            this.page = le(ByteBuffer.allocate((int) pageBytes));
        }

        /** Writes the next float page ({@link PixelType#FLOAT32} stacks; row-major {@code height x width}). */
        public void write(float[] values) {
            check(values.length, PixelType.FLOAT32);
            page.clear();
            page.asFloatBuffer().put(values);
            flushPage();
        }

        /**
         * Writes the next label page (integer stacks).
         *
         * @throws IllegalArgumentException if a label does not fit the pixel type
         */
        public void write(LabelImage labels) {
            if (type == PixelType.FLOAT32) {
                throw new IllegalStateException("labels written to a float stack");
            }
            check(labels.labels().length, type);
            int max = type == PixelType.UINT8 ? 255 : 65535;
            page.clear();
            for (int v : labels.labels()) {
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException("label " + v + " does not fit " + type.bits + " bits");
                }
                if (type == PixelType.UINT8) {
                    page.put((byte) v);
                } else {
                    page.putShort((short) v);
                }
            }
            flushPage();
        }

        private void check(int length, PixelType expected) {
            if (written >= pages) {
                throw new IllegalStateException("all " + pages + " pages are written already");
            }
            if (type != expected && expected == PixelType.FLOAT32) {
                throw new IllegalStateException("float page written to a " + type + " stack");
            }
            if (length != height * width) {
                throw new IllegalArgumentException("page of " + length + " values is not " + height + "x" + width);
            }
        }

        private void flushPage() {
            try {
                writeFully(page.position(0));
            } catch (IOException e) {
                throw AtomicFiles.failure(target, e);
            }
            written++;
        }

        /** Finishes the file and renames it over the target. */
        public void commit() {
            if (written != pages) {
                throw new IllegalStateException(written + " of " + pages + " pages written to " + target);
            }
            try {
                channel.position(ifdsOffset);
                ByteBuffer dirs = le(ByteBuffer.allocate((int) (IFD_BYTES * (pages - 1))));
                for (int i = 1; i < pages; i++) {
                    long next = i + 1 < pages ? ifdsOffset + IFD_BYTES * i : 0;
                    directory(dirs, pageBytes * i, 0, 0, next);
                }
                writeFully(dirs.flip());
                channel.close();
                AtomicFiles.move(temp, target);
                committed = true;
                AtomicFiles.done(temp);
            } catch (IOException e) {
                throw AtomicFiles.failure(target, e);
            }
        }

        /** Deletes the temporary file unless {@link #commit()} succeeded. */
        @Override
        public void close() {
            if (committed) {
                return;
            }
            try {
                if (channel != null) {
                    channel.close();
                }
                if (temp != null) {
                    Files.deleteIfExists(temp);
                    AtomicFiles.done(temp);
                }
            } catch (IOException ignored) {
                // best effort: the partial file is a hidden temporary next to the target
            }
        }

        private void directory(ByteBuffer b, long pageOffset, int descLength, long descOffset, long next) {
            b.putShort((short) (descLength > 0 ? FIRST_ENTRIES : OTHER_ENTRIES));
            entry(b, 254, 4, 1, 0);
            entry(b, 256, 4, 1, width);
            entry(b, 257, 4, 1, height);
            entry(b, 258, 3, 1, type.bits);
            entry(b, 259, 3, 1, 1);
            entry(b, 262, 3, 1, 1);
            if (descLength > 0) {
                entry(b, 270, 2, descLength, descOffset);
            }
            entry(b, 273, 4, 1, dataOffset + pageOffset);
            entry(b, 277, 3, 1, 1);
            entry(b, 278, 4, 1, height);
            entry(b, 279, 4, 1, pageBytes);
            entry(b, 339, 3, 1, type.sampleFormat);
            b.putInt((int) next);
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
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
}
