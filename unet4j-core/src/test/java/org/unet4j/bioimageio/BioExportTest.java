package org.unet4j.bioimageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Normalization;
import org.unet4j.io.Npy;

class BioExportTest {
    static final Path VALIDATOR = Path.of("/work/shared/bioimageio/validate.py");

    @TempDir
    Path dir;

    /** A unet4j export of fake files: 2 input channels, 3 classes, tiles 92 + 16k, halo 20. */
    static ExportSpec spec() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("version", "0.1.0");
        cfg.put("depth", 4);
        cfg.put("normalization", Map.of("method", "PERCENTILE", "low", 1.0, "high", 99.8));
        return ExportSpec.of("unet4j test model (fake)", List.of("dapi", "actin"), List.of("background", "cell", "border"),
                        92, 16)
                .withDescription("A fake U-Net for testing the rdf.yaml writer.")
                .withAuthors(List.of(new Author("Ada Lovelace", "Analytical Engines", "0000-0002-1825-0097"),
                        Author.named("unet4j")))
                .withLicense("MIT")
                .withTags(List.of("unet", "segmentation", "fluorescence"))
                .withOutput(20, 0)
                .withProcessing(Op.of(Normalization.DEFAULT), List.of())
                .withOnnx("weights.onnx", 17)
                .withDocumentation("README.md", List.of("cover.png"))
                .withAttachments(List.of("unet4j/config.json"))
                .withCite(List.of(new Cite("unet4j", null, "https://example.org/unet4j")))
                .withUnet4jConfig(cfg)
                .withTimestamp("2026-02-13T10:00:00+00:00");
    }

    /** Writes the package's files (tiny fakes, plausible .npy test tensors) and its rdf.yaml into {@code dir}. */
    static ModelDescription writePackage(Path dir, ExportSpec spec) throws IOException {
        Random r = new Random(7);
        int n = 92 + 16;
        float[] in = new float[2 * n * n];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextGaussian();
        }
        Npy.write(dir.resolve("test_input.npy"), in, 1, 2, n, n);
        float[] out = new float[3 * n * n];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextFloat();
        }
        Npy.write(dir.resolve("test_output.npy"), out, 1, 3, n, n);
        Files.write(dir.resolve("weights.pt"), "fake torchscript".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("weights.onnx"), "fake onnx".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("README.md"), "# Fake\n\n## Validation\n\nNone: a test package.\n");
        Files.write(dir.resolve("cover.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.createDirectories(dir.resolve("unet4j"));
        Files.writeString(dir.resolve("unet4j/config.json"), "{\"depth\": 4}\n");
        return spec.write(dir);
    }

    @Test
    void theWrittenDescriptionPassesBioimageiosValidator() throws Exception {
        writePackage(dir, spec());
        assumeTrue(Files.exists(VALIDATOR) && Python.python("import yaml, jsonschema, numpy"),
                "no validate.py or /usr/bin/python3 with yaml, jsonschema, numpy");
        Process p = new ProcessBuilder("/usr/bin/python3", VALIDATOR.toString(), dir.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out + "\n" + Files.readString(dir.resolve("rdf.yaml"))).contains("0 problems");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void readingBackGivesTheSameTypedValues() throws IOException {
        ModelDescription written = writePackage(dir, spec());
        String yaml = Files.readString(dir.resolve("rdf.yaml"));
        assertThat(yaml).contains("format_version: 0.5.7", "pytorch_version: \"2.10\"", "type: model",
                "doi: 10.1007/978-3-319-24574-4_28", "opset_version: 17", "parent: torchscript");
        try (ModelPackage pkg = ModelPackage.open(dir)) {
            ModelDescription read = pkg.description();
            assertThat(read).isEqualTo(written);
            assertThat(read.cite().get(0)).isEqualTo(Cite.UNET);
            TensorDescr in = read.inputs().get(0);
            assertThat(in.id()).isEqualTo("raw");
            assertThat(in.axisIds()).containsExactly("batch", "channel", "y", "x");
            assertThat(in.channelCount()).isEqualTo(2);
            assertThat(in.processing()).isEqualTo(Op.of(Normalization.DEFAULT));
            TensorDescr out = read.outputs().get(0);
            assertThat(out.axis("y").orElseThrow()).isEqualTo(new Axis.Space("y", new AxisSize.Reference("raw", "y", 0), 20, 1));
            assertThat(out.data()).isEqualTo(TensorData.float32(0, 1));
            assertThat(read.weights().keySet()).containsExactly(WeightsFormat.ONNX, WeightsFormat.TORCHSCRIPT);
            assertThat(read.weights(WeightsFormat.TORCHSCRIPT).orElseThrow().file().sha256())
                    .isEqualTo(FileRef.sha256(dir.resolve("weights.pt")));
            assertThat(read.config().get("unet4j")).isEqualTo(spec().unet4j());
            assertThat(read.attachments()).containsExactly(FileRef.of(dir, "unet4j/config.json"));

            pkg.requireSupported();
            assertThat(pkg.torchscript()).isEqualTo(dir.resolve("weights.pt").toAbsolutePath());
            assertThat(Npy.read(pkg.testTensor(in)).shape()).containsExactly(1, 2, 108, 108);
            TileRule rule = pkg.tileRule();
            assertThat(rule.inputChannels()).isEqualTo(2);
            assertThat(rule.outputChannels()).isEqualTo(3);
            assertThat(rule.batchOfOne()).isFalse();
            assertThat(rule.y().min()).isEqualTo(92);
            assertThat(rule.y().validAtOrAbove(100)).isEqualTo(108);
            assertThat(rule.x().validAtOrBelow(500)).isEqualTo(492);
            assertThat(rule.y().outputSize(108)).isEqualTo(108);
            assertThat(rule.y().croppedOutputSize(108)).isEqualTo(68);
            assertThat(rule.y().sameSize()).isTrue();
            assertThat(rule.accepts(108, 92)).isTrue();
        }
        // a description written from a read one is the same text
        assertThat(ModelDescription.read(dir.resolve("rdf.yaml")).toYaml()).isEqualTo(yaml);
    }

    @Test
    void aZipIsExtractedAndDeletedOnClose() throws IOException {
        Path pkgDir = Files.createDirectories(dir.resolve("pkg"));
        ModelDescription written = writePackage(pkgDir, spec());
        Path zip = dir.resolve("model.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip)); var files = Files.list(pkgDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("unet4j/"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("unet4j/config.json"));
            Files.copy(pkgDir.resolve("unet4j/config.json"), z);
            z.closeEntry();
        }
        Path root;
        try (ModelPackage pkg = ModelPackage.open(zip)) {
            root = pkg.root();
            assertThat(pkg.description()).isEqualTo(written);
            assertThat(pkg.shown("rdf.yaml")).isEqualTo(zip + "!/rdf.yaml");
            pkg.requireSupported();
            assertThat(Files.isRegularFile(pkg.torchscript())).isTrue();
        }
        assertThat(root).doesNotExist();
        // the yaml itself opens too
        try (ModelPackage pkg = ModelPackage.open(pkgDir.resolve("rdf.yaml"))) {
            assertThat(pkg.description()).isEqualTo(written);
        }
    }

    @Test
    void aDamagedOrMissingFileIsRefusedNamingIt() throws IOException {
        writePackage(dir, spec());
        Files.writeString(dir.resolve("weights.pt"), "tampered");
        try (ModelPackage pkg = ModelPackage.open(dir)) {
            assertThatThrownBy(pkg::requireSupported).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(dir + "/weights.pt: sha256 is").message().doesNotContain("\n");
        }
        Files.delete(dir.resolve("weights.pt"));
        try (ModelPackage pkg = ModelPackage.open(dir)) {
            assertThatThrownBy(pkg::torchscript).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(dir + "/weights.pt: missing from the package");
        }
        // covers, documentation and the onnx weights may be absent
        writePackage(dir, spec());
        Files.delete(dir.resolve("cover.png"));
        Files.delete(dir.resolve("README.md"));
        Files.delete(dir.resolve("weights.onnx"));
        try (ModelPackage pkg = ModelPackage.open(dir)) {
            pkg.requireSupported();
        }
    }

    @Test
    void exportValuesAreCheckedInOneLine() throws IOException {
        assertThatThrownBy(() -> spec().withLicense("my own license")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SPDX");
        assertThatThrownBy(() -> ExportSpec.of("x", List.of("a"), List.of("b"), 92, 16))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("model name 'x'");
        assertThatThrownBy(() -> spec().withOutput(46, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("halo 46 crops the whole output");
        assertThatThrownBy(() -> spec().withAuthors(List.of()).describe(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one author");
        assertThatThrownBy(() -> spec().describe(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("test_input.npy: no such file");
        assertThatThrownBy(() -> spec().withDocumentation("README.txt", List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(".md");
    }

    /** Whether /usr/bin/python3 runs a script successfully (e.g. has the modules it imports). */
    static final class Python {
        private Python() {
        }

        static boolean python(String script) throws Exception {
            if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
                return false;
            }
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
    }
}
