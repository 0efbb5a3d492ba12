package org.unet4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.app.ModelSource;
import org.unet4j.app.PredictionFiles;
import org.unet4j.bioimageio.ModelPackage;
import org.unet4j.data.Image;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PackagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Precision;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Json;
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
    private final String source;
    private final UNetConfig config;
    private final Path modelDir;
    private final SegmentOptions options;
    private final PostProcessing post;
    private final ImagePredictor predictor;
    private final AutoCloseable[] resources;

    private Segmenter(String source, UNetConfig config, Path modelDir, SegmentOptions options, PostProcessing post,
            ImagePredictor predictor, AutoCloseable... resources) {
        this.source = source;
        this.config = config;
        this.modelDir = modelDir;
        this.options = options;
        this.post = post;
        this.predictor = predictor;
        this.resources = resources;
    }

    /**
     * Opens a model: a run folder of {@link Training} or {@code unet train} (its best checkpoint,
     * else the last), a checkpoint folder, or a bioimage.io model package (a .zip, its folder or its
     * {@code rdf.yaml}): one written by {@code unet export} is read as the unet4j model it carries;
     * another runs through its TorchScript weights with its own preprocessing, postprocessing and
     * tiling (on the CPU, in fp32, also with {@code DeviceChoice.AUTO}; {@link #config()} is then null).
     *
     * @throws InvalidInputException if the path holds no model, or the options do not fit it
     *                               (a tile size the network cannot take, a foreground class it lacks)
     */
    public static Segmenter open(Path modelOrRun, SegmentOptions options) {
        ModelSource source = ModelSource.open(modelOrRun);
        try {
            if (source.isForeign()) {
                return openPackage(modelOrRun, source, options);
            }
            ModelFiles.ModelInfo info = ModelFiles.readInfo(source.modelDir());
            if (options.tile() != SegmentOptions.AUTO_TILE) {
                TileGeometry.of(info.config()).requireValid(options.tile(), "tile");
            }
            PostProcessing post = options.postProcessing(info.metadata());
            post.requireClasses(info.config().numClasses());
            NativeEngine.load();
            DeviceChoice device = options.device().resolve();
            UNet net = ModelFiles.load(info);
            ImagePredictor p = ImagePredictor.of(new Predictor(net, options.predictOptions(device)),
                    Preprocessing.normalization(info.metadata()), source.packageDir() != null ? modelOrRun.toString() : info.dir().toString());
            // the extracted copy of a zip is no longer needed once the network is loaded
            source.close();
            return new Segmenter(p.source(), info.config(), info.dir(), options, post, p, net::close);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private static Segmenter openPackage(Path path, ModelSource source, SegmentOptions options) {
        if (options.precision() != Precision.FP32 || options.device() == DeviceChoice.GPU) {
            throw new InvalidInputException(path + " is a bioimage.io package; it runs on the CPU in the precision of its weights (fp32)");
        }
        // the caller closes source (and with it the package) if this throws
        ModelPackage pkg = source.pkg();
        PackagePredictor p = PackagePredictor.open(pkg, options.tile(), options.predictOptions(DeviceChoice.CPU).tta());
        Object own = pkg.description().config().get("unet4j");
        PostProcessing post = options.postProcessing(own == null ? null : Json.MAPPER.valueToTree(own));
        post.requireClasses(p.numClasses());
        return new Segmenter(path.toString(), null, path, options, post, p, p, source);
    }

    /** The network of a unet4j model (channels, classes, depth, ...); null for a foreign bioimage.io package. */
    public UNetConfig config() {
        return config;
    }

    /** The folder the model was loaded from (the checkpoint), or the package's path. */
    public Path modelDir() {
        return modelDir;
    }

    /** Input channels the model expects. */
    public int inChannels() {
        return predictor.inChannels();
    }

    /** Classes of the probabilities it returns. */
    public int numClasses() {
        return predictor.numClasses();
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
        int expected = predictor.inChannels();
        if (image.channels() != expected) {
            throw new InvalidInputException("the image has " + image.channels() + " channel(s), but the model " + source + " expects "
                    + expected + "; convert the image to " + expected + " channel(s) like the training images");
        }
        Prediction p = predictor.predict(predictor.prepare(image), progress);
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
        PredictionFiles writer = new PredictionFiles(predictor, outDir, PredictionFiles.Layout.SUFFIX, post, options.instances(), false);
        return writer.predict(file, progress, file.getFileName().toString()).written();
    }

    /** Frees the network's native memory (and a package's extracted copy). */
    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + source + ": " + e.getMessage(), e);
            }
        }
    }
}
