package org.unet4j.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.Setting;
import org.unet4j.bioimageio.Author;
import org.unet4j.bioimageio.ExportSpec;
import org.unet4j.bioimageio.Layout;
import org.unet4j.bioimageio.ModelDescription;
import org.unet4j.bioimageio.Op;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Mirror;
import org.unet4j.data.Normalization;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Json;
import org.unet4j.io.Npy;
import org.unet4j.loss.Target;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;
import org.unet4j.model.exchange.ExportGraph;
import org.unet4j.model.exchange.OnnxWriter;
import org.unet4j.model.exchange.TorchScriptModel;
import org.unet4j.model.exchange.TorchScriptWriter;
import org.unet4j.report.Mosaic;
import org.unet4j.report.Overlays;

/**
 * {@code unet export}: a unet4j model as a bioimage.io model package (format 0.5.7), the format
 * deepImageJ, QuPath and Fiji (through JDLL), ilastik, napari and bioimage.io's own tools read.
 *
 * <p>The zip holds {@code rdf.yaml}; TorchScript ({@code weights.pt}) and ONNX
 * ({@code weights.onnx}, any size; and, for runtimes that infer every shape at load time such as
 * OpenCV's DNN module, {@code weights_NxN.onnx} at one size, attached) weights that take the image normalised by the description's
 * preprocessing and return class probabilities of the same size ({@link ExportGraph});
 * {@code test_input.npy} (a raw crop of a real image: a validation image of the run, else a
 * training image, else the one given) and {@code test_output.npy} (what the TorchScript weights
 * compute for it, checked against unet4j's own prediction); {@code cover.png} (the crop beside its
 * labels); a {@code README.md} with the training data, settings, validation scores and citation;
 * and the unet4j model itself under {@value ModelSource#UNET4J_FOLDER}/, so that unet4j reads the
 * package back losslessly ({@code unet predict --model}, {@code unet train --init}).
 */
public final class ModelExport {
    /** Largest side of the test tensors (the crop of the test image). */
    public static final int TEST_SIZE = 256;
    /** The license when none is given. */
    public static final String DEFAULT_LICENSE = "CC-BY-4.0";
    /** The PyTorch version the TorchScript weights are written for (the libtorch unet4j runs). */
    public static final String PYTORCH_VERSION = "2.10";
    /** Largest difference between the exported TorchScript and unet4j's own prediction on the test input. */
    public static final double TOLERANCE = 1e-4;

    /**
     * What the package says about the model besides what unet4j knows.
     *
     * @param name the model's name (null: from the run folder's name)
     * @param description one paragraph (null: a generated one)
     * @param authors the authors, at least one
     * @param license an SPDX license id (null: {@link #DEFAULT_LICENSE})
     * @param tags extra tags
     * @param testImage the image for the test tensors (null: the run's first validation image, else training image)
     * @param fixedOnnxSize the side of the fixed-size ONNX graph for runtimes that need static shapes (0: the test tensors' size)
     */
    public record Options(String name, String description, List<Author> authors, String license, List<String> tags, Path testImage,
            int fixedOnnxSize) {
        public Options {
            authors = authors == null ? List.of() : List.copyOf(authors);
            tags = tags == null ? List.of() : List.copyOf(tags);
            if (fixedOnnxSize < 0) {
                throw InvalidInputException.of("%s must be positive (or left out for the test tensors' size)", Setting.ONNX_SIZE.is(fixedOnnxSize));
            }
        }

        /** Options with the test tensors' size for the fixed-size ONNX graph. */
        public Options(String name, String description, List<Author> authors, String license, List<String> tags, Path testImage) {
            this(name, description, authors, license, tags, testImage, 0);
        }
    }

    /** The fixed-size ONNX graph's file name for a side of {@code n}. */
    public static String fixedOnnxName(int n) {
        return "weights_" + n + "x" + n + ".onnx";
    }

    /**
     * What was written.
     *
     * @param zip the package
     * @param description its description
     * @param testImage the image the test tensors were cut from
     * @param maxDifference the largest difference between the TorchScript weights and unet4j on the test input
     */
    public record Result(Path zip, ModelDescription description, Path testImage, double maxDifference) {
    }

    private ModelExport() {
    }

