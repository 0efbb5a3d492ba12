package org.unet4j.bioimageio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unet4j.InvalidInputException;

/**
 * {@link Op}s from and to the YAML of a description ({@code {id: ..., kwargs: {...}}}), with the
 * specification's defaults. Malformed kwargs throw {@link IllegalArgumentException} (the reader
 * adds the file and field); ops unet4j does not apply become {@link Op.Unsupported}.
 */
final class OpYaml {
    private OpYaml() {
    }

    /** The op of {@code node} in the processing of tensor {@code tensorId}; {@code where} names it in messages. */
    static Op parse(JsonNode node, String tensorId, String where) {
        if (!node.isObject() || !node.path("id").isTextual()) {
            throw new IllegalArgumentException("an op must be a mapping with an id");
        }
        String id = node.get("id").asText();
        JsonNode k = node.path("kwargs");
        return switch (id) {
            case "ensure_dtype" -> new Op.EnsureDtype(DataType.of(requireText(k, "dtype"), where));
            case "scale_range" -> {
                String ref = k.path("reference_tensor").isTextual() ? k.get("reference_tensor").asText() : null;
                if (ref != null && !ref.equals(tensorId)) {
                    yield new Op.Unsupported(id, where + ": scale_range takes its percentiles from tensor " + ref
                            + "; unet4j computes them from the tensor itself only (no reference_tensor)");
                }
                yield new Op.ScaleRange(axes(k), num(k, "min_percentile", 0.0), num(k, "max_percentile", 100.0),
                        num(k, "eps", Op.EPS));
            }
            case "zero_mean_unit_variance" -> new Op.ZeroMeanUnitVariance(axes(k), num(k, "eps", Op.EPS));
            case "fixed_zero_mean_unit_variance" -> new Op.FixedZeroMeanUnitVariance(axis(k, null),
                    numbers(k, "mean", null), numbers(k, "std", null));
            case "scale_linear" -> new Op.ScaleLinear(axis(k, null), numbers(k, "gain", 1.0), numbers(k, "offset", 0.0));
            case "clip" -> new Op.Clip(numOrNull(k, "min"), numOrNull(k, "max"), numOrNull(k, "min_percentile"),
                    numOrNull(k, "max_percentile"), axes(k));
            case "binarize" -> new Op.Binarize(axis(k, null), numbers(k, "threshold", null));
            case "sigmoid" -> new Op.Sigmoid();
            case "softmax" -> new Op.Softmax(axis(k, "channel"));
            case "scale_mean_variance" -> new Op.Unsupported(id, where + ": scale_mean_variance (matching another"
                    + " tensor's mean and variance) is not supported; unet4j applies " + String.join(", ", Op.SUPPORTED));
            default -> new Op.Unsupported(id, where + ": unknown op '" + id + "'; unet4j applies "
                    + String.join(", ", Op.SUPPORTED));
        };
    }

    /** The YAML tree of {@code op}. */
    static Map<String, Object> tree(Op op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", op.id());
        Map<String, Object> k = new LinkedHashMap<>();
        if (op instanceof Op.EnsureDtype o) {
            k.put("dtype", o.dtype().id());
        } else if (op instanceof Op.ScaleRange o) {
            putIf(k, "axes", o.axes());
            k.put("min_percentile", o.minPercentile());
            k.put("max_percentile", o.maxPercentile());
            k.put("eps", o.eps());
        } else if (op instanceof Op.ZeroMeanUnitVariance o) {
            putIf(k, "axes", o.axes());
            k.put("eps", o.eps());
        } else if (op instanceof Op.FixedZeroMeanUnitVariance o) {
            putIf(k, "axis", o.axis());
            k.put("mean", o.axis() == null ? o.mean().get(0) : o.mean());
            k.put("std", o.axis() == null ? o.std().get(0) : o.std());
        } else if (op instanceof Op.ScaleLinear o) {
            putIf(k, "axis", o.axis());
            k.put("gain", o.axis() == null || o.gain().size() == 1 ? o.gain().get(0) : o.gain());
            k.put("offset", o.axis() == null || o.offset().size() == 1 ? o.offset().get(0) : o.offset());
        } else if (op instanceof Op.Clip o) {
            putIf(k, "min", o.min());
            putIf(k, "max", o.max());
            putIf(k, "min_percentile", o.minPercentile());
            putIf(k, "max_percentile", o.maxPercentile());
            putIf(k, "axes", o.axes());
        } else if (op instanceof Op.Binarize o) {
            putIf(k, "axis", o.axis());
            k.put("threshold", o.axis() == null ? o.threshold().get(0) : o.threshold());
        } else if (op instanceof Op.Softmax o) {
            k.put("axis", o.axis());
        } else if (op instanceof Op.Unsupported o) {
            throw new InvalidInputException(o.reason());
        }
        if (!k.isEmpty()) {
            m.put("kwargs", k);
        }
        return m;
    }

    /** The axis ids {@code op} names ({@code axes} or {@code axis}). */
    static List<String> axesNamed(Op op) {
        List<String> out = new ArrayList<>();
        if (op instanceof Op.ScaleRange o && o.axes() != null) {
            out.addAll(o.axes());
        } else if (op instanceof Op.ZeroMeanUnitVariance o && o.axes() != null) {
            out.addAll(o.axes());
        } else if (op instanceof Op.Clip o && o.axes() != null) {
            out.addAll(o.axes());
        } else if (op instanceof Op.FixedZeroMeanUnitVariance o && o.axis() != null) {
            out.add(o.axis());
        } else if (op instanceof Op.ScaleLinear o && o.axis() != null) {
            out.add(o.axis());
        } else if (op instanceof Op.Binarize o && o.axis() != null) {
            out.add(o.axis());
        } else if (op instanceof Op.Softmax o) {
            out.add(o.axis());
        }
        return out;
    }

    private static void putIf(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    private static String requireText(JsonNode k, String field) {
        if (!k.path(field).isTextual()) {
            throw new IllegalArgumentException("kwargs." + field + " is missing");
        }
        return k.get(field).asText();
    }

    private static List<String> axes(JsonNode k) {
        JsonNode a = k.path("axes");
        if (a.isMissingNode() || a.isNull()) {
            return null;
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException("kwargs.axes must be a list of axis ids");
        }
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String axis(JsonNode k, String def) {
        JsonNode a = k.path("axis");
        return a.isTextual() ? a.asText() : def;
    }

    private static double num(JsonNode k, String field, double def) {
        Double v = numOrNull(k, field);
        return v == null ? def : v;
    }

    private static Double numOrNull(JsonNode k, String field) {
        JsonNode v = k.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("kwargs." + field + " must be a number, not '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private static List<Double> numbers(JsonNode k, String field, Double def) {
        JsonNode v = k.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (def == null) {
                throw new IllegalArgumentException("kwargs." + field + " is missing");
            }
            return List.of(def);
        }
        if (v.isNumber()) {
            return List.of(v.asDouble());
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("kwargs." + field + " must be a number or a list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isNumber()) {
                throw new IllegalArgumentException("kwargs." + field + " must be a list of numbers");
            }
            out.add(n.asDouble());
        }
        return out;
    }
}
