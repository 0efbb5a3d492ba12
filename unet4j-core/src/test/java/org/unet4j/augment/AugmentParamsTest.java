package org.unet4j.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.augment.AugmentParams.Flips;
import org.unet4j.augment.AugmentParams.Preset;

class AugmentParamsTest {
    @Test
    void paperIsThePapersRecipe() {
        AugmentParams p = AugmentParams.paper();
        assertThat(p.elasticGrid()).isEqualTo(3);
        assertThat(p.elasticSigma()).isEqualTo(10);
        assertThat(p.rotation()).isEqualTo(180);
        assertThat(p.flips()).isEqualTo(Flips.DIHEDRAL);
        assertThat(p.isNone()).isFalse();
        assertThat(AugmentParams.none().isNone()).isTrue();
        assertThat(AugmentParams.none().describe()).isEqualTo("none");
        assertThat(p.describe()).isEqualTo("elastic 3x3 sigma 10 px, rotation +-180 deg, flips dihedral, brightness 0.1,"
                + " contrast 0.1, gamma 0.1");
        assertThat(AugmentParams.Preset.STRONG.params().describe()).endsWith("scale 0.15, brightness 0.2, contrast 0.2, gamma 0.2,"
                + " noise 0.05, blur 1 px");
    }

    @Test
    void parsesPresetsAndFactors() {
        assertThat(AugmentParams.parse("none")).isEqualTo(AugmentParams.none());
        assertThat(AugmentParams.parse("PAPER")).isEqualTo(AugmentParams.paper());
        assertThat(AugmentParams.parse(" Light ")).isEqualTo(Preset.LIGHT.params());
        assertThat(AugmentParams.parse("strong")).isEqualTo(Preset.STRONG.params());
        assertThat(AugmentParams.parse("0")).isEqualTo(AugmentParams.none());
        assertThat(AugmentParams.parse("1")).isEqualTo(AugmentParams.paper());
        AugmentParams twice = AugmentParams.parse("2");
        assertThat(twice.elasticSigma()).isEqualTo(20);
        assertThat(twice.rotation()).isEqualTo(180);
        assertThat(twice.contrast()).isEqualTo(0.2);
        assertThat(Preset.LIGHT.params().elasticSigma()).isEqualTo(5);
        assertThat(Preset.LIGHT.params().rotation()).isEqualTo(90);
    }

    @Test
    void badValuesNameThemselvesAndTheFix() {
        assertThatThrownBy(() -> AugmentParams.parse("wild")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'wild'").hasMessageContaining("none, light, paper, strong");
        assertThatThrownBy(() -> AugmentParams.parse("-1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-1.0").hasMessageContaining("0 (none)");
        assertThatThrownBy(() -> new AugmentParams(1, 10, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("elastic grid 1");
        assertThatThrownBy(() -> new AugmentParams(3, -2, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0))
                .hasMessageContaining("elastic sigma -2.0 is out of range; use 0 to 1000");
        assertThatThrownBy(() -> new AugmentParams(3, 10, 270, Flips.NONE, 0, 0, 0, 0, 0, 0, 0))
                .hasMessageContaining("rotation 270.0");
        assertThatThrownBy(() -> new AugmentParams(3, 10, 0, Flips.NONE, 0, Double.NaN, 0, 0, 0, 0, 0))
                .hasMessageContaining("scale NaN");
        assertThatThrownBy(() -> new AugmentParams(3, 10, 0, null, 0, 0, 0, 0, 0, 0, 0))
                .hasMessageContaining("flips");
    }
}
