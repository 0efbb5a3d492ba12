package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig;

/** Pure geometry: no engine. */
class TileSizesTest {
    private static final TileGeometry PAPER = TileGeometry.of(UNetConfig.paper());
    private static final long GIB = 1L << 30;

    private static double cost(TileGeometry g, int h, int w, TileSizes.Shape s) {
        return (double) TileSizes.tiles(g, h, s.height()) * TileSizes.tiles(g, w, s.width()) * g.forwardFlops(s.height(), s.width());
    }

    @Test
    void forcedTileMustBeValid() {
        assertThatThrownBy(() -> TileSizes.fixed(PAPER, 570, 1000, 1000)).isInstanceOf(InvalidInputException.class)
                .hasMessage("tile 570 is not valid for depth 4; nearest valid sizes are 556 and 572");
        assertThat(TileSizes.fixed(PAPER, 572, 1000, 1000)).isEqualTo(new TileSizes.Shape(572, 572));
    }

    @Test
    void forcedTileShrinksToTheImageAndMustBeAbleToTileIt() {
        assertThat(TileSizes.fixed(PAPER, 572, 100, 1000)).isEqualTo(new TileSizes.Shape(284, 572));
        assertThat(TileSizes.fixed(PAPER, 188, 3, 4)).isEqualTo(new TileSizes.Shape(188, 188));
        assertThatThrownBy(() -> TileSizes.fixed(PAPER, 188, 1000, 1000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use tile 204 or larger, or tile auto");
    }

    @Test
    void autoUsesLargerTilesThan572ForALargeImageWithinTheBudget() {
        TileSizes.Shape s = TileSizes.auto(PAPER, 2048, 2048, 1, 2 * GIB);
        assertThat(PAPER.inferenceBytes(s.height(), s.width(), 1)).isLessThanOrEqualTo(2 * GIB);
        assertThat(s.height()).isGreaterThan(572);
        assertThat(cost(PAPER, 2048, 2048, s)).isLessThan(0.75 * cost(PAPER, 2048, 2048, new TileSizes.Shape(572, 572)));
        // a bigger budget never costs more; a batch of 4 must fit 4 tiles
        TileSizes.Shape big = TileSizes.auto(PAPER, 2048, 2048, 1, 8 * GIB);
        assertThat(cost(PAPER, 2048, 2048, big)).isLessThanOrEqualTo(cost(PAPER, 2048, 2048, s));
        TileSizes.Shape batched = TileSizes.auto(PAPER, 2048, 2048, 4, 2 * GIB);
        assertThat(PAPER.inferenceBytes(batched.height(), batched.width(), 4)).isLessThanOrEqualTo(2 * GIB);
    }

    @Test
    void autoCoversSmallImagesAndStripsWithOneTileWhenItFits() {
        assertThat(TileSizes.auto(PAPER, 100, 60, 1, 2 * GIB)).isEqualTo(new TileSizes.Shape(PAPER.inputForOutput(100), PAPER.inputForOutput(60)));
        TileSizes.Shape strip = TileSizes.auto(PAPER, 1, 5000, 1, 2 * GIB);
        assertThat(strip.height()).isEqualTo(188);
    }

    @Test
    void autoForSameNetsKeepsTheFullContext() {
        TileGeometry same = TileGeometry.of(UNetConfig.paper().withPadding(Padding.SAME));
        TileSizes.Shape s = TileSizes.auto(same, 50, 2000, 1, 2 * GIB);
        assertThat(TilePlan.context(same, Math.min(s.height(), s.width()))).isEqualTo(96);
    }

    @Test
    void tooSmallABudgetIsAnInputError() {
        assertThatThrownBy(() -> TileSizes.auto(PAPER, 2048, 2048, 1, 1L << 20)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memory budget 1 MiB is too small").hasMessageContaining("; use a memory budget of")
                .hasMessageEndingWith(" MiB or more");
    }

    @Test
    void aBudgetUnderOneMebibyteIsNotCalledOneMebibyte() {
        TileGeometry tiny = TileGeometry.of(UNetConfig.paper().withDepth(2).withBaseChannels(4));
        assertThatThrownBy(() -> TileSizes.auto(tiny, 96, 96, 1, 1024)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("memory budget 1 KiB is too small").hasMessageContaining("needs about ")
                .hasMessageContaining(" KiB; use a memory budget of 1 MiB or more");
        assertThat(TileSizes.bytesText(1536L << 20)).isEqualTo("1.5 GiB");
        assertThat(TileSizes.bytesText(700 << 10)).isEqualTo("700 KiB");
        assertThat(TileSizes.bytesText(100)).isEqualTo("100 bytes");
    }

    @Test
    void memorySizesParse() {
        assertThat(TileSizes.parseBytes("2g")).isEqualTo(2 * GIB);
        assertThat(TileSizes.parseBytes("1500M")).isEqualTo(1500L << 20);
        assertThat(TileSizes.parseBytes("0.5GiB")).isEqualTo(GIB / 2);
        assertThat(TileSizes.parseBytes("512mb")).isEqualTo(512L << 20);
        assertThat(TileSizes.parseBytes("4096")).isEqualTo(4096);
        for (String bad : new String[] {"", "abc", "-1g", "0", "2x"}) {
            assertThatThrownBy(() -> TileSizes.parseBytes(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not valid");
        }
    }
}
