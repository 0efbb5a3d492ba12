package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unet4j.data.LabelImage;

class InstancesTest {
    @Test
    void aOnePixelDiagonalBorderSeparatesTwoCells() {
        // class 1 = cell interior, 0 = border; the border runs diagonally
        int[] classes = {
            1, 1, 1, 0,
            1, 1, 0, 1,
            1, 0, 1, 1,
            0, 1, 1, 1};
        LabelImage instances = Instances.fromClasses(new LabelImage(4, 4, classes), 1, 0);
        assertThat(instances.max()).isEqualTo(2);
        assertThat(instances.get(0, 0)).isEqualTo(1);
        assertThat(instances.get(3, 3)).isEqualTo(2);
        assertThat(instances.get(0, 3)).isZero();
    }

    @Test
    void smallFragmentsAreDroppedAndTheRestRenumbered() {
        boolean[] mask = {
            true, false, true, true,
            false, false, true, true,
            true, false, false, false};
        LabelImage all = Instances.fromForeground(mask, 3, 4, 1);
        assertThat(all.max()).isEqualTo(3);
        LabelImage big = Instances.fromForeground(mask, 3, 4, 2);
        assertThat(big.labels()).containsExactly(
                0, 0, 1, 1,
                0, 0, 1, 1,
                0, 0, 0, 0);
    }
}
