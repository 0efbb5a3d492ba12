package org.unet4j.bioimageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BioAxisSizeTest {
    @Test
    void parameterizedSizesAreMinPlusMultiplesOfStep() {
        AxisSize s = new AxisSize.Parameterized(92, 16);
        assertThat(s.accepts(92)).isTrue();
        assertThat(s.accepts(108)).isTrue();
        assertThat(s.accepts(100)).isFalse();
        assertThat(s.accepts(76)).isFalse();
        assertThat(s.validAtOrAbove(1)).isEqualTo(92);
        assertThat(s.validAtOrAbove(93)).isEqualTo(108);
        assertThat(s.validAtOrAbove(108)).isEqualTo(108);
        assertThat(s.validAtOrBelow(91)).isEqualTo(-1);
        assertThat(s.validAtOrBelow(107)).isEqualTo(92);
        assertThat(s.validAtOrBelow(572)).isEqualTo(572);
        assertThat(s.max()).isEmpty();
        assertThat(((AxisSize.Parameterized) s).size(3)).isEqualTo(140);
    }

    @Test
    void fixedSizesHaveOneValidSize() {
        AxisSize s = new AxisSize.Fixed(512);
        assertThat(s.validAtOrAbove(300)).isEqualTo(512);
        assertThat(s.validAtOrAbove(513)).isEqualTo(-1);
        assertThat(s.validAtOrBelow(600)).isEqualTo(512);
        assertThat(s.validAtOrBelow(511)).isEqualTo(-1);
        assertThat(s.min()).isEqualTo(512);
        assertThat(s.max()).hasValue(512);
    }

    @Test
    void referencesResolveWithScaleAndOffsetAndRefuseDirectQuestions() {
        AxisSize.Reference r = new AxisSize.Reference("raw", "x", -8);
        assertThat(r.resolve(100, 1, 1)).isEqualTo(92);
        assertThat(r.resolve(101, 1, 2)).isEqualTo(42); // floor(50.5) - 8
        assertThatThrownBy(() -> r.accepts(3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new AxisSize.Parameterized(0, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Axis.Space("y", new AxisSize.Fixed(5), 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halo");
        assertThatThrownBy(() -> new Axis.Channel("channel", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
