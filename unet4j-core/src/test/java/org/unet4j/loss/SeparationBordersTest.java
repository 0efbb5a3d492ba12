package org.unet4j.loss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unet4j.data.LabelImage;

class SeparationBordersTest {
    @Test
    void bothSidesOfAContactBecomeBackgroundAlsoAtCorners() {
        LabelImage l = new LabelImage(4, 4, new int[] {
            1, 1, 0, 0,
            1, 1, 0, 0,
            0, 0, 2, 2,
            0, 0, 2, 2});
        assertThat(SeparationBorders.separate(l).labels()).containsExactly(
            1, 1, 0, 0,
            1, 0, 0, 0,
            0, 0, 0, 2,
            0, 0, 2, 2);
    }

    @Test
    void backgroundNeighboursAndSameIdMakeNoBorder() {
        LabelImage l = new LabelImage(3, 5, new int[] {
            0, 7, 7, 0, 0,
            0, 7, 7, 0, 9,
            0, 0, 0, 0, 9});
        assertThat(SeparationBorders.separate(l)).isEqualTo(l);
        assertThat(SeparationBorders.borders(l)).containsOnly(false);
    }

    @Test
    void straightContactGivesATwoPixelGap() {
        LabelImage l = new LabelImage(4, 3, new int[] {
            3, 3, 3,
            3, 3, 3,
            5, 5, 5,
            5, 5, 5});
        assertThat(SeparationBorders.separate(l).labels()).containsExactly(
            3, 3, 3,
            0, 0, 0,
            0, 0, 0,
            5, 5, 5);
    }
}
