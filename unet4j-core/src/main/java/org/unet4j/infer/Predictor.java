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
import org.unet4j.data.Mirror;
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
        TileSizes.Shape s = tileShape(height, width);
        return TileGrid.of(geometry, height, width, s.height(), s.width());
    }

    /** Number of tiles {@link #predict} runs for an image of {@code height x width}, test-time augmentation included. */
    public long tileCount(int height, int width) {
        if (options.tta() == TestTimeAugmentation.NONE) {
            return plan(height, width).count();
        }
        long n = 0;
        for (Dihedral d : Dihedral.values()) {
            n += d.swapsAxes() ? plan(width, height).count() : plan(height, width).count();
        }
        return n;
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
        int channels = net.config().inChannels();
        if (image.channels() != channels) {
            throw new InvalidInputException("image " + image.sizeText() + " has " + image.channels() + " channel(s) but the model expects "
                    + channels + "; use images like those the model was trained on");
        }
        int h = image.height();
        int w = image.width();
        int classes = net.config().numClasses();
        boolean training = net.isTraining();
        progress.start("tiles", tileCount(h, w));
        boolean relayout = false;
        try (NoGradGuard guard = new NoGradGuard()) {
            net.eval();
            // channels-last for the duration of the prediction (faster oneDNN convolutions), then back
            relayout = channelsLast && !net.isChannelsLast();
            if (relayout) {
                net.setMemoryFormat(torch.MemoryFormat.ChannelsLast);
            }
            long[] done = {0};
            float[][] out = newPlanes(classes, h * w);
            if (options.tta() == TestTimeAugmentation.NONE) {
                run(image, plan(h, w), out, progress, done);
            } else {
                float[][] tmp = newPlanes(classes, h * w);
                for (Dihedral d : Dihedral.values()) {
                    Image t = d == Dihedral.IDENTITY ? image : d.apply(image);
                    for (float[] p : tmp) {
                        Arrays.fill(p, 0f);
                    }
                    run(t, plan(t.height(), t.width()), tmp, progress, done);
                    for (int k = 0; k < classes; k++) {
                        d.addInverse(tmp[k], out[k], h, w, 1f / Dihedral.values().length);
                    }
                }
            }
            return new Prediction(h, w, out);
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

    /** The tile loop: fills {@code out} (zeros on entry when blending) with the stitched probabilities of {@code image}. */
    private void run(Image image, TileGrid grid, float[][] out, Progress progress, long[] done) {
        int channels = image.channels();
        int th = grid.tileHeight();
        int tw = grid.tileWidth();
        int oh = grid.outputHeight();
        int ow = grid.outputWidth();
        int classes = out.length;
        int batch = Math.min(options.batch(), grid.count());
        int tileValues = channels * th * tw;
        int outValues = classes * oh * ow;
        float[] inputs = new float[batch * tileValues];
        float[] probs = new float[batch * outValues];
        Device cpu = new Device(torch.DeviceType.CPU);
        try (FloatPointer staging = new FloatPointer((long) batch * tileValues)) {
            for (int first = 0; first < grid.count(); first += batch) {
                int b = Math.min(batch, grid.count() - first);
                for (int j = 0; j < b; j++) {
                    TileGrid.Tile t = grid.tile(first + j);
                    Mirror.copyWindow(image, t.inputY(), t.inputX(), th, tw, inputs, j * tileValues);
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
                    stitch(grid, grid.tile(first + j), probs, j * outValues, out, image.width());
                }
                done[0] += b;
                progress.step(done[0], "");
            }
        }
    }

    /** Pastes (VALID) or blends (SAME) one tile's probabilities ({@code K x oh x ow} at {@code offset}) into {@code out}. */
    private static void stitch(TileGrid grid, TileGrid.Tile tile, float[] probs, int offset, float[][] out, int width) {
        TileGrid.Axis rows = grid.rows();
        TileGrid.Axis cols = grid.cols();
        int y0 = rows.writeFrom(tile.row());
        int y1 = rows.writeTo(tile.row());
        int x0 = cols.writeFrom(tile.col());
        int x1 = cols.writeTo(tile.col());
        int oh = grid.outputHeight();
        int ow = grid.outputWidth();
        float[] wy = rows.weights(tile.row());
        float[] wx = cols.weights(tile.col());
        for (int k = 0; k < out.length; k++) {
            float[] dst = out[k];
            for (int y = y0; y < y1; y++) {
                int src = offset + (k * oh + y - tile.outputY()) * ow + x0 - tile.outputX();
                int d = y * width + x0;
                if (wy == null) {
                    System.arraycopy(probs, src, dst, d, x1 - x0);
                } else {
                    float fy = wy[y - y0];
                    for (int x = 0; x < x1 - x0; x++) {
                        dst[d + x] += fy * wx[x] * probs[src + x];
                    }
                }
            }
        }
    }
}
