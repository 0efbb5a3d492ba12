package org.unet4j.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Progress;
import org.unet4j.bioimageio.Author;
import org.unet4j.bioimageio.ModelPackage;
import org.unet4j.data.Image;
import org.unet4j.data.synth.SyntheticStyle;
import org.unet4j.infer.PackagePredictor;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Prediction;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.infer.TestTimeAugmentation;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Npy;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/** {@code unet export} in the library: a tiny demo run exported, validated, read back and run as a foreign package. */
class ModelExportTest {
    @TempDir
    static Path shared;
    static Path run;
    static Path zip;
    static ModelExport.Result result;

    @TempDir
    Path dir;

    static final ModelExport.Options OPTIONS = new ModelExport.Options("U-Net test cells", null,
            List.of(new Author("Ada Lovelace", "EMBL", "0000-0002-1825-0097")), null, List.of("cells"), null);

    @BeforeAll
    static void exportADemoRun() throws Exception {
        run = shared.resolve("demo");
        UNetConfig net = UNetConfig.paper().withDepth(2).withBaseChannels(4);
        new Demo(new Demo.Options(SyntheticStyle.CELLS, 0.05, run, 2, 2, 64, net, 60, 2, 0.003), DeviceChoice.CPU)
                .run(s -> { }, null, () -> false);
        zip = shared.resolve("cells.zip");
        result = ModelExport.export(run, zip, OPTIONS, Progress.NONE);
    }

    private static List<String> entries(Path zipFile) throws IOException {
        try (var z = new java.util.zip.ZipFile(zipFile.toFile())) {
            return z.stream().map(java.util.zip.ZipEntry::getName).sorted().toList();
        }
    }

    @Test
    void thePackageHoldsEveryFileAndItsDescriptionNamesThem() throws IOException {
        int side = (int) Npy.read(unpacked().resolve("test_input.npy")).dim(2);
        assertThat(entries(zip)).containsExactlyInAnyOrder("README.md", "cover.png", "rdf.yaml", "test_input.npy", "test_output.npy",
                "unet4j/config.json", "unet4j/weights.pt", "weights.onnx", ModelExport.fixedOnnxName(side), "weights.pt");
        assertThat(result.maxDifference()).isLessThanOrEqualTo(1e-5);
        assertThat(result.description().license()).isEqualTo(ModelExport.DEFAULT_LICENSE);
        assertThat(result.description().cite()).anySatisfy(c -> assertThat(c.doi()).isEqualTo("10.1007/978-3-319-24574-4_28"));
        assertThat(result.testImage().toString()).contains("val");
        String readme = Files.readString(unpacked().resolve("README.md"));
        assertThat(readme).contains("## Validation", "## Before publishing to the bioimage.io model zoo", "Ronneberger");
        assertThat(zip.resolveSibling("cells.zip.parts")).doesNotExist();
    }

    private static ModelSource unpacked;

    private static synchronized Path unpacked() {
        if (unpacked == null) {
            unpacked = ModelSource.open(zip);
        }
        return unpacked.packageDir();
    }

    @AfterAll
    static void deleteTheExtractedCopy() {
        if (unpacked != null) {
            unpacked.close();
        }
    }

