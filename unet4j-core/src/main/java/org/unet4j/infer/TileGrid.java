package org.unet4j.infer;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.data.Region;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig.Padding;

/**
 * The overlap-tile layout of one image (pure geometry): which input window each tile reads, which
 * part of the image its output covers, and how the outputs are stitched.
 *
 * <p>The grid is the product of two independent {@link Axis axes}. Along an axis of length
 * {@code n}, every tile has a <em>core</em>: the stretch of the image it is responsible for. The
 * cores start at positions {@code p_k} that are multiples of the <em>alignment</em>
 * {@code 2^depth}, step by the largest multiple of the alignment that fits in a core, and the last
 * one is moved back as far as alignment allows so that it just reaches the end of the image (the
 * whole padded extent is enlarged at the bottom/right only as far as needed, the excess cropped).
 * A tile's input window is its core plus {@link Axis#context()} pixels on both sides, read with
 * mirror extension ({@link org.unet4j.data.Mirror}) where it leaves the image.
 *
 * <p><b>Why the alignment.</b> A U-Net with 2x2 max-pooling is shift-equivariant only for shifts
 * that are multiples of {@code 2^depth}: only then do the pooling grids of two tiles line up. With
 * {@link Padding#VALID} padding (the paper's net) the context is the network's halo, every output
 * pixel depends only on its receptive field, and with aligned tiles each tile's output is exactly
 * the matching window of the output of one run on the whole mirror-padded image. The cores then
 * partition the image and are pasted ({@link Axis#weights(int)} is {@code null}).
 *
 * <p>With {@link Padding#SAME} padding the network pads every convolution with zeros, so outputs
 * near a tile's border differ from a whole-image run, up to the {@link #contaminationDepth
 * contamination depth} (94 px for the paper's net). Tiles then read that much context around their
 * cores (rounded up to the alignment; at most a quarter of the tile), their whole outputs overlap,
 * and overlapping outputs are blended with per-pixel weights (normalised to sum to 1 at every
 * pixel). With the full context only uncontaminated outputs get weight, which makes the result
 * exact up to rounding; with less (small tiles) the weight rises steeply from the tile border to 1
 * at the core. Cores always get full weight from their own tile.
 */
public final class TileGrid {
    private final TileGeometry geometry;
    private final Axis rows;
    private final Axis cols;

