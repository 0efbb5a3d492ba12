package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

class ImageFilesSmokeTest {
    @TempDir
    Path dir;

    @Test
    void labelsAndFloatPagesRoundTrip() {
        LabelImage l = new LabelImage(2, 3, new int[] {0, 1, 2, 300, 4, 65535});
        for (String name : List.of("l.png", "l.tif")) {
            ImageFiles.writeLabelImage(dir.resolve(name), l);
            assertThat(ImageFiles.readLabelImage(dir.resolve(name))).isEqualTo(l);
        }
        float[] p0 = {0f, 0.5f, 1f, -2.5f, 1e-7f, 3.25f};
        float[] p1 = {1f, 2f, 3f, 4f, 5f, 6f};
        ImageFiles.writeFloatTiff(dir.resolve("p.tif"), List.of(p0, p1), 2, 3);
        List<Image> pages = ImageFiles.readImages(dir.resolve("p.tif"));
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).pixels()).containsExactly(p0);
        assertThat(pages.get(1).pixels()).containsExactly(p1);
    }
}
