package org.unet4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unet4j.InvalidInputException;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), the format of bioimage.io test
 * tensors. Hand-written because the format is tiny (a magic string, a version, a header length, a
 * Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}, then the raw
 * values) and no Java library for it is a dependency of unet4j.
 *
 * <p>Reading accepts little- and big-endian {@code float16}, {@code float32}, {@code float64},
 * {@code int8}/{@code uint8}, {@code int16}/{@code uint16}, {@code int32}/{@code uint32},
 * {@code int64}/{@code uint64} and {@code bool} arrays in C order, and converts every value to
 * {@code float}: {@code float64}, {@code int32}/{@code uint32} and {@code int64}/{@code uint64} values
 * are rounded to the nearest {@code float} (exact up to 2^24). Fortran-order arrays, structured or
 * object dtypes and truncated data are refused with a one-line {@link InvalidInputException} naming
 * the file. Bytes after the data are ignored, as {@code numpy.load} ignores them.
 *
 * <p>Writing produces what {@code numpy.save} writes for a C-order {@code float32} array: version
 * 1.0, {@code '<f4'}, the header padded with spaces to a multiple of 64 bytes (newline included).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK = 1 << 20;

    /** The element types of a {@code .npy} file that {@link #read} accepts. */
    public enum DType {
        BOOL("b1", 1), INT8("i1", 1), UINT8("u1", 1), INT16("i2", 2), UINT16("u2", 2), INT32("i4", 4),
        UINT32("u4", 4), INT64("i8", 8), UINT64("u8", 8), FLOAT16("f2", 2), FLOAT32("f4", 4), FLOAT64("f8", 8);

        private final String code;
        private final int bytes;

        DType(String code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** Bytes per value. */
        public int bytes() {
            return bytes;
        }

        /** NumPy's name, e.g. {@code float32}. */
        public String numpyName() {
            return this == BOOL ? "bool" : name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An n-dimensional array read from or written to a {@code .npy} file, values as {@code float} in
     * C order (last index fastest).
     *
     * @param shape the dimensions (empty for a scalar); copied, and copied again on access
     * @param data the values, {@code product(shape)} of them; shared, not copied (a value by
     *     convention, like {@link org.unet4j.data.Image})
     * @param dtype the element type the values had in the file ({@link DType#FLOAT32} for arrays made
     *     in Java)
     */
    public record NpyArray(long[] shape, float[] data, DType dtype) {
        /** @throws IllegalArgumentException if a dimension is negative or the length does not match */
        public NpyArray {
            if (shape == null || data == null || dtype == null) {
                throw new IllegalArgumentException("shape, data and dtype must not be null");
            }
            shape = shape.clone();
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                        + " values but the data has " + data.length);
            }
        }

        /** A {@code float32} array. */
        public NpyArray(long[] shape, float[] data) {
            this(shape, data, DType.FLOAT32);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The number of dimensions. */
        public int rank() {
            return shape.length;
        }

        /** Dimension {@code i}. */
        public long dim(int i) {
            return shape[i];
        }

        /** The shape as text, e.g. {@code 1x1x512x512}. */
        public String shapeText() {
            return Npy.shapeText(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NpyArray a && dtype == a.dtype && Arrays.equals(shape, a.shape)
                    && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(data)) + dtype.hashCode();
        }

        @Override
        public String toString() {
            return "NpyArray[" + dtype.numpyName() + " " + shapeText() + "]";
        }
    }

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws InvalidInputException if the file is missing, not a {@code .npy} file, Fortran-ordered,
     *     of an unsupported dtype, truncated, or holds more than 2^31-1 values
     */
    public static NpyArray read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = readFully(ch, 10, file, "the header").order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[6];
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InvalidInputException(file + ": not a NumPy .npy file (no \\x93NUMPY magic); save the"
                        + " array with numpy.save");
            }
            int major = pre.get() & 0xff;
            pre.get();
            long headerLen;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xffff;
            } else if (major == 2 || major == 3) {
                ByteBuffer four = readFully(ch, 2, file, "the header").order(ByteOrder.LITTLE_ENDIAN);
                headerLen = ((pre.getShort(8) & 0xffffL) | ((four.getShort(0) & 0xffffL) << 16));
            } else {
                throw new InvalidInputException(file + ": .npy format version " + major + " is not supported"
                        + " (1.0, 2.0 and 3.0 are); save the array with numpy.save");
            }
            if (headerLen > 1 << 20) {
                throw new InvalidInputException(file + ": the .npy header claims " + headerLen + " bytes; the file is corrupt");
            }
            ByteBuffer hb = readFully(ch, (int) headerLen, file, "the header");
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(header, file);
            long n = 1;
            for (long d : h.shape) {
                n = Math.multiplyExact(n, d);
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file + ": " + n + " values is more than unet4j reads from one"
                        + " .npy file (2^31); split the array");
            }
            long need = n * h.dtype.bytes;
            long have = ch.size() - ch.position();
            if (have < need) {
                throw new InvalidInputException(file + ": truncated: the header declares " + h.dtype.numpyName()
                        + " " + shapeText(h.shape) + " (" + need + " bytes of data) but " + have
                        + " bytes follow; the file is damaged, copy it again");
            }
            float[] data = new float[(int) n];
            ByteBuffer buf = ByteBuffer.allocate(Math.max(h.dtype.bytes, (CHUNK / h.dtype.bytes) * h.dtype.bytes))
                    .order(h.order);
            int i = 0;
            while (i < data.length) {
                buf.clear();
                int want = (int) Math.min(buf.capacity(), (long) (data.length - i) * h.dtype.bytes);
                buf.limit(want);
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new InvalidInputException(file + ": truncated while reading the data; the file is damaged");
                    }
                }
                buf.flip();
                i = decode(buf, h.dtype, data, i);
            }
            return new NpyArray(h.shape, data, h.dtype);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file; check the path", e);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(file + ": the .npy shape overflows; the file is corrupt", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes a C-order {@code float32} array as a version 1.0 {@code .npy} file, atomically (through
     * {@link AtomicFiles}).
     */
    public static void write(Path file, NpyArray array) {
        byte[] head = header(array.shape);
        AtomicFiles.write(file, temp -> {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer hb = ByteBuffer.wrap(head);
                while (hb.hasRemaining()) {
                    ch.write(hb);
                }
                float[] d = array.data();
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < d.length;) {
                    buf.clear();
                    while (i < d.length && buf.remaining() >= 4) {
                        buf.putFloat(d[i++]);
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            }
        });
    }

    /** Writes {@code data} with {@code shape} as a {@code float32} {@code .npy} file ({@link #write(Path, NpyArray)}). */
    public static void write(Path file, float[] data, long... shape) {
        write(file, new NpyArray(shape, data));
    }

    /** The bytes before the data of a version 1.0 {@code '<f4'} file of {@code shape}, as numpy writes them. */
    static byte[] header(long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        dict.append(" ".repeat(padded - total)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    private record Header(DType dtype, ByteOrder order, long[] shape) {
    }

    private static Header parseHeader(String header, Path file) {
        Matcher fo = FORTRAN.matcher(header);
        Matcher sh = SHAPE.matcher(header);
        Matcher de = DESCR.matcher(header);
        if (!de.find()) {
            String what = header.contains("'descr': [") ? "a structured dtype, which is not supported" : "no 'descr'";
            throw new InvalidInputException(file + ": the .npy header has " + what + "; save a plain numeric array");
        }
        if (!fo.find() || !sh.find()) {
            throw new InvalidInputException(file + ": the .npy header has no fortran_order or shape ("
                    + header.strip() + "); the file is corrupt");
        }
        if (fo.group(1).equals("True")) {
            throw new InvalidInputException(file + ": the array is in Fortran order; save it in C order"
                    + " (numpy.save(f, numpy.ascontiguousarray(a)))");
        }
        String descr = de.group(1);
        String code = descr.length() == 3 ? descr.substring(1) : "";
        char endian = descr.isEmpty() ? '?' : descr.charAt(0);
        DType type = null;
        for (DType t : DType.values()) {
            if (t.code.equals(code)) {
                type = t;
            }
        }
        if (descr.equals("|b1") || descr.equals("?")) {
            type = DType.BOOL;
            endian = '|';
        }
        boolean oneByte = type != null && type.bytes == 1;
        if (type == null || !(endian == '<' || endian == '>' || endian == '|' || endian == '=')
                || (endian == '|' && !oneByte)) {
            throw new InvalidInputException(file + ": dtype '" + descr + "' is not supported; expected one of"
                    + " bool, (u)int8/16/32/64, float16/32/64 (e.g. '<f4')");
        }
        ByteOrder order = endian == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (endian == '=') {
            order = ByteOrder.nativeOrder();
        }
        List<Long> dims = new ArrayList<>();
        for (String part : sh.group(1).split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!p.isEmpty()) {
                try {
                    dims.add(Long.parseLong(p));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file + ": the .npy shape (" + sh.group(1) + ") is not a tuple of"
                            + " integers; the file is corrupt", e);
                }
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException(file + ": the .npy shape (" + sh.group(1) + ") has a negative"
                        + " dimension; the file is corrupt");
            }
        }
        return new Header(type, order, shape);
    }

    private static int decode(ByteBuffer b, DType t, float[] out, int i) {
        switch (t) {
            case BOOL -> {
                while (b.hasRemaining()) {
                    out[i++] = b.get() != 0 ? 1f : 0f;
                }
            }
            case INT8 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.get();
                }
            }
            case UINT8 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.get() & 0xff;
                }
            }
            case INT16 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.getShort();
                }
            }
            case UINT16 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.getShort() & 0xffff;
                }
            }
            case INT32 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.getInt();
                }
            }
            case UINT32 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.getInt() & 0xffffffffL;
                }
            }
            case INT64 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.getLong();
                }
            }
            case UINT64 -> {
                while (b.hasRemaining()) {
                    long v = b.getLong();
                    out[i++] = v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
                }
            }
            case FLOAT16 -> {
                while (b.hasRemaining()) {
                    out[i++] = halfToFloat(b.getShort());
                }
            }
            case FLOAT32 -> {
                while (b.hasRemaining()) {
                    out[i++] = b.getFloat();
                }
            }
            case FLOAT64 -> {
                while (b.hasRemaining()) {
                    out[i++] = (float) b.getDouble();
                }
            }
            default -> throw new IllegalStateException(t.toString());
        }
        return i;
    }

    /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static ByteBuffer readFully(FileChannel ch, int n, Path file, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new InvalidInputException(file + ": truncated in " + what + " (" + Files.size(file)
                        + " bytes); not a complete .npy file");
            }
        }
        b.flip();
        return b;
    }

    /** {@code 1x1x512x512}, or {@code scalar} for an empty shape. */
    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder();
        for (long d : shape) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.length() == 0 ? "scalar" : b.toString();
    }
}
