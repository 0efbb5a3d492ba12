package org.unet4j.bioimageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.SharedData;
import org.unet4j.data.Image;
import org.unet4j.io.Npy;

class BioPackageTest {
    @TempDir
    Path dir;

    @Test
    void readsTheForeignReferenceModel() {
        Optional<Path> ref = SharedData.resolve("bioimageio/unet2d_nuclei_broad");
        assumeTrue(ref.isPresent(), "no shared bioimageio data");
        try (ModelPackage pkg = ModelPackage.open(ref.get())) {
            ModelDescription d = pkg.description();
            assertThat(d.name()).isEqualTo("UNet 2D Nuclei Broad");
            assertThat(d.formatVersion()).isEqualTo("0.5.4");
            assertThat(d.authors()).hasSize(2);
            assertThat(d.authors().get(0).orcid()).isEqualTo("0000-0001-6562-7187");
            assertThat(d.cite()).hasSize(2);
            assertThat(d.inputs()).hasSize(1);
            TensorDescr in = d.inputs().get(0);
            assertThat(in.id()).isEqualTo("raw");
            assertThat(in.axes()).containsExactly(new Axis.Batch("batch", true), Axis.Channel.of(List.of("raw_intensity")),
                    new Axis.Space("y", new AxisSize.Fixed(512)), new Axis.Space("x", new AxisSize.Fixed(512)));
            assertThat(in.processing()).containsExactly(new Op.EnsureDtype(DataType.FLOAT32),
                    new Op.ZeroMeanUnitVariance(List.of("x", "y"), 1e-6), new Op.EnsureDtype(DataType.FLOAT32));
            TensorDescr out = d.outputs().get(0);
            assertThat(out.id()).isEqualTo("probability");
            assertThat(out.axes().get(2)).isEqualTo(new Axis.Space("y", new AxisSize.Reference("raw", "y", 0), 32, 1));
            assertThat(out.axes().get(3)).isEqualTo(new Axis.Space("x", new AxisSize.Reference("raw", "x", 0), 32, 1));
            assertThat(out.data()).isEqualTo(TensorData.float32(0, 1));
            assertThat(out.processing()).containsExactly(new Op.Sigmoid(), new Op.EnsureDtype(DataType.FLOAT32));
            assertThat(d.weights().keySet()).containsExactly(WeightsFormat.ONNX, WeightsFormat.PYTORCH_STATE_DICT,
                    WeightsFormat.TORCHSCRIPT);
            Weights ts = d.weights(WeightsFormat.TORCHSCRIPT).orElseThrow();
            assertThat(ts.file()).isEqualTo(new FileRef("weights.pt",
                    "a4b0659a1b48454588b12179855ad0a0c9b69ccaa89b8bb06e6271e8f60b02fe"));
            assertThat(ts.pytorchVersion()).isEqualTo("2.5.1");
            assertThat(ts.parent()).isEqualTo(WeightsFormat.PYTORCH_STATE_DICT);
            assertThat(d.weights(WeightsFormat.ONNX).orElseThrow().opsetVersion()).isEqualTo(20);

            pkg.requireSupported();
            assertThat(pkg.torchscript().getFileName()).hasToString("weights.pt");
            TileRule rule = pkg.tileRule();
            assertThat(rule.batchOfOne()).isTrue();
            assertThat(rule.inputChannels()).isEqualTo(1);
            assertThat(rule.y().validAtOrAbove(300)).isEqualTo(512);
            assertThat(rule.y().validAtOrAbove(600)).isEqualTo(-1);
            assertThat(rule.x().max()).hasValue(512);
            assertThat(rule.y().outputSize(512)).isEqualTo(512);
            assertThat(rule.y().croppedOutputSize(512)).isEqualTo(448);
            assertThat(rule.x().halo()).isEqualTo(32);

            // the preprocessing on the test input: zero mean, unit variance over the whole image
            Npy.NpyArray t = Npy.read(pkg.testTensor(in));
            Image img = Op.applyAll(in.processing(), new Image(1, 512, 512, t.data()), in.layout());
            double mean = 0;
            for (float v : img.pixels()) {
                mean += v / img.pixels().length;
            }
            double var = 0;
            for (float v : img.pixels()) {
                var += (v - mean) * (v - mean) / img.pixels().length;
            }
            assertThat(mean).isCloseTo(0, within(1e-4));
            assertThat(Math.sqrt(var)).isCloseTo(1, within(1e-4));
            assertThat(Npy.read(pkg.testTensor(out)).shape()).containsExactly(1, 1, 512, 512);
            // state-dict weights are read but not written back
            assertThatThrownBy(d::toYaml).isInstanceOf(InvalidInputException.class).hasMessageContaining("pytorch_state_dict");
        }
    }

