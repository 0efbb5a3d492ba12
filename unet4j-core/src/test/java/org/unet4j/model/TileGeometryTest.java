package org.unet4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.model.UNetConfig.Padding;

class TileGeometryTest {
    private final TileGeometry paper = TileGeometry.of(UNetConfig.paper());

    @Test
    void paperNetMaps572To388WithHalo92() {
        assertThat(paper.outputSize(572)).isEqualTo(388);
        assertThat(paper.halo()).isEqualTo(92);
    }

    @Test
    void paperNetHas23ConvLayersAnd31030658Parameters() {
        assertThat(UNetConfig.paper().convLayers()).isEqualTo(23);
        assertThat(UNetConfig.paper().parameterCount()).isEqualTo(31_030_658L);
    }

    @Test
    void invalidTileNamesNearestValidSizes() {
        assertThatThrownBy(() -> paper.outputSize(570))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tile 570 is not valid for depth 4; nearest valid sizes are 556 and 572");
    }

    @Test
    void validSizesAreSixteenApartForDepth4() {
        assertThat(paper.validAtOrBelow(571)).isEqualTo(556);
        assertThat(paper.validAtOrAbove(573)).isEqualTo(588);
        for (int n = paper.minInputSize(); n < 1000; n++) {
            if (paper.isValidInput(n)) {
                assertThat(n - 2 * paper.halo()).isEqualTo(paper.outputSize(n));
                assertThat((n - 12) % 16).isZero();
            }
        }
        assertThat(paper.isValidInput(paper.minInputSize() - 16)).isFalse();
    }

    @Test
    void smallestValidSizeGivesOnePositiveOutput() {
        int min = paper.minInputSize();
        assertThat(paper.outputSize(min)).isPositive();
        assertThatThrownBy(() -> paper.requireValid(10, "tile"))
                .hasMessageContaining("the smallest valid size is " + min);
    }

    @Test
    void sameOutputEqualsInputAndMustBeMultipleOf2PowDepth() {
        TileGeometry same = TileGeometry.of(UNetConfig.paper().withPadding(Padding.SAME));
        assertThat(same.outputSize(512)).isEqualTo(512);
        assertThat(same.halo()).isZero();
        assertThatThrownBy(() -> same.outputSize(500))
                .hasMessage("tile 500 is not valid for depth 4 with same padding; nearest valid sizes are 496 and 512");
    }

    @Test
    void layerShapesOfThePaperFigure() {
        List<TileGeometry.Layer> layers = paper.layers(572, 572);
        assertThat(layers.get(0)).isEqualTo(new TileGeometry.Layer("down0.conv1", 64, 570, 570));
        assertThat(layers.get(1)).isEqualTo(new TileGeometry.Layer("down0.conv2", 64, 568, 568));
        assertThat(layers.stream().filter(l -> l.name().equals("bottom.conv2")).findFirst().orElseThrow())
                .isEqualTo(new TileGeometry.Layer("bottom.conv2", 1024, 28, 28));
        assertThat(layers.get(layers.size() - 1)).isEqualTo(new TileGeometry.Layer("head", 2, 388, 388));
    }

    @Test
    void forwardCostMatchesThePaperNet() {
        // 150.4 G multiply-accumulates per 572 tile (shared/bench/README.md)
        assertThat(paper.forwardMacs(572, 572) / 1e9).isBetween(150.3, 150.5);
    }

    @Test
    void inputForOutputCoversTheRequestedOutput() {
        int in = paper.inputForOutput(388);
        assertThat(in).isEqualTo(572);
        assertThat(paper.outputSize(paper.inputForOutput(1))).isGreaterThanOrEqualTo(1);
    }
}
