package org.unet4j.model;

/**
 * Tile arithmetic on top of {@link TileGeometry}, for the overlap-tile strategy: the alignment of
 * tile offsets, the context around a tile's core (VALID: the halo; SAME: how far the zero padding
 * contaminates the output), the core length, and the default training and benchmark tile. The
 * geometry of one tile (input, output, halo, valid sizes) is {@link TileGeometry}'s; the grid of
 * tiles over an image is {@code infer.TileGrid}'s.
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

    /** {@code 2^depth}: tile offsets are multiples of this. */
    public static int alignment(TileGeometry geometry) {
        return 1 << geometry.config().depth();
    }

    /**
     * Context around the core of a tile of input size {@code tileSize}: the halo for VALID padding;
     * for SAME padding the receptive-field radius of the network (the halo of its VALID twin)
     * rounded up to the alignment, but at most a quarter of the tile (rounded down to the alignment),
     * so that small tiles still make progress.
     */
    public static int context(TileGeometry geometry, int tileSize) {
        if (geometry.config().padding() == UNetConfig.Padding.VALID) {
            return geometry.halo();
        }
        return sameContext(geometry, tileSize);
    }

    /** The SAME-padding context; see {@link #context(TileGeometry, int)}. */
    public static int sameContext(TileGeometry geometry, int tileSize) {
        int a = alignment(geometry);
        int wanted = (contaminationDepth(geometry.config()) + a - 1) / a * a;
        int cap = tileSize / 4 / a * a;
        return Math.min(wanted, cap);
    }

    /**
     * How far (in input pixels) the zero padding at a tile's border reaches into the output of a
     * SAME-padded network: output pixels at least this far from the border are exactly those of a
     * run on a larger image (for tiles aligned to {@code 2^depth}). Followed layer by layer: each 3x3
     * convolution at scale {@code s} adds {@code s} pixels, a 2x2 pooling rounds up to its cells, a
     * bilinear up-sampling adds one coarse pixel, and a concatenation takes the deeper of its two
     * inputs. Depth 4 (the paper's net with SAME padding): 94 px; depth 2: 22 px.
     */
    public static int contaminationDepth(UNetConfig config) {
        int c = 0;
        int[] skip = new int[config.depth()];
        for (int level = 0; level < config.depth(); level++) {
            int s = 1 << level;
            c += 2 * s;
            skip[level] = c;
            c = (c + 2 * s - 1) / (2 * s) * (2 * s);
        }
        c += 2 << config.depth();
        for (int level = config.depth() - 1; level >= 0; level--) {
            int s = 1 << level;
            if (config.upsampling() == UNetConfig.Upsampling.BILINEAR) {
                c += 2 * s;
            }
            c = Math.max(c, skip[level]) + 2 * s;
        }
        return c;
    }

    /** The core length of a tile of input size {@code tileSize} (a valid size). */
    public static int core(TileGeometry geometry, int tileSize) {
        return tileSize - 2 * context(geometry, tileSize);
    }
}
