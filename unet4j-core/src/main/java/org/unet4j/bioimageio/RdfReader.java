package org.unet4j.bioimageio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.unet4j.InvalidInputException;

/**
 * A model description's YAML tree to a typed {@link ModelDescription}. Strict where unet4j needs
 * the value (tensors, axes, ops, weights: a malformed one is a one-line error naming the file and
 * field), lenient for metadata (an author with a malformed ORCID iD keeps its name, a citation
 * without DOI or URL is dropped), since a package that runs should not be refused for those.
 * Defaults are the specification's.
 */
final class RdfReader {
    private static final String NOT_05 = "; the description does not follow the bioimage.io model format 0.5";

    private final String where;

    RdfReader(String where) {
        this.where = where;
    }

    ModelDescription description(JsonNode root) {
        String type = text(root, "type", null, "type");
        if (!"model".equals(type)) {
            throw new InvalidInputException(where + ": type is " + (type == null ? "missing" : "'" + type + "'")
                    + "; unet4j reads bioimage.io model descriptions (type: model)");
        }
        String version = text(root, "format_version", null, "format_version");
        if (version == null) {
            throw new InvalidInputException(where + ": there is no format_version; unet4j reads model format 0.5.x");
        }
        if (!version.startsWith("0.5.")) {
            throw new InvalidInputException(where + ": the model is format " + version
                    + "; unet4j reads model format 0.5.x (update it with bioimageio.spec's update_format)");
        }
        List<TensorDescr> inputs = tensors(root, "inputs");
        List<TensorDescr> outputs = tensors(root, "outputs");
        Map<WeightsFormat, Weights> weights = weights(require(root, "weights", "weights"));
        Map<String, Object> config = new LinkedHashMap<>();
        JsonNode cfg = root.get("config");
        if (cfg != null && cfg.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = RdfYaml.MAPPER.convertValue(cfg, Map.class);
            config.putAll(m);
        }
        return build("", () -> new ModelDescription(text(root, "name", null, "name"),
                text(root, "description", "", "description"), version, authors(root), cites(root),
                text(root, "license", null, "license"), strings(root, "tags"), strings(root, "covers"),
                attachments(root), text(root, "documentation", null, "documentation"), text(root, "timestamp", null, "timestamp"),
                inputs, outputs, weights, config));
    }

