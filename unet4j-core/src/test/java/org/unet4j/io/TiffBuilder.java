package org.unet4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes TIFF files byte by byte for tests: any bit depth, sample format, byte order, predictor
 * (horizontal differencing 2, floating point 3), Deflate compression and BigTIFF, so the readers
 * can be tested on files that the JDK's writer cannot produce (what Python's tifffile, QuPath or
 * microscope software write). One strip per page, chunky samples.
 */
final class TiffBuilder {
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private boolean bigTiff;
    private int width;
    private int height;
    private int bits = 8;
    private int samples = 1;
    private int sampleFormat = 1;
    private boolean deflate;
    private int predictor = 1;
    private int photometric = 1;
    private String description;
    private final List<byte[]> pages = new ArrayList<>();

    TiffBuilder(int height, int width) {
        this.height = height;
        this.width = width;
    }

    TiffBuilder bigEndian() {
        order = ByteOrder.BIG_ENDIAN;
        return this;
    }

    TiffBuilder bigTiff() {
        bigTiff = true;
        return this;
    }

    /** Bits per sample and TIFF sample format (1 unsigned, 2 signed, 3 float). */
    TiffBuilder type(int bitsPerSample, int format) {
        bits = bitsPerSample;
        sampleFormat = format;
        return this;
    }

    TiffBuilder rgb() {
        samples = 3;
        photometric = 2;
        return this;
    }

    TiffBuilder deflate(int predictorValue) {
        deflate = true;
        predictor = predictorValue;
        return this;
    }

    TiffBuilder description(String text) {
        description = text;
        return this;
    }

