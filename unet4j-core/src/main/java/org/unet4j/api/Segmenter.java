package org.unet4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.app.PredictionFiles;
import org.unet4j.data.Image;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.io.ImageFiles;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * A trained model, opened for segmenting images of any size with the overlap-tile strategy: the
 * library form of {@code unet predict}. Holds the network's native memory until {@link #close()}.
 * One segmenter is used by one thread at a time.
 *
 * <pre>{@code
 * try (Segmenter seg = Segmenter.open(Path.of("runs/cells"), SegmentOptions.defaults().withTta(true))) {
 *     Segmentation s = seg.segment(image);
 * }
 * }</pre>
 */
public final class Segmenter implements AutoCloseable {
    private final ModelFiles.ModelInfo info;
    private final SegmentOptions options;
    private final PostProcessing post;
    private final UNet net;
    private final Predictor predictor;

    private Segmenter(ModelFiles.ModelInfo info, SegmentOptions options, PostProcessing post, UNet net, Predictor predictor) {
        this.info = info;
        this.options = options;
        this.post = post;
        this.net = net;
        this.predictor = predictor;
    }

    /**
     * Opens a model: a run folder of {@link Training} or {@code unet train} (its best checkpoint,
     * else the last) or a checkpoint folder.
     *
     * @throws InvalidInputException if the folder holds no model, or the options do not fit it
     *                               (a tile size the network cannot take, a foreground class it lacks)
     */
    public static Segmenter open(Path modelOrRun, SegmentOptions options) {
        ModelFiles.ModelInfo info = ModelFiles.readInfo(modelOrRun);
        if (options.tile() != SegmentOptions.AUTO_TILE) {
            TileGeometry.of(info.config()).requireValid(options.tile(), "tile");
        }
        PostProcessing post = options.postProcessing(info.metadata());
        post.requireClasses(info.config().numClasses());
        NativeEngine.load();
        DeviceChoice device = options.device().resolve();
        UNet net = ModelFiles.load(info);
        return new Segmenter(info, options, post, net, new Predictor(net, options.predictOptions(device)));
    }

    /** The network of the model (channels, classes, depth, ...). */
    public UNetConfig config() {
        return info.config();
    }

    /** The folder the model was loaded from (the checkpoint). */
    public Path modelDir() {
        return info.dir();
    }

    /** The options this segmenter was opened with. */
    public SegmentOptions options() {
        return options;
    }

    /** Segments {@code image} (raw values: the model's own normalisation is applied). */
    public Segmentation segment(Image image) {
        return segment(image, Progress.NONE);
    }

    /**
     * Segments {@code image}, reporting finished tiles to {@code progress}.
     *
     * @throws InvalidInputException if the image has another number of channels than the model expects
     */
    public Segmentation segment(Image image, Progress progress) {
        int expected = info.config().inChannels();
        if (image.channels() != expected) {
            throw new InvalidInputException("the image has " + image.channels() + " channel(s), but the model " + info.dir() + " expects "
                    + expected + "; convert the image to " + expected + " channel(s) like the training images");
        }
        Prediction p = predictor.predict(Preprocessing.normalise(image, info.metadata()), progress);
        PostProcessing.Outputs derived = post.apply(p, options.instances());
        return new Segmentation(p.height(), p.width(), p.probabilities(), p.labels(), derived.foreground(), derived.instances());
    }

    /**
     * Reads an image file (PNG, TIFF, a TIFF stack, ...) and segments each of its slices.
     *
     * @throws InvalidInputException if the file cannot be read as an image
     */
    public List<Segmentation> segment(Path file) {
        List<Segmentation> out = new ArrayList<>();
        for (Image slice : ImageFiles.readImages(file)) {
            out.add(segment(slice));
        }
        return out;
    }

    /**
     * Segments an image file and writes the outputs of {@code unet predict} into {@code outDir}:
     * {@code NAME_prob.tif}, {@code NAME_fg.tif}, {@code NAME_labels.tif} and, with instances on,
     * {@code NAME_instances.tif} (each file complete or absent).
     *
     * @throws InvalidInputException if the file cannot be read or the folder not created
     * @return the names of the files written, relative to {@code outDir}
     */
    public List<String> writeOutputs(Path file, Path outDir, Progress progress) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new InvalidInputException(outDir + ": cannot create the folder (" + e.getMessage() + "); choose a writable place", e);
        }
        ImagePredictor model = ImagePredictor.of(predictor, Preprocessing.normalization(info.metadata()), info.dir().toString());
        PredictionFiles writer = new PredictionFiles(model, outDir, PredictionFiles.Layout.SUFFIX, post, options.instances(), false);
        return writer.predict(file, progress, file.getFileName().toString()).written();
    }

    /** Frees the network's native memory. */
    @Override
    public void close() {
        net.close();
    }
}
