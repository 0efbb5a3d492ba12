package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig;

/** Pure geometry: no engine. */
class TileGridTest {
    private static final TileGeometry PAPER = TileGeometry.of(UNetConfig.paper());
    private static final TileGeometry TINY = TileGeometry.of(UNetConfig.paper().withDepth(2).withBaseChannels(4));
    private static final TileGeometry PAPER_SAME = TileGeometry.of(UNetConfig.paper().withPadding(Padding.SAME));
    private static final TileGeometry TINY_SAME = TileGeometry.of(UNetConfig.paper().withDepth(2).withBaseChannels(4).withPadding(Padding.SAME));

    /** Every invariant of one axis. */
    private static void checkAxis(TileGeometry g, TileGrid.Axis axis) {
        int n = axis.length();
        int a = TilePlan.alignment(g);
        int core = axis.inputSize() - 2 * axis.context();
        assertThat(axis.position(0)).isZero();
        for (int k = 0; k < axis.count(); k++) {
            assertThat(axis.position(k) % a).as("position %d aligned", k).isZero();
            assertThat(axis.inputStart(k) + axis.context()).isEqualTo(axis.position(k));
            // the output is the input minus the network's halo on each side
            assertThat(axis.outputStart(k) - axis.inputStart(k)).isEqualTo((axis.inputSize() - axis.outputSize()) / 2);
            // what a tile writes lies inside its output and inside the image
            assertThat(axis.writeFrom(k)).isGreaterThanOrEqualTo(Math.max(0, axis.outputStart(k)));
            assertThat(axis.writeTo(k)).isLessThanOrEqualTo(Math.min(n, axis.outputStart(k) + axis.outputSize()));
            assertThat(axis.writeTo(k)).isGreaterThan(axis.writeFrom(k));
            if (k > 0) {
                assertThat(axis.position(k)).isGreaterThan(axis.position(k - 1));
                // no gap between cores
                assertThat(axis.position(k)).isLessThanOrEqualTo(axis.position(k - 1) + core);
            }
        }
        // the last core reaches the end of the image, and the padded extent is not needlessly large
        assertThat(axis.position(axis.count() - 1) + core).isGreaterThanOrEqualTo(n);
        assertThat(axis.paddedLength()).isGreaterThanOrEqualTo(n).isLessThan(Math.max(n, core) + a + 2 * axis.context());
        assertThat(axis.count()).isEqualTo(TileSizes.tiles(g, n, axis.inputSize()));
        if (g.config().padding() == Padding.VALID) {
            assertThat(axis.weights(0)).isNull();
            assertThat(axis.writeFrom(0)).isZero();
            for (int k = 0; k + 1 < axis.count(); k++) {
                assertThat(axis.writeTo(k)).as("partition").isEqualTo(axis.writeFrom(k + 1));
            }
            assertThat(axis.writeTo(axis.count() - 1)).isEqualTo(n);
        } else {
            double[] sum = new double[n];
            for (int k = 0; k < axis.count(); k++) {
                float[] w = axis.weights(k);
                assertThat(w).hasSize(axis.writeTo(k) - axis.writeFrom(k));
                for (int i = 0; i < w.length; i++) {
                    assertThat(w[i]).isBetween(0f, 1f);
                    sum[axis.writeFrom(k) + i] += w[i];
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat(sum[i]).as("weights at %d", i).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    private static TileGrid grid(TileGeometry g, int h, int w, int tile) {
        TileSizes.Shape s = TileSizes.fixed(g, tile, h, w);
        TileGrid grid = TileGrid.of(g, h, w, s.height(), s.width());
        checkAxis(g, grid.rows());
        checkAxis(g, grid.cols());
        return grid;
    }

    @Test
    void paperTilesOf572StepBy384AndCoverAnyImage() {
        TileGrid grid = grid(PAPER, 2048, 2048, 572);
        assertThat(grid.outputHeight()).isEqualTo(388);
        // 388 is not a multiple of 16: the step is 384, and the last tile is aligned too
        assertThat(grid.rows().position(1)).isEqualTo(384);
        assertThat(grid.rows().count()).isEqualTo(6);
        assertThat(grid.rows().position(5)).isEqualTo(1664);
        assertThat(grid.count()).isEqualTo(36);
        TileGrid.Tile t = grid.tile(7);
        assertThat(t.row()).isEqualTo(1);
        assertThat(t.col()).isEqualTo(1);
        assertThat(t.inputY()).isEqualTo(384 - 92);
        assertThat(t.outputX()).isEqualTo(384);
    }

    @Test
    void edgeCasesOfImageShape() {
        for (TileGeometry g : List.of(PAPER, TINY, PAPER_SAME, TINY_SAME)) {
            int tile = g == PAPER ? 572 : g == TINY ? 60 : g == PAPER_SAME ? 512 : 96;
            for (int[] size : new int[][] {{1, 1}, {1, 5000}, {5000, 1}, {3, 700}, {20, 20}, {388, 388}, {389, 389}, {577, 1023}, {2048, 2048}}) {
                TileGrid grid = grid(g, size[0], size[1], tile);
                assertThat(grid.height()).isEqualTo(size[0]);
                assertThat(grid.width()).isEqualTo(size[1]);
                assertThat(grid.blended()).isEqualTo(g.config().padding() == Padding.SAME);
            }
        }
    }

    @Test
    void imagesSmallerThanATileGetOneSmallTile() {
        TileGrid grid = grid(PAPER, 100, 37, 572);
        assertThat(grid.count()).isEqualTo(1);
        assertThat(grid.tileHeight()).isEqualTo(PAPER.inputForOutput(100));
        assertThat(grid.tileWidth()).isEqualTo(PAPER.inputForOutput(37));
        assertThat(grid.tile(0).inputY()).isEqualTo(-92);
    }

    @Test
    void onePixelStripsUseStripShapedTiles() {
        TileGrid grid = grid(PAPER, 1, 5000, 572);
        assertThat(grid.tileHeight()).isEqualTo(188);
        assertThat(grid.outputHeight()).isEqualTo(4);
        assertThat(grid.rows().count()).isEqualTo(1);
        assertThat(grid.cols().count()).isEqualTo(14); // 388 + 13 x 384 >= 5000
    }

    @Test
    void veryLargeImagesArePlannedWithoutPixels() {
        TileGrid grid = grid(PAPER, 10_000, 10_000, 572);
        assertThat(grid.rows().count()).isEqualTo(27);
        assertThat(grid.count()).isEqualTo(27 * 27);
        assertThat(grid.tile(grid.count() - 1).outputY() + 388).isGreaterThanOrEqualTo(10_000);
        TileSizes.Shape auto = TileSizes.auto(PAPER, 10_000, 10_000, 1, 2L << 30);
        TileGrid autoGrid = TileGrid.of(PAPER, 10_000, 10_000, auto.height(), auto.width());
        checkAxis(PAPER, autoGrid.rows());
        checkAxis(PAPER, autoGrid.cols());
        assertThat(autoGrid.count()).isLessThan(grid.count());
        checkAxis(TINY_SAME, TileGrid.of(TINY_SAME, 10_000, 10_000, 96, 96).rows());
    }

    @Test
    void sameContextIsTheContaminationDepthUnlessTheTileIsSmall() {
        assertThat(TilePlan.contaminationDepth(UNetConfig.paper().withPadding(Padding.SAME))).isEqualTo(94);
        assertThat(TilePlan.contaminationDepth(TINY_SAME.config())).isEqualTo(22);
        assertThat(TilePlan.context(PAPER_SAME, 512)).isEqualTo(96);
        assertThat(TilePlan.context(PAPER_SAME, 256)).isEqualTo(64);
        assertThat(TilePlan.context(TINY_SAME, 96)).isEqualTo(24);
        assertThat(TilePlan.context(TINY_SAME, 48)).isEqualTo(12);
        assertThat(TilePlan.context(PAPER, 572)).isEqualTo(92);
    }

    @Test
    void invalidTileSizesAreRejected() {
        assertThatThrownBy(() -> TileGrid.of(PAPER, 100, 100, 570, 572)).isInstanceOf(IllegalArgumentException.class);
        // a 188 tile has a 4 px output, less than the 16 px alignment: it cannot tile a long axis
        assertThatThrownBy(() -> TileGrid.of(PAPER, 100, 100, 188, 188)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alignment");
    }
}
