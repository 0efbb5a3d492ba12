package org.unet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;

class NormalizationTest {
    private static Image twoChannels() {
        // channel 0: 0..99, channel 1: constant 7
        float[] px = new float[200];
        for (int i = 0; i < 100; i++) {
            px[i] = i;
            px[100 + i] = 7;
        }
        return new Image(2, 10, 10, px);
    }

    @Test
    void minMaxMapsEachChannelToUnitRangeAndConstantChannelsToZero() {
        Image out = Normalization.of(Normalization.Method.MINMAX).apply(twoChannels());
        assertThat(out.get(0, 0, 0)).isEqualTo(0f);
        assertThat(out.get(0, 9, 9)).isEqualTo(1f);
        assertThat(out.get(0, 4, 9)).isCloseTo(49f / 99, within(1e-6f));
        for (float v : out.channel(1)) {
            assertThat(v).isEqualTo(0f);
        }
    }

    @Test
    void percentileMatchesNumpyLinearInterpolation() {
        // numpy: np.percentile(np.arange(100), [1, 99.8]) == [0.99, 98.802]
        Image out = Normalization.DEFAULT.apply(twoChannels());
        double lo = 0.99;
        double hi = 98.802;
        assertThat(out.get(0, 0, 0)).isCloseTo((float) ((0 - lo) / (hi - lo)), within(1e-6f));
        assertThat(out.get(0, 9, 9)).isCloseTo((float) ((99 - lo) / (hi - lo)), within(1e-6f));
        assertThat(out.channel(1)).containsOnly(0f);
        assertThat(Normalization.DEFAULT.describe()).isEqualTo("percentile 1-99.8 per image and channel");
    }

    @Test
    void zScoreGivesMeanZeroStdOneAndNeverNaN() {
        Image out = Normalization.of(Normalization.Method.ZSCORE).apply(twoChannels());
        double sum = 0;
        double sq = 0;
        for (float v : out.channel(0)) {
            sum += v;
            sq += v * v;
        }
        assertThat(sum / 100).isCloseTo(0, within(1e-6));
        assertThat(sq / 100).isCloseTo(1, within(1e-5));
        assertThat(out.channel(1)).containsOnly(0f);
        Image constant = Image.gray(2, 2, new float[] {3, 3, 3, 3});
        for (Normalization.Method m : Normalization.Method.values()) {
            for (float v : Normalization.of(m).apply(constant).pixels()) {
                assertThat(Float.isNaN(v)).isFalse();
            }
        }
    }

    @Test
    void noneCopiesAndInputIsUnchanged() {
        Image in = twoChannels();
        Image out = Normalization.of(Normalization.Method.NONE).apply(in);
        assertThat(out).isEqualTo(in).isNotSameAs(in);
        Normalization.DEFAULT.apply(in);
        assertThat(in).isEqualTo(twoChannels());
    }

    @Test
    void badPercentilesAreInputErrors() {
        assertThatThrownBy(() -> new Normalization(Normalization.Method.PERCENTILE, 99, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("percentiles 99,1 are not valid");
    }
}
