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
import org.unet4j.data.Region;
import org.unet4j.io.AtomicFiles;

/**
 * The class probabilities of one part of a split single image, kept in the image's parts folder
 * ({@code OUT/.NAME.parts/tile-Y-X-HxW.part}) until every part is done and the driver stitches
 * them and writes the image's outputs. The header carries the job's fingerprint and the part's
 * region: a part of another job or another split is not taken.
 *
 * @param prob the class probabilities of the region, one {@code height x width} plane per class
 * @param tiles network tiles the part ran
 */
record TilePart(Region region, float[][] prob, long tiles) {
    private static final int MAGIC = 0x55344a54; // "U4JT"
    private static final int VERSION = 1;

    /** The part file of {@code region} in the parts folder {@code parts} (the folder of {@link SlicePart#folder}). */
    static Path file(Path parts, Region region) {
        return parts.resolve(String.format("tile-%d-%d-%dx%d.part", region.y(), region.x(), region.height(), region.width()));
    }

    /** Writes the part atomically: the file is complete or absent. */
    void write(Path file, String fingerprint) {
        AtomicFiles.write(file, temp -> {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream os = Channels.newOutputStream(ch);
                    DataOutputStream out = new DataOutputStream(os)) {
                header(out, fingerprint, region);
                out.writeInt(prob.length);
                out.writeLong(tiles);
                out.flush();
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                for (float[] p : prob) {
                    SlicePart.putFloats(ch, buf, p);
                }
            }
        });
    }

    private static void header(DataOutputStream out, String fingerprint, Region region) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(fingerprint);
        out.writeInt(region.y());
        out.writeInt(region.x());
        out.writeInt(region.height());
        out.writeInt(region.width());
    }

    /** Whether {@code file} is a complete part of {@code region} of the job {@code fingerprint}. */
    static boolean isComplete(Path file, String fingerprint, Region region) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            return in.readInt() == MAGIC && in.readInt() == VERSION && in.readUTF().equals(fingerprint)
                    && new Region(in.readInt(), in.readInt(), in.readInt(), in.readInt()).equals(region);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads a part file written by {@link #write}. */
    static TilePart read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a unet4j tile part file");
            }
            in.readUTF();
            Region region = new Region(in.readInt(), in.readInt(), in.readInt(), in.readInt());
            int classes = in.readInt();
            long tiles = in.readLong();
            // DataInputStream over a channel stream does not buffer: the channel's position is the header's end
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            float[][] prob = new float[classes][];
            for (int k = 0; k < classes; k++) {
                prob[k] = SlicePart.getFloats(ch, buf, region.height() * region.width());
            }
            return new TilePart(region, prob, tiles);
        }
    }
}