    private List<TensorDescr> tensors(JsonNode root, String field) {
        JsonNode arr = require(root, field, field);
        if (!arr.isArray() || arr.isEmpty()) {
            throw bad(field, "must be a list of at least one tensor");
        }
        List<TensorDescr> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            out.add(tensor(arr.get(i), field + "[" + i + "]", field.equals("inputs")));
        }
        return out;
    }

    private TensorDescr tensor(JsonNode t, String path, boolean input) {
        if (!t.isObject()) {
            throw bad(path, "must be a mapping");
        }
        String id = text(t, "id", input ? "input" : "output", path + ".id");
        JsonNode axesNode = require(t, "axes", path + ".axes");
        if (!axesNode.isArray()) {
            throw bad(path + ".axes", "must be a list");
        }
        List<Axis> axes = new ArrayList<>();
        for (int i = 0; i < axesNode.size(); i++) {
            axes.add(axis(axesNode.get(i), path + ".axes[" + i + "]"));
        }
        FileRef test = null;
        JsonNode tt = t.get("test_tensor");
        if (tt != null && !tt.isNull()) {
            test = file(tt, path + ".test_tensor");
        }
        String procField = input ? "preprocessing" : "postprocessing";
        List<Op> ops = new ArrayList<>();
        JsonNode procs = t.get(procField);
        if (procs != null && !procs.isNull()) {
            if (!procs.isArray()) {
                throw bad(path + "." + procField, "must be a list of ops");
            }
            for (int i = 0; i < procs.size(); i++) {
                String p = path + "." + procField + "[" + i + "]";
                JsonNode opNode = procs.get(i);
                ops.add(build(p, () -> OpYaml.parse(opNode, id, where + ": " + p)));
            }
        }
        TensorData data = data(t.get("data"), path + ".data");
        List<Op> finalOps = ops;
        FileRef finalTest = test;
        return build(path, () -> new TensorDescr(id, text(t, "description", "", path + ".description"), axes,
                finalTest, finalOps, data));
    }

    private Axis axis(JsonNode a, String path) {
        if (!a.isObject()) {
            throw bad(path, "must be a mapping with a type");
        }
        String typeText = text(a, "type", null, path + ".type");
        Axis.Type type = null;
        for (Axis.Type t : Axis.Type.values()) {
            if (t.id().equals(typeText)) {
                type = t;
            }
        }
        if (type == null) {
            throw bad(path + ".type", "is " + (typeText == null ? "missing" : "'" + typeText + "'")
                    + "; expected batch, channel, index, time or space");
        }
        String id = text(a, "id", type.defaultId(), path + ".id");
        Axis.Type ft = type;
        return build(path, () -> switch (ft) {
            case BATCH -> {
                JsonNode s = a.get("size");
                if (s != null && !s.isNull() && !(s.canConvertToInt() && s.asInt() == 1)) {
                    throw bad(path + ".size", "of a batch axis must be 1 or absent");
                }
                yield new Axis.Batch(id, s != null && !s.isNull());
            }
            case CHANNEL -> new Axis.Channel(id, strings(a, "channel_names"));
            case INDEX -> new Axis.Index(id, size(require(a, "size", path + ".size"), path + ".size"));
            case TIME -> new Axis.Time(id, size(require(a, "size", path + ".size"), path + ".size"),
                    integer(a, "halo", 0, path + ".halo"), number(a, "scale", 1.0, path + ".scale"));
            case SPACE -> new Axis.Space(id, size(require(a, "size", path + ".size"), path + ".size"),
                    integer(a, "halo", 0, path + ".halo"), number(a, "scale", 1.0, path + ".scale"));
        });
    }

    private AxisSize size(JsonNode s, String path) {
        if (s.isIntegralNumber()) {
            return build(path, () -> new AxisSize.Fixed(s.asInt()));
        }
        if (s.isObject() && s.has("tensor_id")) {
            return build(path, () -> new AxisSize.Reference(text(s, "tensor_id", null, path + ".tensor_id"),
                    text(s, "axis_id", null, path + ".axis_id"), integer(s, "offset", 0, path + ".offset")));
        }
        if (s.isObject() && s.has("step")) {
            return build(path, () -> new AxisSize.Parameterized(integer(s, "min", 0, path + ".min"),
                    integer(s, "step", 0, path + ".step")));
        }
        if (s.isObject()) {
            return new AxisSize.DataDependent(integer(s, "min", 1, path + ".min"), integer(s, "max", 0, path + ".max"));
        }
        throw bad(path, "must be an integer, {min, step} or {tensor_id, axis_id, offset}");
    }

    private TensorData data(JsonNode d, String path) {
        if (d == null || d.isNull()) {
            return TensorData.DEFAULT;
        }
        if (d.isArray()) {
            if (d.isEmpty()) {
                throw bad(path, "must not be an empty list");
            }
            TensorData first = data(d.get(0), path + "[0]");
            Double min = first.min();
            Double max = first.max();
            for (int i = 1; i < d.size(); i++) {
                TensorData c = data(d.get(i), path + "[" + i + "]");
                min = Objects.equals(min, c.min()) ? min : null;
                max = Objects.equals(max, c.max()) ? max : null;
            }
            return new TensorData(first.type(), min, max);
        }
        if (!d.isObject()) {
            throw bad(path, "must be a mapping with type and range");
        }
        boolean nominal = d.has("values");
        DataType type = DataType.of(text(d, "type", nominal ? "uint8" : "float32", path + ".type"),
                where + ": " + path + ".type");
        Double min = null;
        Double max = null;
        JsonNode r = d.get("range");
        if (!nominal && r != null && !r.isNull()) {
            if (!r.isArray() || r.size() != 2) {
                throw bad(path + ".range", "must be [min, max] (each a number or null)");
            }
            min = r.get(0).isNumber() ? r.get(0).asDouble() : null;
            max = r.get(1).isNumber() ? r.get(1).asDouble() : null;
        }
        Double fmin = min;
        Double fmax = max;
        return build(path, () -> new TensorData(type, fmin, fmax));
    }

    private Map<WeightsFormat, Weights> weights(JsonNode w) {
        if (!w.isObject()) {
            throw bad("weights", "must be a mapping of weight formats");
        }
        Map<WeightsFormat, Weights> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            WeightsFormat f = WeightsFormat.byId(e.getKey());
            JsonNode v = e.getValue();
            if (f == null || v == null || v.isNull()) {
                continue;
            }
            String path = "weights." + f.id();
            String parentText = text(v, "parent", null, path + ".parent");
            WeightsFormat parent = parentText == null ? null : WeightsFormat.byId(parentText);
            if (parentText != null && parent == null) {
                throw bad(path + ".parent", "'" + parentText + "' is not a weight format");
            }
            String pytorch = text(v, "pytorch_version", null, path + ".pytorch_version");
            int opset = integer(v, "opset_version", 0, path + ".opset_version");
            FileRef file = file(v, path);
            out.put(f, build(path, () -> new Weights(f, file, parent, pytorch, opset,
                    text(v, "comment", "", path + ".comment"))));
        }
        return out;
    }

    private FileRef file(JsonNode n, String path) {
        if (n.isTextual()) {
            return build(path, () -> new FileRef(n.asText(), null));
        }
        if (!n.isObject()) {
            throw bad(path, "must be a mapping with source and sha256");
        }
        String source = text(n, "source", null, path + ".source");
        if (source == null) {
            throw bad(path + ".source", "is missing");
        }
        return build(path, () -> new FileRef(source, text(n, "sha256", null, path + ".sha256")));
    }

    private List<FileRef> attachments(JsonNode root) {
        List<FileRef> out = new ArrayList<>();
        JsonNode arr = root.get("attachments");
        if (arr != null && arr.isArray()) {
            for (int i = 0; i < arr.size(); i++) {
                out.add(file(arr.get(i), "attachments[" + i + "]"));
            }
        }
        return out;
    }

    private List<Author> authors(JsonNode root) {
        List<Author> out = new ArrayList<>();
        JsonNode arr = root.get("authors");
        if (arr != null && arr.isArray()) {
            for (JsonNode a : arr) {
                String name = a.path("name").asText("");
                if (name.isBlank()) {
                    continue;
                }
                String aff = a.path("affiliation").isTextual() ? a.get("affiliation").asText() : null;
                String orcid = a.path("orcid").isTextual() ? a.get("orcid").asText() : null;
                try {
                    out.add(new Author(name, aff, orcid));
                } catch (IllegalArgumentException e) {
                    out.add(new Author(name, aff, null));
                }
            }
        }
        return out;
    }

    private List<Cite> cites(JsonNode root) {
        List<Cite> out = new ArrayList<>();
        JsonNode arr = root.get("cite");
        if (arr != null && arr.isArray()) {
            for (JsonNode c : arr) {
                try {
                    out.add(new Cite(c.path("text").asText(""), c.path("doi").isTextual() ? c.get("doi").asText() : null,
                            c.path("url").isTextual() ? c.get("url").asText() : null));
                } catch (IllegalArgumentException e) {
                    // a malformed citation is metadata only: dropped
                }
            }
        }
        return out;
    }

    private List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        JsonNode arr = n.get(field);
        if (arr == null || arr.isNull()) {
            return out;
        }
        if (!arr.isArray()) {
            throw bad(field, "must be a list of strings");
        }
        for (JsonNode s : arr) {
            if (s.isValueNode() && !s.isNull()) {
                out.add(s.asText());
            }
        }
        return out;
    }

    private String text(JsonNode n, String field, String def, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isValueNode()) {
            throw bad(path, "must be a single value, not a " + (v.isArray() ? "list" : "mapping"));
        }
        return v.asText();
    }

    private int integer(JsonNode n, String field, int def, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad(path, "must be an integer, not '" + v.asText() + "'");
        }
        return v.asInt();
    }

    private double number(JsonNode n, String field, double def, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            throw bad(path, "must be a number, not '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private JsonNode require(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw bad(path, "is missing");
        }
        return v;
    }

    private InvalidInputException bad(String path, String what) {
        return new InvalidInputException(where + ": " + path + " " + what + NOT_05);
    }

    /** Runs a record constructor, turning its IllegalArgumentException into a message naming the file and field. */
    private <T> T build(String path, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": " + (path.isEmpty() ? "" : path + ": ") + e.getMessage() + NOT_05, e);
        }
    }
}
