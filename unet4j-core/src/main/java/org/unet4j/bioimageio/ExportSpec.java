package org.unet4j.bioimageio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.unet4j.InvalidInputException;

/**
 * What a unet4j export says about itself, turned into a bioimage.io model description (format
 * 0.5.7) by {@link #describe(Path)} and written as {@code rdf.yaml} by {@link #write(Path)}: the
 * input {@code raw} ({@code batch, channel, y, x}; y and x of {@code minSize + k*step} pixels; the
 * preprocessing), the output {@code probabilities} ({@code batch, channel, y, x}; one channel per
 * class; y and x the input's plus {@code outputOffset}, with {@code halo} to crop; float32 in
 * [0, 1]; the postprocessing), the test tensors, TorchScript weights and optional ONNX weights
 * converted from them, and unet4j's own settings under {@code config.unet4j}. The U-Net paper is
 * always cited. File names are relative to the package folder; each file entry carries its sha256.
 *
 * @param name the model name: 5 to 128 letters, digits, spaces, {@code _ - ( )}
 * @param description a brief description (at most 1024 characters)
 * @param authors the authors (at least one when describing)
 * @param license an SPDX license id, e.g. {@code CC-BY-4.0} or {@code MIT}
 * @param tags tags, e.g. {@code unet, segmentation, nuclei}
 * @param channelNames one name per input channel
 * @param classNames one name per output channel
 * @param minSize the smallest valid tile (y and x)
 * @param step the tile size step
 * @param halo pixels to crop from each side of the output (0: none)
 * @param outputOffset the output size minus the input size per axis (0: same size)
 * @param preprocessing the input's ops, e.g. {@link Op#of(org.unet4j.data.Normalization)}
 * @param postprocessing the output's ops (empty when the weights output probabilities)
 * @param testInput the input test tensor ({@code .npy}, the input shape with batch 1)
 * @param testOutput the output test tensor ({@code .npy}, the full output before cropping the halo)
 * @param torchscript the TorchScript weights file
 * @param pytorchVersion the PyTorch version of the TorchScript weights, e.g. {@code 2.10}
 * @param onnx the ONNX weights file, or null
 * @param opsetVersion the ONNX opset
 * @param documentation the documentation file ({@code .md})
 * @param covers cover images ({@code .png}, {@code .jpg}, {@code .gif}, {@code .svg}), may be empty
 * @param attachments other files of the package listed under {@code attachments} (with their sha256)
 * @param cite references besides the U-Net paper
 * @param unet4j unet4j's settings for {@code config.unet4j}
 * @param timestamp the ISO 8601 creation time, or null for the time of {@link #describe}
 */
