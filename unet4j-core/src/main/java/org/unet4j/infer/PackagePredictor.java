package org.unet4j.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.bioimageio.Axis;
import org.unet4j.bioimageio.AxisSize;
import org.unet4j.bioimageio.Layout;
import org.unet4j.bioimageio.ModelPackage;
import org.unet4j.bioimageio.Op;
import org.unet4j.bioimageio.TensorDescr;
import org.unet4j.bioimageio.TileRule;
import org.unet4j.data.Image;
import org.unet4j.data.Mirror;
import org.unet4j.model.exchange.TorchScriptModel;

/**
 * A bioimage.io model of someone else (format 0.5.x, TorchScript weights, one 2-D input and one
 * output) applied to images of any size: the package's preprocessing over the whole image (so that
 * statistics such as mean, std or percentiles are the whole image's, as the package's own tools
 * compute them, not a tile's), then tiles cut from the mirror-extended image at sizes the input's
 * {@code min}/{@code step} allow (a fixed size exactly), the output's {@code halo} cropped from
 * every tile and the cores pasted, the package's postprocessing per tile.
 *
 * <p>An image whose size the model accepts (up to the tile limit) is run whole, halo kept: nothing
 * lies beyond its borders. A one-channel output (a sigmoid probability) becomes the two classes
 * background {@code 1 - p} and foreground {@code p}, so that labels and instances work as for
 * unet4j's own models; more channels are taken as class probabilities as they are.
 *
 * <p>Owns the loaded TorchScript module: {@link #close()} it. Not thread-safe.
 */
public final class PackagePredictor implements ImagePredictor, AutoCloseable {
    /** The tile side aimed at when the model accepts many (and the image is larger). */
    public static final int DEFAULT_TILE = 512;

    private final String source;
    private final TileRule rule;
    private final TensorDescr input;
    private final TensorDescr output;
    private final TorchScriptModel model;
    private final int tile;
    private final TestTimeAugmentation tta;

    private PackagePredictor(String source, TileRule rule, TensorDescr input, TensorDescr output, TorchScriptModel model, int tile,
            TestTimeAugmentation tta) {
        this.source = source;
        this.rule = rule;
        this.input = input;
        this.output = output;
        this.model = model;
        this.tile = tile;
        this.tta = tta;
    }

    /**
     * Opens the TorchScript weights of {@code pkg}.
     *
     * @param tile the tile side to aim at ({@link PredictOptions#AUTO_TILE}: {@link #DEFAULT_TILE}); rounded to a size the model accepts
     * @throws InvalidInputException if the package is not one unet4j runs (the message says what is unsupported)
     */
    public static PackagePredictor open(ModelPackage pkg, int tile, TestTimeAugmentation tta) {
        pkg.requireSupported();
        TileRule rule = pkg.tileRule();
        if (rule.y().inputScale() != rule.y().outputScale() || rule.x().inputScale() != rule.x().outputScale()) {
            throw new InvalidInputException(pkg.yaml() + ": the output has another pixel size than the input; unet4j runs models whose"
                    + " output pixels are the input's");
        }
        TensorDescr in = pkg.description().inputs().get(0);
        TensorDescr out = pkg.description().outputs().get(0);
        TorchScriptModel m = TorchScriptModel.load(pkg.torchscript());
        return new PackagePredictor(pkg.toString(), rule, in, out, m, tile == PredictOptions.AUTO_TILE ? DEFAULT_TILE : tile, tta);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int inChannels() {
        return rule.inputChannels();
    }

    @Override
    public int numClasses() {
        return rule.outputChannels() == 1 ? 2 : rule.outputChannels();
    }

    /** The package's preprocessing, over the whole image. */
    @Override
    public Image prepare(Image raw) {
        Layout layout = Layout.of(input);
        Image x = raw;
        for (Op op : input.processing()) {
            x = op.apply(x, layout);
        }
        return x;
    }

    /** Tiles along one axis: the tile size, the output context and halo, and the core positions. */
    private record Plan(int tileSize, int context, int halo, int core, int[] positions) {
        int count() {
            return positions.length;
        }
    }

    /**
     * The tiles along an axis of length {@code n}. An image the model takes in one tile (its size
     * rounded up to an accepted one, at most the tile limit) is one tile, mirror-extended at its
     * end, nothing cropped. Otherwise tiles of the aimed-at size overlap by the halo; their cores
     * are a multiple of the size step (2^depth for a U-Net), so every tile meets the network's
     * pooling grid at the same phase, as one pass over the whole image would.
     */
    private Plan plan(TileRule.Dimension d, int n) {
        boolean fixed = d.inputSize().max().isPresent() && d.inputSize().max().getAsInt() == d.min();
        int limit = Math.max(tile, d.min());
        if (d.sameSize()) {
            int whole = fixed ? d.min() : d.validAtOrAbove(n);
            if (whole > 0 && whole >= n && whole <= limit) {
                return new Plan(whole, 0, 0, n, new int[] {0});
            }
        }
        int t;
        if (fixed) {
            t = d.min();
        } else {
            t = d.validAtOrAbove(Math.min(limit, Math.max(n + 2 * d.halo(), d.min())));
            while (t > 0 && d.croppedOutputSize(t) < 1) {
                t = d.validAtOrAbove(t + 1);
            }
        }
        int o = t < 1 ? 0 : d.outputSize(t);
        int core = o - 2 * d.halo();
        if (t < 1 || core < 1) {
            throw new InvalidInputException(source + ": the " + d.inputAxis() + " halo " + d.halo() + " leaves no output of a " + t
                    + " px tile; the package's sizes are inconsistent");
        }
        int step = d.inputSize() instanceof AxisSize.Parameterized p ? p.step() : 1;
        int aligned = core >= step ? core / step * step : core;
        int count = (n + aligned - 1) / aligned;
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = i * aligned;
        }
        return new Plan(t, (t - o) / 2, d.halo(), aligned, positions);
    }

