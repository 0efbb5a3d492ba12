package org.unet4j.model;

/**
 * Tile-size policy on top of {@link TileGeometry}: the default training and benchmark tile of a
 * network. The geometry of one tile (input, output, halo, valid sizes) is {@link TileGeometry}'s.
 */
public final class TilePlan {
    /** The paper's input tile side. */
    public static final int PAPER_TILE = 572;

    private TilePlan() {
    }

    /** The largest valid tile up to {@link #PAPER_TILE} (572 for the paper's network), else the smallest above it. */
    public static int defaultTile(TileGeometry g) {
        int t = g.validAtOrBelow(PAPER_TILE);
        return t > 0 ? t : g.validAtOrAbove(PAPER_TILE);
    }

    /** {@link #defaultTile(TileGeometry)} of {@code network}. */
    public static int defaultTile(UNetConfig network) {
        return defaultTile(TileGeometry.of(network));
    }
}
