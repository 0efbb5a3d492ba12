package org.unet4j.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.unet4j.data.LabelImage;
import org.unet4j.io.AtomicFiles;

/**
 * The outputs of one slice of a stack, kept in a part file beside the outputs
 * ({@code OUT/.NAME.parts/SLICE.part}) until every slice is done and the stack files are assembled:
 * the class probabilities, the foreground, the labels and (optionally) the instances, exactly as
 * {@code unet predict} writes them into its stacks. The header carries the job's fingerprint: a part
 * of a job with other options or another model is not taken.
 *
 * @param prob the class probabilities, one {@code height x width} plane per class
 * @param instances the instance ids, or null
 */
record SlicePart(int height, int width, float[][] prob, float[] foreground, int[] labels, int[] instances) {
    private static final int MAGIC = 0x55344a50; // "U4JP"
    private static final int VERSION = 1;

    /** The part file of slice {@code slice} in the parts folder {@code parts}. */
    static Path file(Path parts, int slice) {
        return parts.resolve(String.format("%06d.part", slice));
    }

    /** The hidden parts folder of the input named {@code stem} in {@code out}. */
    static Path folder(Path out, String stem) {
        return out.resolve("." + stem + ".parts");
    }

    /** Writes the part atomically: the file is complete or absent. */
    void write(Path file, String fingerprint) {
        AtomicFiles.write(file, temp -> {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream os = Channels.newOutputStream(ch);
                    DataOutputStream out = new DataOutputStream(os)) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(fingerprint);
                out.writeInt(height);
                out.writeInt(width);
                out.writeInt(prob.length);
                out.writeBoolean(instances != null);
                out.flush();
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                for (float[] p : prob) {
                    putFloats(ch, buf, p);
                }
                putFloats(ch, buf, foreground);
                putInts(ch, buf, labels);
                if (instances != null) {
                    putInts(ch, buf, instances);
                }
            }
        });
    }

    /** Whether {@code file} is a complete part of the job {@code fingerprint}. */
    static boolean isComplete(Path file, String fingerprint) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            return in.readInt() == MAGIC && in.readInt() == VERSION && in.readUTF().equals(fingerprint);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a part file written by {@link #write}. */
    static SlicePart read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a unet4j part file");
            }
            in.readUTF();
            int h = in.readInt();
            int w = in.readInt();
            int classes = in.readInt();
            boolean withInstances = in.readBoolean();
            // DataInputStream over a channel stream does not buffer: the channel's position is the header's end
            int n = h * w;
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            float[][] prob = new float[classes][];
            for (int k = 0; k < classes; k++) {
                prob[k] = getFloats(ch, buf, n);
            }
            float[] fg = getFloats(ch, buf, n);
            int[] labels = getInts(ch, buf, n);
            int[] inst = withInstances ? getInts(ch, buf, n) : null;
            return new SlicePart(h, w, prob, fg, labels, inst);
        }
    }

    /** The labels as an image. */
    LabelImage labelImage() {
        return new LabelImage(height, width, labels);
    }

    /** The instances as an image (null without instances). */
    LabelImage instanceImage() {
        return instances == null ? null : new LabelImage(height, width, instances);
    }

    static void putFloats(FileChannel ch, ByteBuffer buf, float[] v) throws IOException {
        for (int i = 0; i < v.length; ) {
            buf.clear();
            int m = Math.min(v.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(v, i, m);
            buf.limit(m * 4);
            writeFully(ch, buf);
            i += m;
        }
    }

    private static void putInts(FileChannel ch, ByteBuffer buf, int[] v) throws IOException {
        for (int i = 0; i < v.length; ) {
            buf.clear();
            int m = Math.min(v.length - i, buf.capacity() / 4);
            buf.asIntBuffer().put(v, i, m);
            buf.limit(m * 4);
            writeFully(ch, buf);
            i += m;
        }
    }

    static float[] getFloats(FileChannel ch, ByteBuffer buf, int n) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; ) {
            int m = Math.min(n - i, buf.capacity() / 4);
            readFully(ch, buf, m * 4);
            buf.asFloatBuffer().get(v, i, m);
            i += m;
        }
        return v;
    }

    private static int[] getInts(FileChannel ch, ByteBuffer buf, int n) throws IOException {
        int[] v = new int[n];
        for (int i = 0; i < n; ) {
            int m = Math.min(n - i, buf.capacity() / 4);
            readFully(ch, buf, m * 4);
            buf.asIntBuffer().get(v, i, m);
            i += m;
        }
        return v;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, int bytes) throws IOException {
        buf.clear();
        buf.limit(bytes);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("part file ends early");
            }
        }
        buf.flip();
    }
}
