package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

class ImageJTiffTest {
    @TempDir
    Path dir;

    @Test
    void floatHyperstackReadsBackAndIsContiguousAsImageJExpects() throws IOException {
        int h = 5;
        int w = 7;
        List<float[]> pages = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            float[] v = new float[h * w];
            for (int i = 0; i < v.length; i++) {
                v[i] = p + i / 100f;
            }
            pages.add(v);
        }
        Path file = dir.resolve("prob.tif");
        ImageFiles.writeFloatHyperstack(file, pages, h, w, 2, 3, 0, 1);

        List<Image> back = ImageFiles.readImages(file);
        assertThat(back).hasSize(6);
        for (int p = 0; p < 6; p++) {
            assertThat(back.get(p).height()).isEqualTo(h);
            assertThat(back.get(p).width()).isEqualTo(w);
            assertThat(back.get(p).pixels()).containsExactly(pages.get(p));
        }

        // what ImageJ does: read the description and the first page's strip offset, then all pages back to back
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.get(0)).isEqualTo((byte) 'I');
        int ifd = b.getInt(4);
        int entries = b.getShort(ifd);
        String description = null;
        int offset = -1;
        for (int e = 0; e < entries; e++) {
            int at = ifd + 2 + 12 * e;
            int tag = b.getShort(at) & 0xFFFF;
            if (tag == 270) {
                byte[] text = new byte[b.getInt(at + 4) - 1];
                b.get(b.getInt(at + 8), text);
                description = new String(text, StandardCharsets.US_ASCII);
            } else if (tag == 273) {
                offset = b.getInt(at + 8);
            }
        }
        assertThat(description).startsWith("ImageJ=").contains("images=6\nchannels=2\nslices=3\nhyperstack=true\n")
                .contains("min=0.0\nmax=1.0\n");
        for (int p = 0; p < 6; p++) {
            for (int i = 0; i < h * w; i++) {
                assertThat(b.getFloat(offset + 4 * (p * h * w + i))).isEqualTo(pages.get(p)[i]);
            }
        }
        assertThat(dir.toFile().list()).containsExactly("prob.tif");
    }

    @Test
    void labelStacksAre8Or16Bit() {
        Path small = dir.resolve("small.tif");
        ImageFiles.writeLabelStack(small, List.of(new LabelImage(2, 2, new int[] {0, 1, 2, 255}), new LabelImage(2, 2, new int[] {3, 0, 0, 0})));
        List<LabelImage> back = ImageFiles.readLabelImages(small);
        assertThat(back).hasSize(2);
        assertThat(back.get(0).labels()).containsExactly(0, 1, 2, 255);
        assertThat(back.get(1).labels()).containsExactly(3, 0, 0, 0);

        Path big = dir.resolve("big.tif");
        ImageFiles.writeLabelStack(big, List.of(new LabelImage(1, 3, new int[] {0, 300, 65535})));
        assertThat(ImageFiles.readLabelImages(big).get(0).labels()).containsExactly(0, 300, 65535);
        assertThat(ImageFiles.readImages(big).get(0).pixels()).containsExactly(0f, 300f, 65535f);
    }

    @Test
    void anUncommittedStackLeavesNothingBehind() {
        Path file = dir.resolve("partial.tif");
        try (ImageJTiff.StackWriter w = ImageFiles.openStack(file, 2, 2, ImageJTiff.PixelType.UINT16, 1, 3, 0, 10)) {
            w.write(new LabelImage(2, 2, new int[] {1, 2, 3, 4}));
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void descriptionsOfEitherLengthParityReadBack() {
        // regression: after an odd-length description plus a padding byte the JDK reader was off by one byte
        float[] page = {0.25f, 0.5f, 0.75f, 1f, 2f, 3f};
        for (double max : new double[] {1, 10, 100}) {
            Path file = dir.resolve("p" + (int) max + ".tif");
            ImageFiles.writeFloatHyperstack(file, List.of(page, page), 2, 3, 2, 1, 0, max);
            for (Image back : ImageFiles.readImages(file)) {
                assertThat(back.pixels()).as("max %s", max).containsExactly(page);
            }
        }
    }
}
