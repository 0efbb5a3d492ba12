package org.unet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.unet4j.InvalidInputException;
import org.unet4j.app.ModelSource;
import org.unet4j.app.PredictionFiles;
import org.unet4j.bioimageio.ModelPackage;
import org.unet4j.bioimageio.Op;
import org.unet4j.infer.Bf16Support;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PackagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Precision;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.infer.TestTimeAugmentation;
import org.unet4j.infer.TileSizes;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Json;
import org.unet4j.io.OutputException;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet predict}: applies a trained model to images of any size with the overlap-tile strategy. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {
            "Segment images with a trained model (overlap-tile strategy: any image size, mirrored borders).",
            "Writes per input NAME: NAME_prob.tif (float32 class probabilities; stacks as a channels x slices hyperstack),"
                    + " NAME_fg.tif (foreground probability, the ISBI format 'unet evaluate --pred' takes; with --postprocess watershed"
                    + " 0 on the lines between instances),"
                    + " NAME_labels.tif (8-bit argmax classes), with --instances NAME_instances.tif (16-bit instance ids),"
                    + " with --overlay NAME_overlay.png."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR|PKG", description = "Run folder of 'unet train' (uses checkpoints/best), a model folder, or a bioimage.io model package (.zip, its folder or its rdf.yaml) with TorchScript weights: one from 'unet export' or from the bioimage.io zoo (2D, one input, one output).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE|DIR",
            description = "An image (PNG or TIFF; a multi-page TIFF is a stack predicted slice by slice) or a folder of them.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path out;

    @Option(names = "--layout", paramLabel = "suffix|folders", defaultValue = "suffix",
            description = "Output names: suffix (OUT/NAME_prob.tif, OUT/NAME_fg.tif, ...) or folders (OUT/prob/NAME.tif, OUT/fg/NAME.tif, ...;"
                    + " then 'unet evaluate --pred OUT/fg' pairs them with the ground truth) (default: ${DEFAULT-VALUE}).")
    PredictionFiles.Layout layout;

    @Option(names = "--tile", paramLabel = "auto|N", defaultValue = "auto", converter = Converters.Tile.class,
            description = "Input tile size: auto (the size with the least compute within --memory) or a valid size such as 572 (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Tiles per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "2g", converter = Converters.Memory.class,
            description = "Memory budget for one batch of tiles, e.g. 2g, 1500m; bounds the automatic tile size (default: ${DEFAULT-VALUE}).")
    long memory;

    @Option(names = "--tta", description = "Test-time augmentation: average the 8 flips/rotations (8x slower).")
    boolean tta;

    @Option(names = "--instances", description = "Also write NAME_instances.tif (16-bit ids): the 4-connected components of the foreground class,"
            + " or with --postprocess watershed the watershed's instances.")
    boolean instances;

    @Option(names = "--min-size", paramLabel = "PX", defaultValue = "0",
            description = "Drop instances (with --postprocess watershed: seeds) smaller than this many pixels (default: ${DEFAULT-VALUE}).")
    int minSize;

    @Option(names = "--postprocess", paramLabel = "none|watershed", defaultValue = "none",
            description = "none: the network's probabilities as they are (the paper). watershed: seeds (foreground probability above"
                    + " --seed-threshold) grow until they meet, separated by one-pixel lines; NAME_fg.tif is the probability with those"
                    + " lines set to 0, and the instances are the watershed's, so a gap in a faint boundary no longer merges two objects"
                    + " (see docs/PREDICT.md) (default: ${DEFAULT-VALUE}).")
    PostProcessing.Method postprocess;

    @Option(names = "--seed-threshold", paramLabel = "P",
            description = "With --postprocess watershed: seeds are the regions whose foreground probability is above P (default: 0.8"
                    + " for a model trained on instance labels, else 0.5)."
                    + " With a contour model (trained with --target contours): the interior probability of its seeds (default: 0.8).")
    Double seedThreshold;

    @Option(names = "--flood-threshold", paramLabel = "P",
            description = "With --postprocess watershed: seeds grow into pixels whose foreground probability is above P; 0 divides the"
                    + " whole image (cell boundaries, EM membranes), 0.5 keeps a background out. Default: 0.5 for a model trained on"
                    + " instance labels (objects on a background; half of a lower --seed-threshold), else 0. With a contour model: the object probability"
                    + " 1 - p(background) its seeds grow into (default: 0.7).")
    Double floodThreshold;

    @Option(names = "--foreground-class", paramLabel = "K", defaultValue = "1",
            description = "Class whose probability is NAME_fg.tif and whose components are the instances (default: ${DEFAULT-VALUE}).")
    int foregroundClass;

    @Option(names = "--overlay", description = "Also write NAME_overlay.png: the (middle) slice with the labels in colour.")
    boolean overlay;

    @Option(names = "--precision", paramLabel = "fp32|bf16", defaultValue = "fp32",
            description = "Number format of the network: fp32 or bf16 (faster where the hardware has it; see docs/PREDICT.md) (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        try (ModelSource source = ModelSource.open(model)) {
            if (source.isForeign()) {
                return predictPackage(source);
            }
            ModelFiles.ModelInfo info = ModelFiles.readInfo(source.modelDir());
            PredictOptions options = new PredictOptions(checkTile(info), batch, memory,
                    tta ? TestTimeAugmentation.DIHEDRAL : TestTimeAugmentation.NONE, precision, DeviceChoice.CPU);
            int classes = info.config().numClasses();
            PostProcessing post = PostProcessing.forModel(info.metadata(), foregroundClass, postprocess, seedThreshold, floodThreshold, minSize);
            post.requireClasses(classes);
            List<Path> files = inputs(input);
            DeviceChoice device = engine.apply();
            options = options.withDevice(device);
            Path created = prepareOut(out);
            try {
                String shown = source.packageDir() != null ? model + " (its unet4j model)" : info.dir().toString();
                return predictAll(spec.commandLine().getOut(), info, shown, options, classes, post, files, device);
            } catch (RuntimeException e) {
                removeIfEmpty(created);
                throw e;
            }
        }
    }

    /** A bioimage.io package of someone else: its TorchScript weights with its own pre- and postprocessing and tiling. */
    private int predictPackage(ModelSource source) {
        if (precision != Precision.FP32) {
            throw new InvalidInputException("--precision " + precision.name().toLowerCase(Locale.ROOT) + " is for unet4j models; "
                    + model + " is a bioimage.io package, run in the precision of its weights (leave --precision out)");
        }
        if (engine.device == DeviceChoice.GPU) {
            throw new InvalidInputException("--device gpu: bioimage.io packages run on the CPU in this unet4j; leave --device out for " + model);
        }
        engine.apply(); // --threads (auto runs a package on the CPU)
        List<Path> files = inputs(input);
        ModelPackage pkg = source.pkg();
        try (PackagePredictor predictor = PackagePredictor.open(pkg, tile, tta ? TestTimeAugmentation.DIHEDRAL : TestTimeAugmentation.NONE)) {
            // a package written by unet4j says in config.unet4j what its classes are (e.g. a contour model's)
            Object own = pkg.description().config().get("unet4j");
            PostProcessing post = PostProcessing.forModel(own == null ? null : Json.MAPPER.valueToTree(own), foregroundClass, postprocess,
                    seedThreshold, floodThreshold, minSize);
            post.requireClasses(predictor.numClasses());
            Path created = prepareOut(out);
            try {
                PrintWriter w = spec.commandLine().getOut();
                w.printf(Locale.ROOT, "model %s: bioimage.io \"%s\" (TorchScript), %d input channel(s), %d classes, its own preprocessing"
                        + " (%s) and tiling; %s%n", model, pkg.description().name(), predictor.inChannels(), predictor.numClasses(),
                        String.join(", ", pkg.description().inputs().get(0).processing().stream().map(Op::id).toList()), post.describe());
                w.flush();
                return predictFiles(w, predictor, post, files);
            } catch (RuntimeException e) {
                removeIfEmpty(created);
                throw e;
            }
        }
    }

    private int predictAll(PrintWriter w, ModelFiles.ModelInfo info, String shown, PredictOptions options, int classes, PostProcessing post,
            List<Path> files, DeviceChoice device) {
        String bf16 = Bf16Support.warning(precision, device, "--precision bf16");
        if (bf16 != null) {
            spec.commandLine().getErr().println("unet predict: warning: " + bf16);
        }
        try (UNet net = ModelFiles.load(info)) {
            Predictor predictor = new Predictor(net, options);
            ImagePredictor model = ImagePredictor.of(predictor, Preprocessing.normalization(info.metadata()), shown);
            w.printf(Locale.ROOT, "model %s: %s, %d classes, normalize %s; %s, %s, device %s; %s%n", shown, describe(info), classes,
                    Preprocessing.normalization(info.metadata()).describe(),
                    options.tile() == PredictOptions.AUTO_TILE ? "tile auto (" + TileSizes.bytesText(options.memoryBytes()) + ")"
                            : "tile " + options.tile(),
                    precision.name().toLowerCase(Locale.ROOT), device.name().toLowerCase(Locale.ROOT), post.describe());
            w.flush();
            return predictFiles(w, model, post, files);
        }
    }

    /** Predicts and writes every input file, one line each, and a summary. */
    private int predictFiles(PrintWriter w, ImagePredictor model, PostProcessing post, List<Path> files) {
        int stale = AtomicFiles.deleteStale(out, 2);
        if (stale > 0) {
            w.println("removed " + stale + " temporary file(s) that an interrupted earlier run left in " + out);
        }
        PredictionFiles writer = new PredictionFiles(model, out, layout, post, instances, overlay);
        ProgressBar bar = ProgressBar.forConsole(spec.commandLine().getErr());
        long started = System.nanoTime();
        long pixels = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            long t0 = System.nanoTime();
            String status = files.size() > 1 ? (i + 1) + "/" + files.size() + " " + f.getFileName() : f.getFileName().toString();
            PredictionFiles.Result r = writer.predict(f, bar, status);
            pixels += r.pixels();
            w.printf(Locale.ROOT, "%s: %s, %s, tiles %s x%d, %.1f s -> %s%n", f.getFileName(), r.sizeText(),
                    r.slices() == 1 ? "1 slice" : r.slices() + " slices", r.tile(), r.tiles(), (System.nanoTime() - t0) / 1e9,
                    String.join(", ", r.written()));
            w.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        w.printf(Locale.ROOT, "predicted %d image file(s), %.2f megapixels in %.1f s (%.3f MPx/s) into %s%n", files.size(),
                pixels / 1e6, seconds, pixels / 1e6 / seconds, out);
        w.flush();
        return Main.EXIT_OK;
    }

    /** {@code --tile} checked against the model's network (auto passes). */
    private int checkTile(ModelFiles.ModelInfo info) {
        if (tile != PredictOptions.AUTO_TILE) {
            TileGeometry.of(info.config()).requireValid(tile, "tile");
        }
        return tile;
    }

    private static String describe(ModelFiles.ModelInfo info) {
        var c = info.config();
        return String.format(Locale.ROOT, "U-Net depth %d, base %d, %s padding, %d input channel(s)", c.depth(), c.baseChannels(),
                c.padding().name().toLowerCase(Locale.ROOT), c.inChannels());
    }

    /** The images to predict: the file itself, or the image files of a folder (sorted, not recursive). */
    static List<Path> inputs(Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new InvalidInputException("--input " + input + ": no such file or folder; check the path");
        }
        List<Path> files = ImageFiles.listImages(input);
        Map<String, Path> stems = new HashMap<>();
        for (Path f : files) {
            Path other = stems.put(PredictionFiles.stem(f), f);
            if (other != null) {
                throw new InvalidInputException("--input " + input + ": " + other.getFileName() + " and " + f.getFileName()
                        + " would write the same output names; rename one of them");
            }
        }
        return files;
    }

    /**
     * Creates {@code out} if needed; returns the topmost folder this created (to be removed again if
     * the command fails before writing anything), or null when it existed.
     */
    private static Path prepareOut(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file; pass a folder for the outputs");
        }
        Path top = null;
        for (Path p = out.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            top = p;
        }
        try {
            Files.createDirectories(out);
            return top;
        } catch (IOException e) {
            UncheckedIOException failure = AtomicFiles.failure(out, e);
            if (failure instanceof OutputException oe) {
                throw oe.withAdvice("choose another --out");
            }
            throw new InvalidInputException("--out " + out + ": cannot create the folder (" + e + "); choose a writable place", e);
        }
    }

    /** Deletes the folders under and including {@code top} when they hold no file: a failed command leaves nothing behind. */
    private static void removeIfEmpty(Path top) {
        if (top == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(top)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            if (paths.stream().allMatch(Files::isDirectory)) {
                for (Path p : paths) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the original failure is what the user needs to see
        }
    }
}