    private TileGrid(TileGeometry geometry, Axis rows, Axis cols) {
        this.geometry = geometry;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * The grid for an image of {@code height x width} with input tiles of {@code tileHeight x tileWidth}
     * (valid sizes for {@code geometry}, each with a core of at least {@link #alignment} pixels unless
     * one tile covers that axis; see {@link TileSizes}).
     *
     * @throws IllegalArgumentException if a tile size is not valid or too small to tile the image
     */
    public static TileGrid of(TileGeometry geometry, int height, int width, int tileHeight, int tileWidth) {
        return new TileGrid(geometry, Axis.of(geometry, height, tileHeight), Axis.of(geometry, width, tileWidth));
    }

    public TileGeometry geometry() {
        return geometry;
    }

    /** The vertical axis (tile rows). */
    public Axis rows() {
        return rows;
    }

    /** The horizontal axis (tile columns). */
    public Axis cols() {
        return cols;
    }

    public int height() {
        return rows.length();
    }

    public int width() {
        return cols.length();
    }

    /** Input tile height. */
    public int tileHeight() {
        return rows.inputSize();
    }

    /** Input tile width. */
    public int tileWidth() {
        return cols.inputSize();
    }

    /** Height of the network's output for one tile. */
    public int outputHeight() {
        return rows.outputSize();
    }

    /** Width of the network's output for one tile. */
    public int outputWidth() {
        return cols.outputSize();
    }

    /** Number of tiles. */
    public int count() {
        return rows.count() * cols.count();
    }

    /** Whether overlapping outputs are blended (SAME padding) rather than pasted (VALID padding). */
    public boolean blended() {
        return rows.blended();
    }

    /** Tile {@code i} in row-major order. */
    public Tile tile(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("tile " + i + " of " + count());
        }
        int r = i / cols.count();
        int c = i % cols.count();
        return new Tile(i, r, c, rows.inputStart(r), cols.inputStart(c), rows.outputStart(r), cols.outputStart(c));
    }

    /**
     * The image cut into rectangular parts of whole tiles, row-major, for predicting it in
     * independent pieces ({@link Predictor#predict(org.unet4j.data.ImageWindow, Region, org.unet4j.Progress)}): blocks of about {@code maxPixels / (output tile area)} tiles (at least
     * one), as square as the grid allows, whose boundaries are tile core boundaries, so that the
     * parts partition the image and (VALID padding, no test-time augmentation) every tile is run by
     * exactly one part.
     *
     * @throws IllegalArgumentException if {@code maxPixels} is not positive
     */
    public List<Region> parts(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("parts of " + maxPixels + " pixels");
        }
        long perTile = (long) outputHeight() * outputWidth();
        long k = Math.max(1, maxPixels / perTile);
        int bc = (int) Math.min(cols.count(), Math.max(1, (long) Math.floor(Math.sqrt(k))));
        int br = (int) Math.min(rows.count(), Math.max(1, k / bc));
        if (br == rows.count()) { // fewer rows than the square wants: widen the blocks
            bc = (int) Math.min(cols.count(), Math.max(1, k / br));
        }
        int[] ys = bounds(rows, br);
        int[] xs = bounds(cols, bc);
        List<Region> parts = new ArrayList<>();
        for (int i = 0; i + 1 < ys.length; i++) {
            for (int j = 0; j + 1 < xs.length; j++) {
                parts.add(new Region(ys[i], xs[j], ys[i + 1] - ys[i], xs[j + 1] - xs[j]));
            }
        }
        return parts;
    }

    /** Part boundaries along an axis: the core starts of every {@code per}-th tile, then the image's end. */
    private static int[] bounds(Axis axis, int per) {
        int n = (axis.count() + per - 1) / per;
        int[] b = new int[n + 1];
        for (int i = 1; i < n; i++) {
            b[i] = axis.position(i * per);
        }
        b[n] = axis.length();
        return b;
    }

    @Override
    public String toString() {
        return "TileGrid[" + height() + "x" + width() + ", tiles " + tileHeight() + "x" + tileWidth() + " -> "
                + outputHeight() + "x" + outputWidth() + ", " + rows.count() + "x" + cols.count() + "]";
    }

    /**
     * One tile, in image coordinates (negative or beyond the image where the window is mirrored).
     *
     * @param index row-major index
     * @param row tile row ({@link Axis} index of {@link #rows()})
     * @param col tile column
     * @param inputY top of the input window
     * @param inputX left of the input window
     * @param outputY top of the network's output
     * @param outputX left of the network's output
     */
    public record Tile(int index, int row, int col, int inputY, int inputX, int outputY, int outputX) {
    }

    /** The tiles along one axis. */
    public static final class Axis {
        private final int length;
        private final int inputSize;
        private final int outputSize;
        private final int context;
        private final int halo;
        private final int[] positions;
        private final boolean blended;
        private final int contamination;
        private final float[][] weights;

        private Axis(int length, int inputSize, int outputSize, int context, int halo, int[] positions, int contamination) {
            this.length = length;
            this.inputSize = inputSize;
            this.outputSize = outputSize;
            this.context = context;
            this.halo = halo;
            this.positions = positions;
            this.blended = contamination > 0;
            this.contamination = contamination;
            this.weights = blended ? blendWeights() : null;
        }

