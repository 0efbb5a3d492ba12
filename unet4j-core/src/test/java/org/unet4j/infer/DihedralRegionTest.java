package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unet4j.data.Image;
import org.unet4j.data.Mirror;
import org.unet4j.data.Region;

/** A region of a transformed image is the transformed region: cutting and transforming commute. */
class DihedralRegionTest {
    @Test
    void transformingCommutesWithCutting() {
        int h = 7;
        int w = 11;
        float[] px = new float[h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        Image image = Image.gray(h, w, px);
        Region r = new Region(2, 3, 4, 5);
        for (Dihedral d : Dihedral.values()) {
            Image whole = d.apply(image);
            Region t = d.apply(r, h, w);
            Image cut = Mirror.window(whole, t.y(), t.x(), t.height(), t.width());
            Image ofCut = d.apply(Mirror.window(image, r.y(), r.x(), r.height(), r.width()));
            assertThat(cut).as(d.name()).isEqualTo(ofCut);
            assertThat(d.invert(t, h, w)).as(d.name()).isEqualTo(r);
        }
    }
}
