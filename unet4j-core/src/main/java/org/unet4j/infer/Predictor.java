package org.unet4j.infer;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.Image;
import org.unet4j.data.ImageWindow;
import org.unet4j.data.Mirror;
import org.unet4j.data.Region;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * Applies a network to images of any size with the overlap-tile strategy ({@link TileGrid}): tiles
 * are cut from the mirror-extended image, run through the network in batches, and their softmax
 * probabilities are stitched into plain float arrays.
 *
 * <p>Memory is bounded by one batch of tiles (native, freed per batch by a {@link PointerScope})
 * plus the output arrays, never by the activations of the whole image. Only plain Java arrays
 * leave the tile loop.
 *
 * <p>The constructor moves the network to {@link PredictOptions#device()} and converts it to
 * {@link PredictOptions#precision()} <em>in place</em> (no-ops when it is already there: pass the
 * training device and {@link Precision#FP32} from a training loop). {@link #predict} puts the
 * network in evaluation mode and, on the CPU, its convolution weights into the channels-last layout
 * oneDNN prefers, and restores both afterwards. Not thread-safe: use one predictor per thread.
 *
 * <pre>{@code
 * try (UNet net = ModelFiles.load(modelDir)) {
 *     Predictor predictor = new Predictor(net, PredictOptions.defaults().withTta(TestTimeAugmentation.DIHEDRAL));
 *     Prediction p = predictor.predict(normalisedImage);
 *     LabelImage classes = p.labels();
 *     float[] foreground = p.foreground();
 * }
 * }</pre>
 */
public final class Predictor {
    private final UNet net;
    private final PredictOptions options;
    private final TileGeometry geometry;
    private final Device device;
    private final torch.ScalarType dtype;
    private final boolean channelsLast;

    /** A predictor for {@code net}, which it moves and converts as {@code options} say (see the class comment). */
    public Predictor(UNet net, PredictOptions options) {
        this.net = net;
        this.options = options;
        this.geometry = TileGeometry.of(net.config());
        this.device = options.device().torchDevice();
        this.dtype = options.precision() == Precision.BF16 ? torch.ScalarType.BFloat16 : torch.ScalarType.Float;
        this.channelsLast = device.is_cpu();
        net.to(device);
        net.to(dtype);
    }

    public PredictOptions options() {
        return options;
    }

    public UNetConfig config() {
        return net.config();
    }

    /**
     * The input tile shape used for an image of {@code height x width}.
     *
     * @throws InvalidInputException if a forced tile size is not valid, or no tile fits the memory budget
     */
    public TileSizes.Shape tileShape(int height, int width) {
        if (options.tile() == PredictOptions.AUTO_TILE) {
            return TileSizes.auto(geometry, height, width, options.batch(), options.memoryBytes());
        }
        return TileSizes.fixed(geometry, options.tile(), height, width);
    }

    /** The tile grid for an image of {@code height x width} (without test-time augmentation). */
    public TileGrid plan(int height, int width) {
        return TileSizes.grid(geometry, options, height, width);
    }

    /** Number of tiles {@link #predict} runs for an image of {@code height x width}, test-time augmentation included. */
    public long tileCount(int height, int width) {
        return tileCount(height, width, Region.whole(height, width));
    }

    /**
     * Number of tiles {@link #predict(ImageWindow, Region, Progress)} runs for {@code region} of an
     * image of {@code height x width}, test-time augmentation included.
     */
    public long tileCount(int height, int width, Region region) {
        long n = 0;
        for (Dihedral d : orientations()) {
            TileGrid grid = d.swapsAxes() ? plan(width, height) : plan(height, width);
            Region r = d.apply(region, height, width);
            n += (long) span(grid.rows(), r.y(), r.endY()).length * span(grid.cols(), r.x(), r.endX()).length;
        }
        return n;
    }

    /**
     * The part of an image of {@code height x width} whose pixels
     * {@link #predict(ImageWindow, Region, Progress)} reads to predict {@code region}: the input
     * windows of the tiles whose outputs meet the region, in every orientation test-time
     * augmentation uses, with the pixels their mirrored borders reflect. A distributed task reads
     * only this part of a large image.
     */
    public Region inputNeeded(int height, int width, Region region) {
        Region need = null;
        for (Dihedral d : orientations()) {
            boolean swap = d.swapsAxes();
            TileGrid grid = swap ? plan(width, height) : plan(height, width);
            Region r = d.apply(region, height, width);
            int[] ys = reach(grid.rows(), span(grid.rows(), r.y(), r.endY()), grid.tileHeight());
            int[] xs = reach(grid.cols(), span(grid.cols(), r.x(), r.endX()), grid.tileWidth());
            Region t = new Region(ys[0], xs[0], ys[1] - ys[0], xs[1] - xs[0]);
            Region back = d.invert(t, height, width);
            need = need == null ? back : need.union(back);
        }
        return need;
    }

    private Dihedral[] orientations() {
        return options.tta() == TestTimeAugmentation.NONE ? new Dihedral[] {Dihedral.IDENTITY} : Dihedral.values();
    }

    /** The tiles {@code k} of {@code axis} that write positions in {@code [from, to)}. */
    private static int[] span(TileGrid.Axis axis, int from, int to) {
        int first = -1;
        int last = -1;
        for (int k = 0; k < axis.count(); k++) {
            if (axis.writeFrom(k) < to && axis.writeTo(k) > from) {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        int[] ks = new int[first < 0 ? 0 : last - first + 1];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = first + i;
        }
        return ks;
    }

    /** {@code {min, max + 1}} of the image positions the inputs of tiles {@code ks} read, mirrored into the image. */
    private static int[] reach(TileGrid.Axis axis, int[] ks, int tileSize) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int k : ks) {
            for (int i = axis.inputStart(k); i < axis.inputStart(k) + tileSize; i++) {
                int m = Mirror.index(i, axis.length());
                lo = Math.min(lo, m);
                hi = Math.max(hi, m + 1);
            }
        }
        return new int[] {lo, hi};
    }

    /** {@link #predict(Image, Progress)} without progress reports. */
    public Prediction predict(Image image) {
        return predict(image, Progress.NONE);
    }

    /**
     * The class probabilities of {@code image}, which must already be normalised as for training and
     * have the network's number of input channels. Reports progress over tiles.
     *
     * @throws InvalidInputException if the channel count does not match the network
     */
    public Prediction predict(Image image, Progress progress) {
        return predict(ImageWindow.whole(image), Region.whole(image.height(), image.width()), progress);
    }

    /**
     * The class probabilities of {@code region} of a whole image of which only {@code part} is held
     * (normalised like a whole image: with the whole image's statistics). They equal the same
     * region of {@link #predict(Image, Progress)} of the whole image, tile for tile: the tiles are
     * the whole image's tiles whose outputs meet the region, cut with the whole image's mirrored
     * borders, stitched and (with test-time augmentation) averaged in the same order; only how the
     * tiles are batched may differ. {@code part} must hold {@link #inputNeeded} of the region.
     *
     * @throws InvalidInputException if the channel count does not match the network
     * @throws IllegalArgumentException if the region leaves the image or {@code part} lacks pixels the tiles read
     */
    public Prediction predict(ImageWindow part, Region region, Progress progress) {
        int channels = net.config().inChannels();
        Image image = part.pixels();
        if (image.channels() != channels) {
            throw new InvalidInputException("image " + image.sizeText() + " has " + image.channels() + " channel(s) but the model expects "
                    + channels + "; use images like those the model was trained on");
        }
        int h = part.fullHeight();
        int w = part.fullWidth();
        if (!region.within(h, w)) {
            throw new IllegalArgumentException("region " + region + " leaves the image of " + h + "x" + w);
        }
        int rh = region.height();
        int rw = region.width();
        int classes = net.config().numClasses();
        boolean training = net.isTraining();
        progress.start("tiles", tileCount(h, w, region));
        boolean relayout = false;
        try (NoGradGuard guard = new NoGradGuard()) {
            net.eval();
            // channels-last for the duration of the prediction (faster oneDNN convolutions), then back
            relayout = channelsLast && !net.isChannelsLast();
            if (relayout) {
                net.setMemoryFormat(torch.MemoryFormat.ChannelsLast);
            }
            long[] done = {0};
            float[][] out = newPlanes(classes, rh * rw);
            if (options.tta() == TestTimeAugmentation.NONE) {
                run(part, plan(h, w), region, out, progress, done);
            } else {
                float[][] tmp = newPlanes(classes, rh * rw);
                for (Dihedral d : Dihedral.values()) {
                    ImageWindow t = d == Dihedral.IDENTITY ? part : d.apply(part);
                    for (float[] p : tmp) {
                        Arrays.fill(p, 0f);
                    }
                    run(t, plan(t.fullHeight(), t.fullWidth()), d.apply(region, h, w), tmp, progress, done);
                    for (int k = 0; k < classes; k++) {
                        d.addInverse(tmp[k], out[k], rh, rw, 1f / Dihedral.values().length);
                    }
                }
            }
            return new Prediction(rh, rw, out);
        } finally {
            if (relayout) {
                net.setMemoryFormat(torch.MemoryFormat.Contiguous);
            }
            if (training) {
                net.train();
            }
            progress.done();
        }
    }

    private static float[][] newPlanes(int k, int n) {
        float[][] p = new float[k][];
        for (int i = 0; i < k; i++) {
            p[i] = new float[n];
        }
        return p;
    }

    /**
     * The tile loop: fills {@code out} ({@code region}-sized, zeros on entry when blending) with the
     * stitched probabilities of {@code region} of the image {@code part} belongs to, from the tiles
     * of {@code grid} that write into the region.
     */
    private void run(ImageWindow part, TileGrid grid, Region region, float[][] out, Progress progress, long[] done) {
        int channels = part.channels();
        int th = grid.tileHeight();
        int tw = grid.tileWidth();
        int oh = grid.outputHeight();
        int ow = grid.outputWidth();
        int classes = out.length;
        int[] rows = span(grid.rows(), region.y(), region.endY());
        int[] cols = span(grid.cols(), region.x(), region.endX());
        TileGrid.Tile[] tiles = new TileGrid.Tile[rows.length * cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                tiles[i * cols.length + j] = grid.tile(rows[i] * grid.cols().count() + cols[j]);
            }
        }
        int batch = Math.min(options.batch(), tiles.length);
        int tileValues = channels * th * tw;
        int outValues = classes * oh * ow;
        float[] inputs = new float[batch * tileValues];
        float[] probs = new float[batch * outValues];
        Device cpu = new Device(torch.DeviceType.CPU);
        try (FloatPointer staging = new FloatPointer((long) batch * tileValues)) {
            for (int first = 0; first < tiles.length; first += batch) {
                int b = Math.min(batch, tiles.length - first);
                for (int j = 0; j < b; j++) {
                    TileGrid.Tile t = tiles[first + j];
                    Mirror.copyWindow(part, t.inputY(), t.inputX(), th, tw, inputs, j * tileValues);
                }
                staging.position(0).put(inputs, 0, b * tileValues);
                try (PointerScope scope = new PointerScope()) {
                    Tensor x = torch.from_blob(staging, new long[] {b, channels, th, tw}).to(device, dtype);
                    if (channelsLast) {
                        x = x.contiguous(torch.MemoryFormat.ChannelsLast);
                    }
                    Tensor p = net.forward(x).to(torch.ScalarType.Float).softmax(1).to(cpu, torch.ScalarType.Float).contiguous();
                    p.data_ptr_float().get(probs, 0, b * outValues);
                }
                for (int j = 0; j < b; j++) {
                    stitch(grid, tiles[first + j], probs, j * outValues, out, region);
                }
                done[0] += b;
                progress.step(done[0], "");
            }
        }
    }

    /**
     * Pastes (VALID) or blends (SAME) the part inside {@code region} of one tile's probabilities
     * ({@code K x oh x ow} at {@code offset}) into {@code out} ({@code region}-sized planes).
     */
    private static void stitch(TileGrid grid, TileGrid.Tile tile, float[] probs, int offset, float[][] out, Region region) {
        TileGrid.Axis rows = grid.rows();
        TileGrid.Axis cols = grid.cols();
        int from = rows.writeFrom(tile.row());
        int fromX = cols.writeFrom(tile.col());
        int y0 = Math.max(from, region.y());
        int y1 = Math.min(rows.writeTo(tile.row()), region.endY());
        int x0 = Math.max(fromX, region.x());
        int x1 = Math.min(cols.writeTo(tile.col()), region.endX());
        int oh = grid.outputHeight();
        int ow = grid.outputWidth();
        int width = region.width();
        float[] wy = rows.weights(tile.row());
        float[] wx = cols.weights(tile.col());
        for (int k = 0; k < out.length; k++) {
            float[] dst = out[k];
            for (int y = y0; y < y1; y++) {
                int src = offset + (k * oh + y - tile.outputY()) * ow + x0 - tile.outputX();
                int d = (y - region.y()) * width + x0 - region.x();
                if (wy == null) {
                    System.arraycopy(probs, src, dst, d, x1 - x0);
                } else {
                    float fy = wy[y - from];
                    for (int x = 0; x < x1 - x0; x++) {
                        dst[d + x] += fy * wx[x + x0 - fromX] * probs[src + x];
                    }
                }
            }
        }
    }
}
