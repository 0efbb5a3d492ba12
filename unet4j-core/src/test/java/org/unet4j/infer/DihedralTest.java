package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.unet4j.data.Image;

class DihedralTest {
    /** 2x3 image 0 1 2 / 3 4 5. */
    private static final Image IMG = Image.gray(2, 3, new float[] {0, 1, 2, 3, 4, 5});

    @Test
    void rotationsAndFlipsMoveThePixelsAsNamed() {
        assertThat(Dihedral.ROTATE_90.apply(IMG).pixels()).containsExactly(2, 5, 1, 4, 0, 3);
        assertThat(Dihedral.ROTATE_270.apply(IMG).pixels()).containsExactly(3, 0, 4, 1, 5, 2);
        assertThat(Dihedral.ROTATE_180.apply(IMG).pixels()).containsExactly(5, 4, 3, 2, 1, 0);
        assertThat(Dihedral.FLIP_HORIZONTAL.apply(IMG).pixels()).containsExactly(2, 1, 0, 5, 4, 3);
        assertThat(Dihedral.FLIP_VERTICAL.apply(IMG).pixels()).containsExactly(3, 4, 5, 0, 1, 2);
        assertThat(Dihedral.TRANSPOSE.apply(IMG).pixels()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(Dihedral.ANTI_TRANSPOSE.apply(IMG).pixels()).containsExactly(5, 2, 4, 1, 3, 0);
        Image r = Dihedral.ROTATE_90.apply(IMG);
        assertThat(r.height()).isEqualTo(3);
        assertThat(r.width()).isEqualTo(2);
    }

    @Test
    void allEightAreDistinctAndInvertible() {
        Image multi = new Image(2, 2, 3, new float[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15});
        Set<String> seen = new HashSet<>();
        for (Dihedral d : Dihedral.values()) {
            Image t = d.apply(multi);
            seen.add(Arrays.toString(t.pixels()));
            int n = t.height() * t.width();
            for (int c = 0; c < 2; c++) {
                float[] plane = Arrays.copyOfRange(t.pixels(), c * n, (c + 1) * n);
                assertThat(d.invert(plane, 2, 3)).as("%s channel %d", d, c).containsExactly(multi.channel(c));
            }
        }
        assertThat(seen).hasSize(8);
    }
}