    /**
     * A page from sample values (chunky order), stored with the builder's bit depth and format;
     * types without a Java equivalent (16-bit float, 64-bit integers) get zero samples.
     */
    TiffBuilder page(double... values) {
        int bytes = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(Math.max(1, values.length * Math.max(1, bytes))).order(order);
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            pages.add(packBits(values));
            return this;
        }
        for (double v : values) {
            switch (bits * 10 + sampleFormat) {
                case 81, 82 -> b.put((byte) v);
                case 161, 162 -> b.putShort((short) v);
                case 321, 322 -> b.putInt((int) (long) v);
                case 323 -> b.putFloat((float) v);
                case 643 -> b.putDouble(v);
                default -> b.put(new byte[bytes]); // other types (half floats, 64-bit integers): zero samples
            }
        }
        pages.add(b.array());
        return this;
    }

    private byte[] packBits(double[] values) {
        // MSB-first packing, rows padded to whole bytes
        int rowBits = width * samples * bits;
        int rowBytes = (rowBits + 7) / 8;
        byte[] out = new byte[rowBytes * height];
        for (int y = 0; y < height; y++) {
            long bitPos = (long) y * rowBytes * 8;
            for (int i = 0; i < width * samples; i++) {
                long v = (long) values[y * width * samples + i];
                for (int k = bits - 1; k >= 0; k--, bitPos++) {
                    if (((v >> k) & 1) != 0) {
                        out[(int) (bitPos / 8)] |= (byte) (0x80 >> (bitPos % 8));
                    }
                }
            }
        }
        return out;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int headerSize = bigTiff ? 16 : 8;
        out.writeBytes(new byte[headerSize]);
        long[] offsets = new long[pages.size()];
        long[] lengths = new long[pages.size()];
        for (int p = 0; p < pages.size(); p++) {
            byte[] data = encode(pages.get(p));
            offsets[p] = out.size();
            lengths[p] = data.length;
            out.writeBytes(data);
            if (out.size() % 2 == 1) {
                out.write(0);
            }
        }
        byte[] file = out.toByteArray();
        ByteBuffer buf = ByteBuffer.allocate(file.length + pages.size() * 4096 + (description == null ? 0 : description.length() * pages.size() + 64))
                .order(order);
        buf.put(file);
        long previousNext = bigTiff ? 8 : 4;
        for (int p = 0; p < pages.size(); p++) {
            long ifd = buf.position();
            putOffset(buf, (int) previousNext, ifd);
            List<long[]> entries = new ArrayList<>();
            // tag, type, count, value (value only for single numbers; arrays handled below)
            entries.add(new long[] {256, 4, 1, width});
            entries.add(new long[] {257, 4, 1, height});
            entries.add(new long[] {258, 3, samples, bits});
            entries.add(new long[] {259, 3, 1, deflate ? 8 : 1});
            entries.add(new long[] {262, 3, 1, photometric});
            if (description != null && p == 0) {
                entries.add(new long[] {270, 2, description.length() + 1, -1});
            }
            entries.add(new long[] {273, bigTiff ? 16 : 4, 1, offsets[p]});
            entries.add(new long[] {277, 3, 1, samples});
            entries.add(new long[] {278, 4, 1, height});
            entries.add(new long[] {279, bigTiff ? 16 : 4, 1, lengths[p]});
            entries.add(new long[] {284, 3, 1, 1});
            if (predictor != 1) {
                entries.add(new long[] {317, 3, 1, predictor});
            }
            entries.add(new long[] {339, 3, samples, sampleFormat});
            int entrySize = bigTiff ? 20 : 12;
            int inline = bigTiff ? 8 : 4;
            long extra = ifd + (bigTiff ? 8 : 2) + (long) entries.size() * entrySize + (bigTiff ? 8 : 4);
            if (bigTiff) {
                buf.putLong(entries.size());
            } else {
                buf.putShort((short) entries.size());
            }
            List<byte[]> extras = new ArrayList<>();
            for (long[] e : entries) {
                buf.putShort((short) e[0]).putShort((short) e[1]);
                if (bigTiff) {
                    buf.putLong(e[2]);
                } else {
                    buf.putInt((int) e[2]);
                }
                byte[] value;
                if (e[1] == 2) {
                    value = (description + "\0").getBytes(StandardCharsets.US_ASCII);
                } else {
                    int size = e[1] == 3 ? 2 : e[1] == 4 ? 4 : 8;
                    ByteBuffer v = ByteBuffer.allocate((int) (size * e[2])).order(order);
                    for (int i = 0; i < e[2]; i++) {
                        switch (size) {
                            case 2 -> v.putShort((short) e[3]);
                            case 4 -> v.putInt((int) e[3]);
                            default -> v.putLong(e[3]);
                        }
                    }
                    value = v.array();
                }
                if (value.length <= inline) {
                    buf.put(value).put(new byte[inline - value.length]);
                } else {
                    long at = extra + extras.stream().mapToLong(x -> x.length).sum();
                    if (bigTiff) {
                        buf.putLong(at);
                    } else {
                        buf.putInt((int) at);
                    }
                    extras.add(value);
                }
            }
            previousNext = buf.position();
            if (bigTiff) {
                buf.putLong(0);
            } else {
                buf.putInt(0);
            }
            for (byte[] x : extras) {
                buf.put(x);
            }
            if (buf.position() % 2 == 1) {
                buf.put((byte) 0);
            }
        }
        buf.put(0, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        buf.put(1, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        buf.putShort(2, (short) (bigTiff ? 43 : 42));
        if (bigTiff) {
            buf.putShort(4, (short) 8);
            buf.putShort(6, (short) 0);
        }
        byte[] result = new byte[buf.position()];
        buf.get(0, result);
        return result;
    }

    private void putOffset(ByteBuffer buf, int at, long value) {
        if (bigTiff) {
            buf.putLong(at, value);
        } else {
            buf.putInt(at, (int) value);
        }
    }

    private byte[] encode(byte[] raw) {
        byte[] data = raw.clone();
        int bytes = bits / 8;
        int rowSamples = width * samples;
        if (predictor == 2) {
            ByteBuffer b = ByteBuffer.wrap(data).order(order);
            for (int y = 0; y < height; y++) {
                for (int i = rowSamples - 1; i >= samples; i--) {
                    int at = (y * rowSamples + i) * bytes;
                    int prev = (y * rowSamples + i - samples) * bytes;
                    switch (bytes) {
                        case 1 -> b.put(at, (byte) (b.get(at) - b.get(prev)));
                        case 2 -> b.putShort(at, (short) (b.getShort(at) - b.getShort(prev)));
                        default -> b.putInt(at, b.getInt(at) - b.getInt(prev));
                    }
                }
            }
        } else if (predictor == 3) {
            int rowBytes = rowSamples * bytes;
            for (int y = 0; y < height; y++) {
                byte[] row = new byte[rowBytes];
                for (int i = 0; i < rowSamples; i++) {
                    for (int k = 0; k < bytes; k++) {
                        // byte k of the value, most significant first, whatever the file's order
                        int src = y * rowBytes + i * bytes + (order == ByteOrder.BIG_ENDIAN ? k : bytes - 1 - k);
                        row[k * rowSamples + i] = raw[src];
                    }
                }
                for (int j = rowBytes - 1; j >= samples; j--) {
                    row[j] -= row[j - samples];
                }
                System.arraycopy(row, 0, data, y * rowBytes, rowBytes);
            }
        }
        if (!deflate) {
            return data;
        }
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!d.finished()) {
            out.write(chunk, 0, d.deflate(chunk));
        }
        d.end();
        return out.toByteArray();
    }
}
