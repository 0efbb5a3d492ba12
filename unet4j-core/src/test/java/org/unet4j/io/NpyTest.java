package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.SharedData;
import org.unet4j.io.Npy.DType;
import org.unet4j.io.Npy.NpyArray;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void writesWhatNumpyWritesAndReadsItBack() throws IOException {
        float[] data = new float[2 * 3 * 4];
        Random r = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian() * 100;
        }
        data[5] = Float.NaN;
        data[6] = Float.NEGATIVE_INFINITY;
        Path f = dir.resolve("a.npy");
        Npy.write(f, data, 2, 3, 4);
        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes.length).isEqualTo(128 + data.length * 4);
        String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }").endsWith(" \n");
        assertThat(Arrays.copyOf(bytes, 10)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0);

        NpyArray a = Npy.read(f);
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(a.data()).containsExactly(data);
        assertThat(a).isEqualTo(new NpyArray(new long[] {2, 3, 4}, data));
        assertThat(a.shapeText()).isEqualTo("2x3x4");
    }

    @Test
    void oneDimensionalAndScalarShapesUsePythonTupleSyntax() {
        assertThat(new String(Npy.header(new long[] {5}), StandardCharsets.ISO_8859_1)).contains("'shape': (5,), }");
        assertThat(new String(Npy.header(new long[] {}), StandardCharsets.ISO_8859_1)).contains("'shape': (), }");
        for (long[] shape : new long[][] {{}, {5}, {1, 1, 512, 512}, {123456789, 2}}) {
            assertThat(Npy.header(shape).length % 64).isZero();
        }
        Path f = dir.resolve("s.npy");
        Npy.write(f, new float[] {7f});
        assertThat(Npy.read(f).shape()).isEmpty();
        assertThat(Npy.read(f).data()).containsExactly(7f);
    }

    @Test
    void readsHandMadeHeadersOfEveryDtypeAndBothByteOrders() throws IOException {
        // bytes as numpy.save writes them: '>i2' big-endian int16, version 1.0
        ByteBuffer be = ByteBuffer.allocate(6 * 2).order(ByteOrder.BIG_ENDIAN);
        for (short v : new short[] {-32768, -1, 0, 1, 2, 32767}) {
            be.putShort(v);
        }
        Path f = file("be.npy", 1, "{'descr': '>i2', 'fortran_order': False, 'shape': (2, 3), }", be.array());
        assertThat(Npy.read(f).data()).containsExactly(-32768, -1, 0, 1, 2, 32767);
        assertThat(Npy.read(f).dtype()).isEqualTo(DType.INT16);

        assertThat(Npy.read(file("u1.npy", 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
                new byte[] {0, (byte) 200, (byte) 255})).data()).containsExactly(0, 200, 255);
        assertThat(Npy.read(file("i1.npy", 1, "{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }",
                new byte[] {-128, 127})).data()).containsExactly(-128, 127);
        assertThat(Npy.read(file("b1.npy", 1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                new byte[] {1, 0, 1})).data()).containsExactly(1, 0, 1);

        ByteBuffer u2 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 65535).putShort((short) 3);
        assertThat(Npy.read(file("u2.npy", 1, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }",
                u2.array())).data()).containsExactly(65535, 3);
        ByteBuffer u4 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
        assertThat(Npy.read(file("u4.npy", 1, "{'descr': '<u4', 'fortran_order': False, 'shape': (1,), }",
                u4.array())).data()).containsExactly(4294967295f);
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(-7).putInt(1 << 20);
        assertThat(Npy.read(file("i4.npy", 1, "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }",
                i4.array())).data()).containsExactly(-7, 1 << 20);
        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(1L << 40);
        assertThat(Npy.read(file("i8.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                i8.array())).data()).containsExactly(-5, (float) (1L << 40));
        ByteBuffer u8 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        assertThat(Npy.read(file("u8.npy", 1, "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }",
                u8.array())).data()).containsExactly(1.8446744e19f);
        ByteBuffer f8 = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(0.1).putDouble(-1e300);
        NpyArray d = Npy.read(file("f8.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", f8.array()));
        assertThat(d.data()).containsExactly(0.1f, Float.NEGATIVE_INFINITY);
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
        ByteBuffer f2 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7c00);
        assertThat(Npy.read(file("f2.npy", 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }",
                f2.array())).data()).containsExactly(1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY);

        // version 2.0 (4-byte header length) and 3.0, keys in another order, trailing bytes ignored
        ByteBuffer le = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(9f);
        assertThat(Npy.read(file("v2.npy", 2, "{'fortran_order': False, 'shape': (1, 2), 'descr': '<f4', }",
                le.array())).data()).containsExactly(1.5f, -2f);
        assertThat(Npy.read(file("v3.npy", 3, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                le.array())).shape()).containsExactly(3);
    }

    @Test
    void refusesFortranOrderUnknownDtypesTruncationAndNonNpyFilesInOneLineNamingTheFile() throws IOException {
        byte[] eight = new byte[8];
        Path fortran = file("fortran.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", eight);
        refused(fortran, "Fortran order");
        refused(file("complex.npy", 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", eight),
                "dtype '<c8' is not supported");
        refused(file("text.npy", 1, "{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", new byte[12]),
                "dtype '<U3' is not supported");
        refused(file("struct.npy", 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", eight),
                "structured dtype");
        refused(file("short.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", eight),
                "truncated");
        Path notNpy = dir.resolve("image.npy");
        Files.writeString(notNpy, "this is not numpy data at all");
        refused(notNpy, "not a NumPy .npy file");
        Path tiny = dir.resolve("tiny.npy");
        Files.write(tiny, new byte[] {(byte) 0x93, 'N'});
        refused(tiny, "truncated");
        refused(dir.resolve("missing.npy"), "no such file");
    }

    @Test
    void readsTheReferenceModelsTestInput() {
        Optional<Path> f = SharedData.resolve("bioimageio/unet2d_nuclei_broad/test_input.npy");
        assumeTrue(f.isPresent(), "no shared bioimageio data");
        NpyArray a = Npy.read(f.get());
        assertThat(a.shape()).containsExactly(1, 1, 512, 512);
        assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
        double sum = 0;
        for (float v : a.data()) {
            assertThat(Float.isFinite(v)).isTrue();
            sum += v;
        }
        assertThat(sum / a.data().length).isGreaterThan(0);
    }

    @Test
    void numpyReadsWhatUnet4jWritesAndUnet4jReadsWhatNumpyWrites() throws Exception {
        assumeTrue(python("import numpy"), "no /usr/bin/python3 with numpy");
        Path mine = dir.resolve("mine.npy");
        Npy.write(mine, new float[] {1, 2, 3, 4.5f, -6, 7}, 2, 1, 3);
        Path theirs = dir.resolve("theirs");
        Files.createDirectories(theirs);
        String script = "import numpy as np, sys\n"
                + "a = np.load(sys.argv[1]); assert a.dtype == np.float32 and a.shape == (2, 1, 3), (a.dtype, a.shape)\n"
                + "assert a.tolist() == [[[1, 2, 3]], [[4.5, -6, 7]]], a.tolist()\n"
                + "d = sys.argv[2]\n"
                + "for t in ['<f4', '>f4', '<f8', '>f8', '<f2', '|u1', '|i1', '<u2', '>i2', '<i4', '>u4', '<i8', '|b1']:\n"
                + "    np.save(d + '/' + t.replace('<', 'l').replace('>', 'b').replace('|', 'n') + '.npy',"
                + " (np.arange(24).reshape(2, 3, 4) % 7).astype(t))\n"
                + "np.save(d + '/big.npy', np.arange(70000, dtype='<f4').reshape(7, 10000))\n";
        assertThat(python(script, mine.toString(), theirs.toString())).isTrue();
        try (var files = Files.list(theirs)) {
            for (Path p : files.toList()) {
                NpyArray a = Npy.read(p);
                if (p.getFileName().toString().equals("big.npy")) {
                    assertThat(a.shape()).containsExactly(7, 10000);
                    assertThat(a.data()[69999]).isEqualTo(69999f);
                    continue;
                }
                assertThat(a.shape()).as(p.toString()).containsExactly(2, 3, 4);
                for (int i = 0; i < 24; i++) {
                    float want = p.getFileName().toString().startsWith("nb1") ? (i % 7 != 0 ? 1 : 0) : i % 7;
                    assertThat(a.data()[i]).as(p + "[" + i + "]").isEqualTo(want);
                }
            }
        }
    }

    private void refused(Path f, String what) {
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(what).message().doesNotContain("\n");
    }

    /** A .npy file with {@code dict} as its header (padded as numpy pads it) and then {@code data}. */
    private Path file(String name, int major, String dict, byte[] data) throws IOException {
        int pre = major == 1 ? 10 : 12;
        int len = dict.length() + 1;
        int padded = (pre + len + 63) / 64 * 64 - pre;
        String header = dict + " ".repeat(padded - len) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer l = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            l.putShort((short) header.length());
        } else {
            l.putInt(header.length());
        }
        out.write(l.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    static boolean python(String script, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        String[] cmd = new String[3 + args.length];
        cmd[0] = "/usr/bin/python3";
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        if (p.exitValue() != 0 && args.length > 0) {
            throw new AssertionError("python failed: " + out);
        }
        return p.exitValue() == 0;
    }
}
