package org.unet4j.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig;

/**
 * Chooses the input tile size for an image: forced ({@code --tile N}) or automatic
 * ({@code --tile auto}) by a cost model.
 *
 * <p><b>The cost model.</b> With VALID padding every tile spends compute on its halo (92 px per
 * side for the paper's net: a 572 tile computes 572² input pixels for 388² output pixels), so larger
 * tiles waste less. The automatic choice minimises the total forward FLOPs needed to cover the
 * image, {@code tiles(h) x tiles(w) x forwardFlops(tileHeight, tileWidth)} (from
 * {@link TileGeometry}), over all valid tile heights and widths, subject to the estimated memory of
 * a batch {@link TileGeometry#inferenceBytes} staying within the budget. Ties go to the smaller
 * memory. Height and width are chosen independently, so a strip gets a strip-shaped tile, and no
 * tile is larger than needed to cover its axis in one piece. The estimate counts float32
 * activations; bf16 halves them, so the budget is conservative there.
 *
 * <p>No timed probe is made: per-FLOP speed of libtorch's convolutions varies little with the tile
 * size once tiles are a few hundred pixels (docs/PREDICT.md), so FLOPs rank the candidates.
 */
public final class TileSizes {
    /** A tile shape (input sizes). */
    public record Shape(int height, int width) {
        @Override
        public String toString() {
            return height == width ? Integer.toString(height) : height + "x" + width;
        }
    }

    /** At most this many tile sizes per axis are compared by {@link #auto}. */
    static final int MAX_CANDIDATES = 160;

    private TileSizes() {
    }

    /**
     * The tile grid {@link Predictor} uses for an image of {@code height x width} under
     * {@code options} (automatic or forced tile size), without test-time augmentation. Pure
     * geometry: a distributed job plans its output tiles with it before any network is loaded.
     *
     * @throws InvalidInputException if a forced tile size is not valid, or no tile fits the memory budget
     */
    public static TileGrid grid(TileGeometry g, PredictOptions options, int height, int width) {
        Shape s = options.tile() == PredictOptions.AUTO_TILE ? auto(g, height, width, options.batch(), options.memoryBytes())
                : fixed(g, options.tile(), height, width);
        return TileGrid.of(g, height, width, s.height(), s.width());
    }

    /**
     * The tile size {@code n} forced by the user, reduced per axis to the smallest tile that covers
     * that axis in one piece when the image is smaller than the tile (same result, less work).
     *
     * @throws InvalidInputException if {@code n} is not a valid input size ("tile 570 is not valid for
     *     depth 4; nearest valid sizes are 556 and 572") or its core is too small to tile the image
     */
    public static Shape fixed(TileGeometry g, int n, int height, int width) {
        g.requireValid(n, "tile");
        return new Shape(fixedAxis(g, n, height), fixedAxis(g, n, width));
    }

    private static int fixedAxis(TileGeometry g, int n, int length) {
        int cover = covering(g, length);
        if (cover <= n) {
            return cover;
        }
        int a = TilePlan.alignment(g);
        if (TilePlan.core(g, n) < a) {
            int min = smallestMultiTile(g);
            throw InvalidInputException.of("tile %d is too small to tile an image side of %d px (its output core is %d px, less than the"
                    + " 2^depth = %d px alignment); use %s or larger, or %s", n, length, TilePlan.core(g, n), a, Setting.TILE.is(min),
                    Setting.TILE.is("auto"));
        }
        return n;
    }

    /**
     * The tile shape with the fewest forward FLOPs to cover {@code height x width} whose batch of
     * {@code batch} tiles fits {@code memoryBytes}.
     *
     * @throws InvalidInputException if even the smallest usable tile does not fit the budget
     */
    public static Shape auto(TileGeometry g, int height, int width, int batch, long memoryBytes) {
        List<Integer> hs = candidates(g, height);
        List<Integer> ws = candidates(g, width);
        Shape best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        long bestBytes = Long.MAX_VALUE;
        for (int th : hs) {
            int nh = tiles(g, height, th);
            for (int tw : ws) {
                int nw = tiles(g, width, tw);
                if (g.inferenceBytes(th, tw, 1) > memoryBytes) {
                    break; // memory grows with the width: wider tiles do not fit either
                }
                long bytes = g.inferenceBytes(th, tw, Math.min(batch, nh * nw));
                if (bytes > memoryBytes) {
                    continue;
                }
                double cost = (double) nh * nw * g.forwardFlops(th, tw);
                if (cost < bestCost * (1 - 1e-9) || (cost <= bestCost * (1 + 1e-9) && bytes < bestBytes)) {
                    best = new Shape(th, tw);
                    bestCost = cost;
                    bestBytes = bytes;
                }
            }
        }
        if (best == null) {
            int th = hs.get(0);
            int tw = ws.get(0);
            long need = g.inferenceBytes(th, tw, 1);
            long mib = Math.max(1, (need + (1L << 20) - 1) >> 20);
            throw InvalidInputException.of("memory budget %s is too small: the smallest usable tile (%dx%d, batch 1) needs about %s; use"
                    + " %s or more", bytesText(memoryBytes), th, tw, bytesText(need),
                    Setting.MEMORY.is(mib + "m").cliOnly("a memory budget of " + mib + " MiB"));
        }
        return best;
    }