    @Test
    void thePackagePassesTheBioimageIoValidatorWhereItIsInstalled() throws Exception {
        Path validator = Path.of("../../shared/bioimageio/validate.py");
        Assumptions.assumeTrue(Files.isRegularFile(validator) && Files.isExecutable(Path.of("/usr/bin/python3")), "no validator here");
        Process p = new ProcessBuilder("/usr/bin/python3", validator.toString(), zip.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeFalse(out.contains("ModuleNotFoundError"), "python3-yaml / python3-jsonschema missing");
        assertThat(out.strip()).as(out).endsWith("0 problems");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void theTorchScriptRouteReproducesTheTestOutputAndAgreesWithUnet4j() throws IOException {
        try (ModelSource s = ModelSource.open(zip)) {
            assertThat(s.isForeign()).isFalse();
            assertThat(s.modelDir()).isEqualTo(s.packageDir().resolve(ModelSource.UNET4J_FOLDER));
            // the package without unet4j's own files is a package like any other: its TorchScript weights
            try (ModelPackage pkg = ModelPackage.open(s.packageDir());
                    PackagePredictor p = PackagePredictor.open(pkg, PredictOptions.AUTO_TILE, TestTimeAugmentation.NONE)) {
                Npy.NpyArray in = Npy.read(s.packageDir().resolve("test_input.npy"));
                Image raw = new Image((int) in.dim(1), (int) in.dim(2), (int) in.dim(3), in.data());
                float[] expected = Npy.read(s.packageDir().resolve("test_output.npy")).data();
                Prediction pred = p.predict(p.prepare(raw), Progress.NONE);
                int n = raw.height() * raw.width();
                double max = 0;
                for (int k = 0; k < pred.numClasses(); k++) {
                    for (int i = 0; i < n; i++) {
                        max = Math.max(max, Math.abs(pred.probability(k)[i] - expected[k * n + i]));
                    }
                }
                assertThat(max).isLessThanOrEqualTo(1e-5);

                // a whole validation image through the package's tiles and through unet4j: the same labels
                Image image = ImageFiles.readImage(result.testImage());
                Prediction viaPackage = p.predict(p.prepare(image), Progress.NONE);
                ModelFiles.ModelInfo info = ModelFiles.readInfo(run);
                try (UNet net = ModelFiles.load(info)) {
                    Prediction own = new Predictor(net, PredictOptions.defaults()).predict(Preprocessing.normalise(image, info.metadata()));
                    int[] a = own.labels().labels();
                    int[] b = viaPackage.labels().labels();
                    int same = 0;
                    for (int i = 0; i < a.length; i++) {
                        same += a[i] == b[i] ? 1 : 0;
                    }
                    assertThat((double) same / a.length).isGreaterThan(0.99);
                }
            }
        }
    }

    @Test
    void aPackageWithoutUnet4jsFilesIsForeignAndCannotBeFineTuned() throws IOException {
        Path copy = dir.resolve("pkg");
        try (ModelSource s = ModelSource.open(zip); Stream<Path> files = Files.walk(s.packageDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = s.packageDir().relativize(f);
                if (!rel.startsWith(ModelSource.UNET4J_FOLDER)) {
                    Files.createDirectories(copy.resolve(rel).getParent());
                    Files.copy(f, copy.resolve(rel));
                }
            }
        }
        try (ModelSource s = ModelSource.open(copy.resolve("rdf.yaml"))) {
            assertThat(s.isForeign()).isTrue();
            assertThatThrownBy(() -> FineTuning.open(copy, s)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not written by unet4j");
        }
    }

    @Test
    void refusalsNameTheValueAndWriteNothing() {
        Path out = dir.resolve("x.zip");
        assertThatThrownBy(() -> ModelExport.export(run, out, new ModelExport.Options(null, null, List.of(), null, List.of(), null),
                Progress.NONE)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("an author (name, affiliation, ORCID) is needed")
                .satisfies(e -> assertThat(((InvalidInputException) e).message(Naming.CLI)).startsWith("--author \"Name[;affiliation[;orcid]]\""));
        assertThatThrownBy(() -> ModelExport.export(run, out, new ModelExport.Options("no!", null, OPTIONS.authors(), null, List.of(), null),
                Progress.NONE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("model name 'no!'");
        assertThatThrownBy(() -> ModelExport.export(run.resolve("checkpoints/best"), out, new ModelExport.Options(null, null,
                OPTIONS.authors(), "not a license!", List.of(), null), Progress.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("license");
        assertThatThrownBy(() -> ModelExport.export(dir.resolve("none"), out, OPTIONS, Progress.NONE))
                .isInstanceOf(InvalidInputException.class);
        // a model folder without its run has no image of its own for the test tensors
        Path bare = shared.resolve("bare-model");
        try {
            Files.createDirectories(bare);
            for (String f : List.of(ModelFiles.CONFIG, ModelFiles.WEIGHTS)) {
                Files.copy(run.resolve("checkpoints/best").resolve(f), bare.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThatThrownBy(() -> ModelExport.export(bare, out, OPTIONS, Progress.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("a test image is needed: " + bare)
                .satisfies(e -> assertThat(((InvalidInputException) e).message(Naming.CLI)).startsWith("--test-image is needed: " + bare));
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("x.zip.parts")).doesNotExist();
        assertThat(new File(dir.toFile(), ".").list()).isEmpty();
    }
}