        static Axis of(TileGeometry g, int n, int tileSize) {
            if (n < 1) {
                throw new IllegalArgumentException("image size must be positive, got " + n);
            }
            if (!g.isValidInput(tileSize)) {
                throw new IllegalArgumentException("tile size " + tileSize + " is not valid for " + g.config());
            }
            int a = TilePlan.alignment(g);
            int ctx = TilePlan.context(g, tileSize);
            int out = g.outputSize(tileSize);
            int core = tileSize - 2 * ctx;
            int step = core / a * a;
            int count;
            if (n <= core) {
                count = 1;
            } else {
                if (step < 1) {
                    throw new IllegalArgumentException("tile size " + tileSize + " has a core of " + core + " px, less than the alignment "
                            + a + "; it cannot tile an axis of " + n + " px");
                }
                count = (n - core + step - 1) / step + 1;
            }
            int[] p = new int[count];
            for (int k = 0; k < count - 1; k++) {
                p[k] = k * step;
            }
            p[count - 1] = (Math.max(0, n - core) + a - 1) / a * a;
            int contamination = g.config().padding() == Padding.SAME ? TilePlan.contaminationDepth(g.config()) : 0;
            return new Axis(n, tileSize, out, ctx, (tileSize - out) / 2, p, contamination);
        }

        /** Image length along this axis. */
        public int length() {
            return length;
        }

        public int inputSize() {
            return inputSize;
        }

        public int outputSize() {
            return outputSize;
        }

        /** Pixels of context read on each side of a core. */
        public int context() {
            return context;
        }

        /** Number of tiles along this axis. */
        public int count() {
            return positions.length;
        }

        /** Start of the core of tile {@code k} (a multiple of the alignment). */
        public int position(int k) {
            return positions[k];
        }

        /** Start of the input window of tile {@code k}. */
        public int inputStart(int k) {
            return positions[k] - context;
        }

        /** Image position of the first output pixel of tile {@code k}. */
        public int outputStart(int k) {
            return positions[k] - context + halo;
        }

        /** Total extent covered by the tiles' outputs, from 0 (at least {@link #length()}). */
        public int paddedLength() {
            return outputStart(count() - 1) + outputSize;
        }

        boolean blended() {
            return blended;
        }

        /** First image position tile {@code k} writes. */
        public int writeFrom(int k) {
            return blended ? Math.max(0, outputStart(k)) : positions[k];
        }

        /** End (exclusive) of the image positions tile {@code k} writes. */
        public int writeTo(int k) {
            if (blended) {
                return Math.min(length, outputStart(k) + outputSize);
            }
            return k + 1 < positions.length ? positions[k + 1] : length;
        }

        /**
         * Blending weights of tile {@code k} for positions {@code writeFrom(k) .. writeTo(k) - 1}
         * (they sum to 1 over all tiles at every position), or {@code null} when the tile's range is
         * pasted unweighted (VALID padding: the ranges partition the axis).
         */
        public float[] weights(int k) {
            return weights == null ? null : weights[k];
        }

        /**
         * Weight of an output pixel {@code d} pixels from its tile's border. With the full context
         * ({@code context >= contamination}) only uncontaminated outputs count, so the stitched result
         * equals a whole-image run up to rounding; with less context (small tiles) the weight rises
         * as {@code ((d + 1) / (context + 1))^4} to 1 at the core, which measured better than linear
         * or square ramps and than pasting the cores (docs/PREDICT.md).
         */
        private double blendWeight(int d) {
            if (context >= contamination) {
                return d >= contamination ? 1 : 0;
            }
            double r = Math.min(1.0, (d + 1.0) / (context + 1.0));
            return r * r * r * r;
        }

        private float[][] blendWeights() {
            double[] sum = new double[length];
            double[][] raw = new double[count()][];
            for (int k = 0; k < count(); k++) {
                int from = writeFrom(k);
                raw[k] = new double[writeTo(k) - from];
                for (int i = 0; i < raw[k].length; i++) {
                    int t = from + i - outputStart(k);
                    int d = Math.min(t, outputSize - 1 - t);
                    raw[k][i] = blendWeight(d);
                    sum[from + i] += raw[k][i];
                }
            }
            float[][] w = new float[count()][];
            for (int k = 0; k < count(); k++) {
                int from = writeFrom(k);
                w[k] = new float[raw[k].length];
                for (int i = 0; i < w[k].length; i++) {
                    w[k][i] = (float) (raw[k][i] / sum[from + i]);
                }
            }
            return w;
        }
    }
}
