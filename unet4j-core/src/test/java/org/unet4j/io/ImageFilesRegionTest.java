package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Mirror;
import org.unet4j.data.Region;

/** Reading a region of a page gives exactly the pixels of that region of the whole page, in every format. */
class ImageFilesRegionTest {
    private static final int H = 37;
    private static final int W = 53;

    @TempDir
    Path dir;

    private static double[] ramp(int channels, double start, double step) {
        double[] v = new double[channels * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + (i * 7919L % v.length) * step;
        }
        return v;
    }

    private Path tiff(String name, TiffBuilder b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b.build());
        return p;
    }

    private static void assertRegions(Path f, int page) {
        Image whole = ImageFiles.readPage(f, page);
        for (Region r : List.of(Region.whole(H, W), new Region(0, 0, 1, 1), new Region(5, 9, 20, 31), new Region(H - 3, W - 17, 3, 17),
                new Region(12, 0, 11, W))) {
            Image part = ImageFiles.readRegion(f, page, r);
            assertThat(part).as("%s %s", f.getFileName(), r).isEqualTo(Mirror.window(whole, r.y(), r.x(), r.height(), r.width()));
        }
    }

    @Test
    void tiffDepthsCompressionAndPages() throws IOException {
        assertRegions(tiff("u8.tif", new TiffBuilder(H, W).page(ramp(1, 0, 0.1)).page(ramp(1, 3, 0.1))), 1);
        assertRegions(tiff("u16be.tif", new TiffBuilder(H, W).type(16, 1).bigEndian().page(ramp(1, 0, 31))), 0);
        assertRegions(tiff("s16.tif", new TiffBuilder(H, W).type(16, 2).page(ramp(1, -900, 1))), 0);
        assertRegions(tiff("f32z3.tif", new TiffBuilder(H, W).type(32, 3).deflate(3).page(ramp(1, -1.5, 0.001))), 0);
        assertRegions(tiff("f64.tif", new TiffBuilder(H, W).type(64, 3).page(ramp(1, -1.5, 0.25))), 0);
        assertRegions(tiff("big.tif", new TiffBuilder(H, W).type(16, 1).bigTiff().page(ramp(1, 0, 1)).page(ramp(1, 5, 1))), 1);
    }

    @Test
    void filesWrittenHereAndPng() {
        float[] f = new float[H * W];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(i);
        }
        Path floats = dir.resolve("f.tif");
        ImageFiles.writeFloatTiff(floats, List.of(f, f), H, W);
        assertRegions(floats, 1);
        LabelImage l = new LabelImage(H, W, new int[H * W]);
        for (int i = 0; i < H * W; i++) {
            l.labels()[i] = (i * 1931) % 65536;
        }
        Path png = dir.resolve("l16.png");
        ImageFiles.writeLabelImage(png, l);
        assertRegions(png, 0);
    }

    @Test
    void aRegionOutsideThePageIsRefused() throws IOException {
        Path f = tiff("u8.tif", new TiffBuilder(H, W).page(ramp(1, 0, 0.1)));
        assertThatThrownBy(() -> ImageFiles.readRegion(f, 0, new Region(30, 0, 10, 5)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("leaves the image of 37x53");
        assertThatThrownBy(() -> ImageFiles.readRegion(f, 1, new Region(0, 0, 1, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("page 2 does not exist");
    }
}