    @Test
    void unsupportedModelsAreRefusedInOneLineNamingWhat() throws IOException {
        ModelDescription d = BioExportTest.writePackage(dir, BioExportTest.spec());
        TensorDescr in = d.inputs().get(0);
        TensorDescr out = d.outputs().get(0);
        String rdf = dir + "/rdf.yaml";

        TensorDescr in2 = new TensorDescr("raw2", "", in.axes(), null, List.of(), null);
        refuse(d.withTensors(List.of(in, in2), List.of(out)),
                rdf + ": the model has 2 inputs; unet4j runs bioimage.io models with one input and one output");
        refuse(d.withTensors(List.of(in), List.of(out, withId(out, "other"))), "the model has 2 outputs");
        refuse(d.withTensors(List.of(withAxes(in, a -> {
            a.add(2, new Axis.Time("time", new AxisSize.Fixed(5), 0, 1));
            return a;
        })), List.of(out)), "input raw has a time axis (time); unet4j runs 2D models");
        refuse(d.withTensors(List.of(withAxes(in, a -> {
            a.add(2, new Axis.Space("z", new AxisSize.Fixed(5)));
            return a;
        })), List.of(out)), "input raw has space axes z, y, x; unet4j runs 2D models with space axes y and x");
        refuse(d.withTensors(List.of(withAxes(in, a -> {
            a.add(a.remove(1));
            return a;
        })), List.of(out)), "input raw has axes batch, y, x, channel; unet4j runs tensors laid out batch, channel, y, x");
        refuse(d.withTensors(List.of(in), List.of(withAxes(out, a -> {
            a.set(2, new Axis.Space("y", new AxisSize.Reference("raw", "x", 0), 20, 1));
            return a;
        }))), "output probabilities axis y has a size that refers to raw.x");
        refuse(d.withTensors(List.of(in.withProcessing(List.of(new Op.ZeroMeanUnitVariance(List.of("z"), 1e-6)))),
                List.of(out)), "axis 'z' is not one of the tensor's axes batch, channel, y, x");
        refuse(d.withWeights(Map.of(WeightsFormat.ONNX, d.weights().get(WeightsFormat.ONNX))),
                rdf + ": the model lists only onnx weights; unet4j runs torchscript weights");
        refuse(d.withWeights(Map.of(WeightsFormat.TORCHSCRIPT,
                Weights.torchscript(new FileRef("https://example.org/w.pt", null), "2.1"))), "is a URL");

        refuseText(s -> s.replace("format_version: 0.5.7", "format_version: 0.4.10"),
                rdf + ": the model is format 0.4.10; unet4j reads model format 0.5.x");
        refuseText(s -> s.replace("type: model", "type: dataset"), "type is 'dataset'; unet4j reads bioimage.io model");
        refuseText(s -> s.replace("min: 92", "min: ninety"), rdf + ": inputs[0].axes[2].size.min must be an integer");
        refuseText(s -> s.replace("  torchscript:", "  tensorflow_saved_model_bundle:"),
                "lists only onnx, tensorflow_saved_model_bundle weights; unet4j runs torchscript weights");
        refuseText(s -> s.replace("id: scale_range", "id: fancy_norm"),
                "unknown op 'fancy_norm'; unet4j applies binarize, clip, ensure_dtype");
        refuseText(s -> s.replace("eps: 1.0E-6", "eps: 1.0E-6\n          reference_tensor: other"),
                "scale_range takes its percentiles from tensor other");
        refuseText(s -> s.replace("      - id: ensure_dtype", "      - id: scale_mean_variance\n        kwargs:\n"
                + "          reference_tensor: raw\n      - id: ensure_dtype"), "scale_mean_variance (matching another");
        refuseText(s -> s + "  : [unbalanced", "not valid YAML");
    }

    @Test
    void findsTheDescriptionInAFolder() throws IOException {
        assertThatThrownBy(() -> ModelPackage.open(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir + ": no rdf.yaml, bioimageio.yaml or *.bioimageio.yaml");
        assertThatThrownBy(() -> ModelPackage.open(dir.resolve("nothing.zip"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no such file or folder");
        ModelDescription d = BioExportTest.writePackage(dir, BioExportTest.spec());
        Files.move(dir.resolve("rdf.yaml"), dir.resolve("nuclei.bioimageio.yaml"));
        try (ModelPackage pkg = ModelPackage.open(dir)) {
            assertThat(pkg.description()).isEqualTo(d);
            assertThat(pkg.yaml().getFileName()).hasToString("nuclei.bioimageio.yaml");
        }
    }

    private void refuse(ModelDescription d, String message) {
        d.write(dir.resolve("rdf.yaml"));
        try (ModelPackage pkg = ModelPackage.open(dir)) {
            assertThatThrownBy(pkg::requireSupported).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(message).message().doesNotContain("\n");
        }
    }

    private void refuseText(UnaryOperator<String> edit, String message) throws IOException {
        Path rdf = dir.resolve("rdf.yaml");
        BioExportTest.spec().write(dir);
        Files.writeString(rdf, edit.apply(Files.readString(rdf)));
        assertThatThrownBy(() -> {
            try (ModelPackage pkg = ModelPackage.open(dir)) {
                pkg.requireSupported();
            }
        }).isInstanceOf(InvalidInputException.class).hasMessageContaining(message).message().doesNotContain("\n");
    }

    private static TensorDescr withAxes(TensorDescr t, UnaryOperator<List<Axis>> edit) {
        return new TensorDescr(t.id(), t.description(), edit.apply(new ArrayList<>(t.axes())), t.testTensor(),
                t.processing(), t.data());
    }

    private static TensorDescr withId(TensorDescr t, String id) {
        return new TensorDescr(id, t.description(), t.axes(), t.testTensor(), t.processing(), t.data());
    }
}