    /**
     * Writes the package of {@code model} (a run folder or a model folder) to {@code zip}, atomically.
     *
     * @throws InvalidInputException for a missing model, no author, no test image, a bad name or license
     */
    public static Result export(Path model, Path zip, Options options, Progress progress) {
        ModelFiles.ModelInfo info = ModelFiles.readInfo(model);
        RunSummary run = RunSummary.of(model);
        Path testFile = options.testImage() != null ? options.testImage() : run.testImage();
        if (testFile == null) {
            throw InvalidInputException.of("%s is needed: %s is a model folder without its training run, so unet4j cannot pick a real"
                    + " image for the package's test tensors; give an image like the training images",
                    Setting.TEST_IMAGE.cliOnly("a test image"), model);
        }
        if (options.authors().isEmpty()) {
            throw InvalidInputException.of("%s is needed: bioimage.io lists who made the model",
                    Setting.AUTHOR.is("\"Name[;affiliation[;orcid]]\"").cliOnly("an author (name, affiliation, ORCID)"));
        }
        Image raw = ImageFiles.readImages(testFile).get(0);
        UNetConfig config = info.config();
        if (raw.channels() != config.inChannels()) {
            throw new InvalidInputException(testFile + " has " + raw.channels() + " channel(s) but the model takes " + config.inChannels()
                    + "; give an image like the training images");
        }
        ExportGraph graph = ExportGraph.of(config);
        Image crop = testCrop(raw, graph);
        Normalization norm = Preprocessing.normalization(info.metadata());
        List<Op> pre = Op.of(norm);
        String name = options.name() != null ? options.name() : defaultName(model);
        List<String> classNames = classNames(info);
        int fixed = options.fixedOnnxSize() > 0 ? options.fixedOnnxSize() : Math.max(crop.height(), crop.width());
        if (!graph.isValidSize(fixed)) {
            throw InvalidInputException.of("%s is not a size the network takes; sizes are %d + k x %d, e.g. %d", Setting.ONNX_SIZE.is(fixed),
                    graph.minSize(), graph.step(), graph.validAtOrAbove(fixed));
        }
        String fixedOnnx = fixedOnnxName(fixed);
        progress.start("export", 6);
        double[] diff = new double[1];
        ModelDescription[] description = new ModelDescription[1];
        AtomicFiles.Writer fill = dir -> {
            try (UNet net = ModelFiles.load(info)) {
                TorchScriptWriter.write(net, dir.resolve("weights.pt"));
                progress.step(1, "TorchScript weights");
                OnnxWriter.write(net, dir.resolve("weights.onnx"), PYTORCH_VERSION);
                OnnxWriter.write(net, dir.resolve(fixedOnnx), PYTORCH_VERSION, fixed, fixed);
                progress.step(2, "ONNX weights");
                Npy.write(dir.resolve("test_input.npy"), crop.pixels(), 1, crop.channels(), crop.height(), crop.width());
                Image input = crop;
                for (Op op : pre) {
                    input = op.apply(input, Layout.DEFAULT);
                }
                TorchScriptModel.Output out;
                try (TorchScriptModel ts = TorchScriptModel.load(dir.resolve("weights.pt"))) {
                    out = ts.forward(input.pixels(), new long[] {1, input.channels(), input.height(), input.width()});
                }
                Npy.write(dir.resolve("test_output.npy"), out.values(), out.shape());
                Prediction own = new Predictor(net, PredictOptions.defaults()).predict(norm.apply(crop));
                diff[0] = maxDifference(own, out.values());
                if (diff[0] > TOLERANCE) {
                    throw new IllegalStateException("the exported TorchScript differs from unet4j's prediction by " + diff[0]
                            + " on the test input; please report this");
                }
                progress.step(3, "test tensors");
                ImageFiles.writePng(dir.resolve("cover.png"), cover(crop, own));
                Files.writeString(dir.resolve("README.md"), ExportReadme.text(name, info, run, graph, norm, pre, classNames, testFile,
                        fixedOnnx));
                Path unet4j = Files.createDirectories(dir.resolve(ModelSource.UNET4J_FOLDER));
                Files.copy(info.dir().resolve(ModelFiles.CONFIG), unet4j.resolve(ModelFiles.CONFIG));
                Files.copy(info.dir().resolve(ModelFiles.WEIGHTS), unet4j.resolve(ModelFiles.WEIGHTS));
                progress.step(4, "cover and documentation");
            }
            ExportSpec spec = ExportSpec.of(name, channelNames(config.inChannels()), classNames, graph.minSize(), graph.step())
                    .withDescription(options.description() != null ? options.description() : defaultDescription(info, classNames))
                    .withAuthors(options.authors())
                    .withLicense(options.license() != null ? options.license() : DEFAULT_LICENSE)
                    .withTags(tags(info, options.tags()))
                    .withOutput(graph.halo(), 0)
                    .withProcessing(pre, List.of())
                    .withTorchscript("weights.pt", PYTORCH_VERSION)
                    .withOnnx("weights.onnx", OnnxWriter.OPSET)
                    .withDocumentation("README.md", List.of("cover.png"))
                    .withAttachments(List.of(fixedOnnx, ModelSource.UNET4J_FOLDER + "/" + ModelFiles.CONFIG,
                            ModelSource.UNET4J_FOLDER + "/" + ModelFiles.WEIGHTS))
                    .withUnet4jConfig(unet4jConfig(info, graph));
            description[0] = spec.write(dir);
            progress.step(5, "rdf.yaml");
        };
        // the package's files in a temporary folder, zipped into a temporary file renamed into place
        Path parts = null;
        try {
            parts = Files.createTempDirectory("unet4j-export-");
            fill.write(parts);
            Path folder = parts;
            AtomicFiles.write(zip, tmp -> zipFolder(folder, tmp));
        } catch (IOException e) {
            throw AtomicFiles.failure(zip, e);
        } finally {
            if (parts != null) {
                try {
                    AtomicFiles.deleteRecursively(parts);
                } catch (IOException ignored) {
                    // a temporary folder: the system's cleaner takes what is left
                }
            }
        }
        progress.step(6, "zip");
        progress.done();
        return new Result(zip, description[0], testFile, diff[0]);
    }