public record ExportSpec(String name, String description, List<Author> authors, String license, List<String> tags,
        List<String> channelNames, List<String> classNames, int minSize, int step, int halo, int outputOffset,
        List<Op> preprocessing, List<Op> postprocessing, String testInput, String testOutput, String torchscript,
        String pytorchVersion, String onnx, int opsetVersion, String documentation, List<String> covers,
        List<String> attachments, List<Cite> cite, Map<String, Object> unet4j, String timestamp) {

    /** The input tensor id. */
    public static final String INPUT = "raw";
    /** The output tensor id. */
    public static final String OUTPUT = "probabilities";

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_\\-() ]{5,128}");
    private static final Pattern LICENSE = Pattern.compile("[A-Za-z0-9.+-]+");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    /** @throws InvalidInputException if a value is not valid in a bioimage.io description (the message names it) */
    public ExportSpec {
        require(name != null && NAME.matcher(name).matches() && !name.isBlank(), "model name '" + name + "': use 5 to"
                + " 128 letters, digits, spaces, _ - ( ), e.g. 'U-Net nuclei (DSB 2018)'");
        description = description == null ? "" : description;
        require(description.length() <= 1024, "model description: " + description.length() + " characters; at most 1024");
        authors = List.copyOf(authors);
        require(license != null && LICENSE.matcher(license).matches(), "license '" + license
                + "': give an SPDX license id, e.g. CC-BY-4.0 or MIT");
        tags = List.copyOf(tags);
        channelNames = List.copyOf(channelNames);
        classNames = List.copyOf(classNames);
        require(!channelNames.isEmpty() && channelNames.stream().noneMatch(String::isBlank),
                "channel names " + channelNames + ": give one non-blank name per input channel");
        require(!classNames.isEmpty() && classNames.stream().noneMatch(String::isBlank),
                "class names " + classNames + ": give one non-blank name per class");
        require(minSize >= 1 && step >= 1 && halo >= 0, "tile sizes min " + minSize + ", step " + step + ", halo " + halo
                + ": min and step must be at least 1, halo at least 0");
        require(minSize + outputOffset - 2 * halo >= 1, "halo " + halo + " crops the whole output of the smallest tile"
                + " (" + minSize + " pixels, output " + (minSize + outputOffset) + "); raise the minimum tile size");
        preprocessing = List.copyOf(preprocessing);
        postprocessing = List.copyOf(postprocessing);
        requireFile(testInput, ".npy", "test input");
        requireFile(testOutput, ".npy", "test output");
        requireFile(torchscript, "", "torchscript weights");
        require(pytorchVersion != null && !pytorchVersion.isBlank(), "pytorch version is missing; e.g. 2.10");
        if (onnx != null) {
            requireFile(onnx, "", "onnx weights");
            require(opsetVersion >= 7, "onnx opset " + opsetVersion + ": at least 7");
        }
        requireFile(documentation, ".md", "documentation");
        covers = List.copyOf(covers);
        for (String c : covers) {
            String lc = c.toLowerCase(Locale.ROOT);
            require(lc.endsWith(".png") || lc.endsWith(".jpg") || lc.endsWith(".jpeg") || lc.endsWith(".gif")
                    || lc.endsWith(".svg"), "cover " + c + ": use a .png, .jpg, .gif or .svg image");
        }
        attachments = List.copyOf(attachments);
        for (String a : attachments) {
            requireFile(a, "", "attachment");
        }
        cite = List.copyOf(cite);
        unet4j = unet4j == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unet4j));
    }

    /**
     * An export of {@code name} with the usual file names ({@code test_input.npy},
     * {@code test_output.npy}, {@code weights.pt}, {@code README.md}), PyTorch 2.10, license
     * CC-BY-4.0, tiles of {@code minSize + k*step}, no halo, same-size output, no ONNX weights.
     */
    public static ExportSpec of(String name, List<String> channelNames, List<String> classNames, int minSize, int step) {
        return new ExportSpec(name, "", List.of(), "CC-BY-4.0", List.of("unet", "segmentation", "unet4j"), channelNames,
                classNames, minSize, step, 0, 0, List.of(new Op.EnsureDtype(DataType.FLOAT32)), List.of(),
                "test_input.npy", "test_output.npy", "weights.pt", "2.10", null, 17, "README.md", List.of(), List.of(),
                List.of(), Map.of(), null);
    }

    /**
     * The description of the package in {@code dir}, the sha256 of each file computed now.
     *
     * @throws InvalidInputException if there is no author, or a named file is missing from {@code dir}
     */
    public ModelDescription describe(Path dir) {
        require(!authors.isEmpty(), "the export needs at least one author; bioimage.io lists who made the model");
        for (String f : files()) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new InvalidInputException(dir.resolve(f) + ": no such file; write the package's files before"
                        + " its rdf.yaml");
            }
        }
        Axis.Batch batch = Axis.Batch.any();
        TensorDescr in = new TensorDescr(INPUT, "the image, normalised by the preprocessing", List.of(batch,
                Axis.Channel.of(channelNames), new Axis.Space("y", new AxisSize.Parameterized(minSize, step)),
                new Axis.Space("x", new AxisSize.Parameterized(minSize, step))), FileRef.of(dir, testInput),
                preprocessing, TensorData.DEFAULT);
        TensorDescr out = new TensorDescr(OUTPUT, "class probabilities, one channel per class", List.of(batch,
                Axis.Channel.of(classNames), outputAxis("y"), outputAxis("x")), FileRef.of(dir, testOutput),
                postprocessing, TensorData.float32(0, 1));
        Map<WeightsFormat, Weights> weights = new LinkedHashMap<>();
        weights.put(WeightsFormat.TORCHSCRIPT, Weights.torchscript(FileRef.of(dir, torchscript), pytorchVersion)
                .withComment("exported by unet4j"));
        if (onnx != null) {
            weights.put(WeightsFormat.ONNX, Weights.onnx(FileRef.of(dir, onnx), opsetVersion, WeightsFormat.TORCHSCRIPT)
                    .withComment("exported by unet4j"));
        }
        List<Cite> cites = new ArrayList<>();
        cites.add(Cite.UNET);
        cite.stream().filter(c -> !c.equals(Cite.UNET)).forEach(cites::add);
        Map<String, Object> config = new LinkedHashMap<>();
        if (!unet4j.isEmpty()) {
            config.put("unet4j", unet4j);
        }
        String time = timestamp != null ? timestamp
                : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(TIME);
        List<FileRef> attached = attachments.stream().map(a -> FileRef.of(dir, a)).toList();
        return new ModelDescription(name, description, ModelDescription.FORMAT_VERSION, authors, cites, license, tags,
                covers, attached, documentation, time, List.of(in), List.of(out), weights, config);
    }

    /** Writes {@code dir/rdf.yaml} (atomically) for the package in {@code dir} and returns its description. */
    public ModelDescription write(Path dir) {
        ModelDescription d = describe(dir);
        d.write(dir.resolve("rdf.yaml"));
        return d;
    }

    /** The files the description names, relative to the package folder. */
    public List<String> files() {
        List<String> out = new ArrayList<>(List.of(testInput, testOutput, torchscript, documentation));
        if (onnx != null) {
            out.add(onnx);
        }
        out.addAll(covers);
        out.addAll(attachments);
        return out;
    }

    private Axis.Space outputAxis(String id) {
        return new Axis.Space(id, new AxisSize.Reference(INPUT, id, outputOffset), halo, 1.0);
    }

    /** This export with another description. */
    public ExportSpec withDescription(String v) {
        return new ExportSpec(name, v, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with other authors. */
    public ExportSpec withAuthors(List<Author> v) {
        return new ExportSpec(name, description, v, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with another license. */
    public ExportSpec withLicense(String v) {
        return new ExportSpec(name, description, authors, v, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with other tags. */
    public ExportSpec withTags(List<String> v) {
        return new ExportSpec(name, description, authors, license, v, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with another halo and output offset (output size = input size + offset). */
    public ExportSpec withOutput(int newHalo, int newOffset) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step,
                newHalo, newOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion,
                onnx, opsetVersion, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with other pre- and postprocessing. */
    public ExportSpec withProcessing(List<Op> pre, List<Op> post) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, pre, post, testInput, testOutput, torchscript, pytorchVersion, onnx, opsetVersion,
                documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with other test tensor files. */
    public ExportSpec withTestTensors(String input, String output) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, input, output, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with other TorchScript weights. */
    public ExportSpec withTorchscript(String file, String version) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, file, version, onnx, opsetVersion,
                documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with ONNX weights ({@code file} null: none). */
    public ExportSpec withOnnx(String file, int opset) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, file,
                opset, documentation, covers, attachments, cite, unet4j, timestamp);
    }

    /** This export with other documentation and covers. */
    public ExportSpec withDocumentation(String doc, List<String> coverFiles) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, doc, coverFiles, attachments, cite, unet4j, timestamp);
    }

    /** This export with other attachments (files of the package listed with their sha256). */
    public ExportSpec withAttachments(List<String> v) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, v, cite, unet4j, timestamp);
    }

    /** This export with references besides the U-Net paper. */
    public ExportSpec withCite(List<Cite> v) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, v, unet4j, timestamp);
    }

    /** This export with unet4j's settings for {@code config.unet4j}. */
    public ExportSpec withUnet4jConfig(Map<String, Object> v) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, v, timestamp);
    }

    /** This export with a fixed timestamp (ISO 8601, e.g. {@code 2026-02-13T10:00:00+00:00}). */
    public ExportSpec withTimestamp(String v) {
        return new ExportSpec(name, description, authors, license, tags, channelNames, classNames, minSize, step, halo,
                outputOffset, preprocessing, postprocessing, testInput, testOutput, torchscript, pytorchVersion, onnx,
                opsetVersion, documentation, covers, attachments, cite, unet4j, v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    private static void requireFile(String file, String suffix, String what) {
        require(file != null && !file.isBlank() && !file.startsWith("/") && !file.contains("..")
                && file.toLowerCase(Locale.ROOT).endsWith(suffix), what + " file '" + file + "': give a path relative"
                + " to the package" + (suffix.isEmpty() ? "" : " ending in " + suffix));
    }
}
