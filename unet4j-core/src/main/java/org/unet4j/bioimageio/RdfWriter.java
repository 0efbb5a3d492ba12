package org.unet4j.bioimageio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unet4j.InvalidInputException;

/**
 * A typed {@link ModelDescription} to the YAML tree of an {@code rdf.yaml} (ordered maps and
 * lists), in the field order of bioimage.io's examples. Empty optional fields are left out; axis
 * ids are written where they differ from the default, and always for space axes.
 */
final class RdfWriter {
    private RdfWriter() {
    }

    static Map<String, Object> tree(ModelDescription d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("description", d.description());
        putList(m, "covers", d.covers());
        List<Object> authors = new ArrayList<>();
        for (Author a : d.authors()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("name", a.name());
            putIf(am, "affiliation", a.affiliation());
            putIf(am, "orcid", a.orcid());
            authors.add(am);
        }
        putList(m, "authors", authors);
        List<Object> cites = new ArrayList<>();
        for (Cite c : d.cite()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("text", c.text());
            putIf(cm, "doi", c.doi());
            putIf(cm, "url", c.url());
            cites.add(cm);
        }
        putList(m, "cite", cites);
        putIf(m, "license", d.license());
        putList(m, "tags", d.tags());
        m.put("format_version", d.formatVersion());
        m.put("type", "model");
        putIf(m, "documentation", d.documentation());
        List<Object> attachments = new ArrayList<>();
        d.attachments().forEach(f -> attachments.add(file(f)));
        putList(m, "attachments", attachments);
        List<Object> inputs = new ArrayList<>();
        d.inputs().forEach(t -> inputs.add(tensor(t, true)));
        m.put("inputs", inputs);
        List<Object> outputs = new ArrayList<>();
        d.outputs().forEach(t -> outputs.add(tensor(t, false)));
        m.put("outputs", outputs);
        putIf(m, "timestamp", d.timestamp());
        Map<String, Object> weights = new LinkedHashMap<>();
        d.weights().forEach((f, w) -> weights.put(f.id(), weights(w)));
        m.put("weights", weights);
        if (!d.config().isEmpty()) {
            m.put("config", d.config());
        }
        return m;
    }

    private static Map<String, Object> tensor(TensorDescr t, boolean input) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        if (!t.description().isEmpty()) {
            m.put("description", t.description());
        }
        List<Object> axes = new ArrayList<>();
        t.axes().forEach(a -> axes.add(axis(a)));
        m.put("axes", axes);
        if (t.testTensor() != null) {
            m.put("test_tensor", file(t.testTensor()));
        }
        if (!t.data().equals(TensorData.DEFAULT)) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("type", t.data().type().id());
            if (t.data().min() != null || t.data().max() != null) {
                dm.put("range", Arrays.asList(t.data().min(), t.data().max()));
            }
            m.put("data", dm);
        }
        if (!t.processing().isEmpty()) {
            List<Object> ops = new ArrayList<>();
            t.processing().forEach(op -> ops.add(OpYaml.tree(op)));
            m.put(input ? "preprocessing" : "postprocessing", ops);
        }
        return m;
    }

    private static Map<String, Object> axis(Axis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type().id());
        if (a.type() == Axis.Type.SPACE || !a.id().equals(a.type().defaultId())) {
            m.put("id", a.id());
        }
        if (a instanceof Axis.Batch b) {
            if (b.fixedToOne()) {
                m.put("size", 1);
            }
        } else if (a instanceof Axis.Channel c) {
            m.put("channel_names", c.channelNames());
        } else if (a instanceof Axis.Space s) {
            m.put("size", size(s.size()));
            if (s.halo() > 0) {
                m.put("halo", s.halo());
            }
            if (s.scale() != 1.0) {
                m.put("scale", s.scale());
            }
        } else if (a instanceof Axis.Time t) {
            m.put("size", size(t.size()));
            if (t.halo() > 0) {
                m.put("halo", t.halo());
            }
            if (t.scale() != 1.0) {
                m.put("scale", t.scale());
            }
        } else if (a instanceof Axis.Index i) {
            m.put("size", size(i.size()));
        }
        return m;
    }

    private static Object size(AxisSize s) {
        if (s instanceof AxisSize.Fixed f) {
            return f.size();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (s instanceof AxisSize.Parameterized p) {
            m.put("min", p.min());
            m.put("step", p.step());
        } else if (s instanceof AxisSize.Reference r) {
            m.put("tensor_id", r.tensorId());
            m.put("axis_id", r.axisId());
            if (r.offset() != 0) {
                m.put("offset", r.offset());
            }
        } else if (s instanceof AxisSize.DataDependent dd) {
            m.put("min", dd.minSize());
            if (dd.maxSize() > 0) {
                m.put("max", dd.maxSize());
            }
        }
        return m;
    }

    private static Map<String, Object> weights(Weights w) {
        if (w.format() != WeightsFormat.TORCHSCRIPT && w.format() != WeightsFormat.ONNX) {
            throw new InvalidInputException("weights." + w.format().id() + ": unet4j writes torchscript and onnx"
                    + " weights entries only; leave this entry out");
        }
        Map<String, Object> m = file(w.file());
        putIf(m, "parent", w.parent() == null ? null : w.parent().id());
        if (!w.comment().isEmpty()) {
            m.put("comment", w.comment());
        }
        if (w.format() == WeightsFormat.TORCHSCRIPT) {
            m.put("pytorch_version", w.pytorchVersion());
        } else {
            m.put("opset_version", w.opsetVersion());
        }
        return m;
    }

    private static Map<String, Object> file(FileRef f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", f.source());
        putIf(m, "sha256", f.sha256());
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    private static void putList(Map<String, Object> m, String key, List<?> v) {
        if (!v.isEmpty()) {
            m.put(key, v);
        }
    }
}