    /** The centre crop of {@code image} at the largest accepted size up to {@link #TEST_SIZE} (mirror-extended if smaller). */
    static Image testCrop(Image image, ExportGraph g) {
        int h = size(image.height(), g);
        int w = size(image.width(), g);
        return Mirror.window(image, (image.height() - h) / 2, (image.width() - w) / 2, h, w);
    }

    private static int size(int n, ExportGraph g) {
        int limit = Math.max(g.minSize(), Math.min(n, TEST_SIZE));
        int s = g.minSize();
        while (s + g.step() <= limit) {
            s += g.step();
        }
        return s;
    }

    private static double maxDifference(Prediction own, float[] exported) {
        int n = own.height() * own.width();
        double max = 0;
        for (int k = 0; k < own.numClasses(); k++) {
            float[] p = own.probability(k);
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(p[i] - exported[k * n + i]));
            }
        }
        return max;
    }

    /** The crop beside the crop with its predicted classes in colour. */
    private static BufferedImage cover(Image crop, Prediction p) {
        float[] gray = crop.channel(0);
        BufferedImage left = Overlays.gray(gray, crop.height(), crop.width());
        LabelImage labels = p.labels();
        BufferedImage right = Overlays.labels(Overlays.gray(gray, crop.height(), crop.width()), labels.labels(), 0.45);
        return Mosaic.grid(List.of(left, right), 2, 4);
    }

    private static String defaultName(Path model) {
        Path abs = model.toAbsolutePath().normalize();
        String folder = abs.getFileName() == null ? "model" : abs.getFileName().toString();
        if (folder.equals("best") || folder.equals("last")) {
            Path run = abs.getParent() == null ? null : abs.getParent().getParent();
            folder = run == null || run.getFileName() == null ? folder : run.getFileName().toString();
        }
        String clean = folder.replaceAll("[^\\p{L}\\p{N}_\\-() ]", " ").trim();
        String name = "U-Net " + clean;
        return name.length() > 128 ? name.substring(0, 128).trim() : name;
    }

    static List<String> classNames(ModelFiles.ModelInfo info) {
        int k = info.config().numClasses();
        if (PostProcessing.targetOf(info.metadata()) == Target.CONTOURS && k == 3) {
            return List.of("background", "interior", "contour");
        }
        if (k == 2) {
            return List.of("background", "foreground");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add("class" + i);
        }
        return names;
    }

    private static List<String> channelNames(int c) {
        if (c == 1) {
            return List.of("intensity");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            names.add("channel" + i);
        }
        return names;
    }

    private static String defaultDescription(ModelFiles.ModelInfo info, List<String> classNames) {
        UNetConfig c = info.config();
        return String.format(Locale.ROOT, "A U-Net (Ronneberger et al. 2015; depth %d, base %d, %s convolutions) trained with unet4j;"
                + " it returns the probabilities of %s for each pixel.", c.depth(), c.baseChannels(),
                c.padding() == UNetConfig.Padding.VALID ? "unpadded" : "zero-padded", String.join(", ", classNames));
    }

    private static List<String> tags(ModelFiles.ModelInfo info, List<String> extra) {
        List<String> tags = new ArrayList<>(List.of("unet", "unet4j", "segmentation", "2d", "pytorch", "onnx"));
        if (PostProcessing.targetOf(info.metadata()) == Target.CONTOURS) {
            tags.add("instance-segmentation");
        }
        for (String t : extra) {
            if (!tags.contains(t)) {
                tags.add(t);
            }
        }
        return tags;
    }

    private static Map<String, Object> unet4jConfig(ModelFiles.ModelInfo info, ExportGraph graph) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", Json.MAPPER.convertValue(info.config(), Map.class));
        m.put("labels", Json.MAPPER.convertValue(info.metadata().path("labels"), Map.class));
        m.put("pad", graph.pad());
        m.put("halo", graph.halo());
        m.put("model", ModelSource.UNET4J_FOLDER + "/");
        return m;
    }

    private static void zipFolder(Path dir, Path zip) throws IOException {
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