    /** Number of tiles along an axis of {@code length} for input tiles of {@code tileSize}. */
    public static int tiles(TileGeometry g, int length, int tileSize) {
        int core = TilePlan.core(g, tileSize);
        if (length <= core) {
            return 1;
        }
        int step = core / TilePlan.alignment(g) * TilePlan.alignment(g);
        return (length - core + step - 1) / step + 1;
    }

    /** The smallest valid tile whose core covers {@code length} in one piece. */
    public static int covering(TileGeometry g, int length) {
        int t = g.validAtOrAbove(Math.max(1, length) + 2 * g.halo());
        while (TilePlan.core(g, t) < length) {
            t = g.validAtOrAbove(t + 1);
        }
        return t;
    }

    /**
     * The smallest tile the automatic choice considers: for VALID padding the smallest that can tile
     * a long axis, for SAME padding the smallest with the full context (so that the stitched result
     * is exact; smaller tiles can still be forced).
     */
    static int smallestAuto(TileGeometry g) {
        int t = smallestMultiTile(g);
        if (g.config().padding() == UNetConfig.Padding.SAME) {
            int full = TilePlan.context(g, Integer.MAX_VALUE / 8);
            t = g.validAtOrAbove(Math.max(t, 4 * full));
        }
        return t;
    }

    /** The smallest valid tile that can tile a long axis (core of at least the alignment). */
    public static int smallestMultiTile(TileGeometry g) {
        return covering(g, TilePlan.alignment(g));
    }

    /**
     * Valid tile sizes worth trying for an axis, ascending: for every number of tiles the axis can be
     * cut into, the smallest tile that achieves it (a larger tile with the same count only costs
     * more), thinned evenly to at most {@link #MAX_CANDIDATES} so that huge images stay cheap to plan.
     * The first ({@link #smallestAuto}, or with VALID padding the tile covering the axis if that is smaller) and the last
     * (covering the axis in one piece) are always included.
     */
    static List<Integer> candidates(TileGeometry g, int length) {
        int t = smallestAuto(g);
        if (g.config().padding() == UNetConfig.Padding.VALID) {
            t = Math.min(t, covering(g, length));
        }
        int cover = t;
        while (TilePlan.core(g, cover) < length) {
            cover = g.validAtOrAbove(cover + 1);
        }
        List<Integer> all = new ArrayList<>();
        int previous = -1;
        while (t <= cover) {
            int count = tiles(g, length, t);
            if (count != previous) {
                all.add(t);
                previous = count;
            }
            t = g.validAtOrAbove(t + 1);
        }
        if (all.size() <= MAX_CANDIDATES) {
            return all;
        }
        List<Integer> thin = new ArrayList<>();
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            thin.add(all.get((int) Math.round(i * (all.size() - 1) / (double) (MAX_CANDIDATES - 1))));
        }
        return thin;
    }

    /**
     * Parses a memory size: a number of bytes with an optional unit {@code k}, {@code m}, {@code g}
     * (binary: 1g = 1024^3 bytes; an optional trailing {@code b}/{@code ib}, any case), e.g. {@code 2g},
     * {@code 1500m}, {@code 0.5G}.
     *
     * @throws InvalidInputException naming the text if it is not a positive size
     */
    public static long parseBytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
            if (unit > 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            double v = Double.parseDouble(s);
            if (v > 0 && Double.isFinite(v) && v * unit < Long.MAX_VALUE) {
                return (long) (v * unit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("memory size '" + text + "' is not valid; use a positive size such as 2g, 1500m or 512m");
    }

    /** A size for messages: "1.5 GiB", "420 MiB". */
    public static String bytesText(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes < 1L << 20) {
            // not "1 MiB" for a budget of 1 KiB: the message compares it with what a tile needs
            return bytes < 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%d KiB", Math.max(1, Math.round(bytes / 1024.0)));
        }
        return String.format(Locale.ROOT, "%d MiB", Math.round(bytes / (double) (1L << 20)));
    }
}