    @Override
    public long tileCount(int height, int width) {
        long one = (long) plan(rule.y(), height).count() * plan(rule.x(), width).count();
        if (tta == TestTimeAugmentation.NONE) {
            return one;
        }
        long n = 0;
        for (Dihedral d : Dihedral.values()) {
            n += d.swapsAxes() ? (long) plan(rule.y(), width).count() * plan(rule.x(), height).count() : one;
        }
        return n;
    }

    @Override
    public String tileText(int height, int width) {
        return plan(rule.y(), height).tileSize() + "x" + plan(rule.x(), width).tileSize();
    }

    @Override
    public Prediction predict(Image prepared, Progress progress) {
        if (prepared.channels() != inChannels()) {
            throw new InvalidInputException("the image has " + prepared.channels() + " channel(s) but " + source + " expects " + inChannels()
                    + "; convert it like the model's training images");
        }
        int h = prepared.height();
        int w = prepared.width();
        int k = rule.outputChannels();
        progress.start("tiles", tileCount(h, w));
        long[] done = {0};
        try {
            float[][] out;
            if (tta == TestTimeAugmentation.NONE) {
                out = run(prepared, progress, done);
            } else {
                out = new float[k][h * w];
                for (Dihedral d : Dihedral.values()) {
                    Image t = d == Dihedral.IDENTITY ? prepared : d.apply(prepared);
                    float[][] o = run(t, progress, done);
                    for (int c = 0; c < k; c++) {
                        d.addInverse(o[c], out[c], h, w, 1f / Dihedral.values().length);
                    }
                }
            }
            return new Prediction(h, w, k == 1 ? new float[][] {complement(out[0]), out[0]} : out);
        } finally {
            progress.done();
        }
    }

    private static float[] complement(float[] p) {
        float[] q = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = 1f - p[i];
        }
        return q;
    }

    /** The tile loop: the model's postprocessed output of every tile, cores pasted. */
    private float[][] run(Image image, Progress progress, long[] done) {
        int h = image.height();
        int w = image.width();
        Plan py = plan(rule.y(), h);
        Plan px = plan(rule.x(), w);
        int k = rule.outputChannels();
        int c = image.channels();
        float[][] out = new float[k][h * w];
        int ty = py.tileSize();
        int tx = px.tileSize();
        int oy = ty - 2 * py.context();
        int ox = tx - 2 * px.context();
        float[] window = new float[c * ty * tx];
        Layout outLayout = Layout.of(output);
        for (int y0 : py.positions()) {
            for (int x0 : px.positions()) {
                Mirror.copyWindow(image, y0 - py.context() - py.halo(), x0 - px.context() - px.halo(), ty, tx, window, 0);
                TorchScriptModel.Output o = model.forward(window, shape(ty, tx));
                int size = o.values().length;
                if (size != k * oy * ox) {
                    throw new InvalidInputException(source + ": a " + ty + "x" + tx + " tile gave an output of shape "
                            + Arrays.toString(o.shape()) + ", not the " + k + "x" + oy + "x" + ox + " its description promises");
                }
                Image tileOut = new Image(k, oy, ox, o.values());
                for (Op op : output.processing()) {
                    tileOut = op.apply(tileOut, outLayout);
                }
                float[] v = tileOut.pixels();
                int rows = Math.min(py.core(), h - y0);
                int cols = Math.min(px.core(), w - x0);
                for (int ch = 0; ch < k; ch++) {
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(v, ch * oy * ox + (r + py.halo()) * ox + px.halo(), out[ch], (y0 + r) * w + x0, cols);
                    }
                }
                progress.step(++done[0], "tile");
            }
        }
        return out;
    }

    /** The input tensor's shape for a tile, following its axes (batch and channel axes where it has them). */
    private long[] shape(int ty, int tx) {
        List<Long> s = new ArrayList<>();
        int space = 0;
        for (Axis a : input.axes()) {
            switch (a.type()) {
                case BATCH -> s.add(1L);
                case CHANNEL -> s.add((long) inChannels());
                case SPACE -> s.add((long) (space++ == 0 ? ty : tx));
                default -> throw new IllegalStateException(a.type().toString());
            }
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
