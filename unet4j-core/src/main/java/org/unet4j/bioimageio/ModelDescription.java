package org.unet4j.bioimageio;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.unet4j.InvalidInputException;
import org.unet4j.io.AtomicFiles;

/**
 * A bioimage.io model description ({@code rdf.yaml}, model format 0.5.x), typed: what unet4j reads
 * from a package and writes for an export. Fields not listed here (maintainers, git_repo, badges,
 * training_data, sample tensors, the state-dict architecture, ...) are not kept.
 *
 * @param name the model name (5 to 128 characters)
 * @param description a brief description, or empty
 * @param formatVersion {@code format_version}, e.g. {@code 0.5.7}
 * @param authors the authors
 * @param cite the references to cite
 * @param license the SPDX license id, or null
 * @param tags the tags
 * @param covers the cover images (paths relative to the description)
 * @param attachments other files of the package ({@code attachments}, e.g. unet4j's own model files)
 * @param documentation the documentation file ({@code README.md}), or null
 * @param timestamp the ISO 8601 creation time as written, or null
 * @param inputs the input tensors (at least one)
 * @param outputs the output tensors (at least one)
 * @param weights the weights by format
 * @param config the free {@code config} tree (unet4j's own settings under {@code config.unet4j})
 */
public record ModelDescription(String name, String description, String formatVersion, List<Author> authors,
        List<Cite> cite, String license, List<String> tags, List<String> covers, List<FileRef> attachments,
        String documentation, String timestamp,
        List<TensorDescr> inputs, List<TensorDescr> outputs, Map<WeightsFormat, Weights> weights,
        Map<String, Object> config) {

    /** The format version unet4j writes. */
    public static final String FORMAT_VERSION = "0.5.7";

    /**
     * @throws IllegalArgumentException if the name or format version is blank, inputs or outputs are
     *     empty, tensor ids repeat, or a weights entry sits under another format's key
     */
    public ModelDescription {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the model has no name");
        }
        if (formatVersion == null || formatVersion.isBlank()) {
            throw new IllegalArgumentException("the model has no format_version");
        }
        description = description == null ? "" : description;
        authors = List.copyOf(authors);
        cite = List.copyOf(cite);
        tags = List.copyOf(tags);
        covers = List.copyOf(covers);
        attachments = List.copyOf(attachments);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("the model needs at least one input and one output");
        }
        Set<String> ids = new HashSet<>();
        for (TensorDescr t : inputs) {
            if (!ids.add(t.id())) {
                throw new IllegalArgumentException("tensor id '" + t.id() + "' is used twice");
            }
        }
        for (TensorDescr t : outputs) {
            if (!ids.add(t.id())) {
                throw new IllegalArgumentException("tensor id '" + t.id() + "' is used twice");
            }
        }
        EnumMap<WeightsFormat, Weights> w = new EnumMap<>(WeightsFormat.class);
        for (Map.Entry<WeightsFormat, Weights> e : weights.entrySet()) {
            if (e.getValue().format() != e.getKey()) {
                throw new IllegalArgumentException(e.getValue().format().id() + " weights listed as " + e.getKey().id());
            }
            w.put(e.getKey(), e.getValue());
        }
        weights = Collections.unmodifiableMap(w);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config == null ? Map.of() : config));
    }

    /**
     * Reads a description file ({@code rdf.yaml}, {@code bioimageio.yaml}); file paths in it stay
     * relative (open packages with {@link ModelPackage#open}, which resolves and checks them).
     *
     * @throws InvalidInputException if the file is not valid YAML, not a model, not format 0.5.x, or a
     *     field is missing or malformed (the message names the file and the field)
     */
    public static ModelDescription read(Path yaml) {
        return RdfYaml.read(yaml, yaml.toString());
    }

    /** Writes this description as YAML to {@code yaml}, atomically. */
    public void write(Path yaml) {
        AtomicFiles.writeString(yaml, toYaml());
    }

    /**
     * This description as YAML text.
     *
     * @throws InvalidInputException if it holds what unet4j cannot write (an unsupported op, weights
     *     other than torchscript and onnx)
     */
    public String toYaml() {
        return RdfYaml.write(this);
    }

    /** The weights of {@code format}, if listed. */
    public Optional<Weights> weights(WeightsFormat format) {
        return Optional.ofNullable(weights.get(format));
    }

    /** The input tensor with this id. */
    public Optional<TensorDescr> input(String id) {
        return inputs.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The output tensor with this id. */
    public Optional<TensorDescr> output(String id) {
        return outputs.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** This description with another name. */
    public ModelDescription withName(String newName) {
        return new ModelDescription(newName, description, formatVersion, authors, cite, license, tags, covers,
                attachments, documentation, timestamp, inputs, outputs, weights, config);
    }

    /** This description with other inputs and outputs. */
    public ModelDescription withTensors(List<TensorDescr> newInputs, List<TensorDescr> newOutputs) {
        return new ModelDescription(name, description, formatVersion, authors, cite, license, tags, covers,
                attachments, documentation, timestamp, newInputs, newOutputs, weights, config);
    }

    /** This description with other weights. */
    public ModelDescription withWeights(Map<WeightsFormat, Weights> newWeights) {
        return new ModelDescription(name, description, formatVersion, authors, cite, license, tags, covers,
                attachments, documentation, timestamp, inputs, outputs, newWeights, config);
    }

    /** This description with another {@code config} tree. */
    public ModelDescription withConfig(Map<String, Object> newConfig) {
        return new ModelDescription(name, description, formatVersion, authors, cite, license, tags, covers,
                attachments, documentation, timestamp, inputs, outputs, weights, newConfig);
    }
}
