package org.unet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unet4j.InvalidInputException;
import org.unet4j.app.ModelExport;
import org.unet4j.bioimageio.Author;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.exchange.OnnxWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet export}: a model as a bioimage.io package (TorchScript + ONNX) for deepImageJ, QuPath, Fiji, ilastik and Python. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a trained model as a bioimage.io model package (format 0.5.7): rdf.yaml, TorchScript and ONNX"
                + " weights that return class probabilities as large as the input, test tensors from a real image, a cover, a README"
                + " and the unet4j model itself, every file with its sha256.",
            "deepImageJ, QuPath and Fiji (through JDLL), ilastik, napari and bioimageio.core run it; 'unet predict --model NAME.zip'"
                + " and 'unet train --init NAME.zip' read it back. docs/EXCHANGE.md says what to fill in before publishing."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_OR_MODEL_DIR", description = "The run folder of 'unet train' (its best checkpoint, else the last) or a model folder.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "NAME.zip", description = "The package to write (replaced if it exists; never half-written).")
    Path out;

    @Option(names = "--name", paramLabel = "TEXT", description = "The model's name: 5 to 128 letters, digits, spaces, _ - ( ) (default: U-Net and the run folder's name).")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "One paragraph on what the model segments (default: generated from the network and classes).")
    String description;

    @Option(names = "--author", paramLabel = "NAME[;AFFILIATION[;ORCID]]", required = true, description = "An author (repeatable), e.g. \"Ada Lovelace;EMBL;0000-0002-1825-0097\".")
    List<String> authors = new ArrayList<>();

    @Option(names = "--license", paramLabel = "SPDX-ID", description = "The license of the weights, an SPDX id such as CC-BY-4.0 or MIT (default: CC-BY-4.0, and the command says so).")
    String license;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag besides those unet4j adds (repeatable), e.g. --tag nuclei --tag fluorescence.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--test-image", paramLabel = "FILE", description = "The image whose centre crop (at most " + ModelExport.TEST_SIZE + " px a side) becomes the test tensors (default: the run's first validation image, else training image).")
    Path testImage;

    @Option(names = "--onnx-size", paramLabel = "N", description = "Side of the attached fixed-size ONNX graph weights_NxN.onnx, for runtimes that need static shapes such as OpenCV's DNN module (default: the test tensors' size).")
    Integer onnxSize;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new InvalidInputException("--out " + out + ": a bioimage.io package is a .zip; name it e.g. " + out.getFileName() + ".zip");
        }
        if (Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a folder; give the path of the .zip to write");
        }
        if (testImage != null && !Files.isRegularFile(testImage)) {
            throw new InvalidInputException("--test-image " + testImage + ": no such file; give an image like the training images");
        }
        List<Author> list = new ArrayList<>();
        for (String a : authors) {
            list.add(author(a));
        }
        if (license == null) {
            err.println("unet export: note: no --license given; the package says " + ModelExport.DEFAULT_LICENSE
                    + " (Creative Commons Attribution 4.0); give --license SPDX-ID to choose another");
            err.flush();
        }
        NativeEngine.load();
        ModelExport.Result r = ModelExport.export(model, out, new ModelExport.Options(name, description, list, license, tags, testImage,
                        onnxSize == null ? 0 : onnxSize),
                ProgressBar.forConsole(err));
        w.printf(Locale.ROOT, "wrote %s: \"%s\", %s, TorchScript + ONNX opset %d, test tensors from %s (TorchScript vs unet4j: max"
                + " difference %.1e)%n", out, r.description().name(), r.description().license(), OnnxWriter.OPSET,
                r.testImage().getFileName(), r.maxDifference());
        w.flush();
        return Main.EXIT_OK;
    }

    /** {@code Name[;affiliation[;orcid]]}. */
    static Author author(String text) {
        String[] parts = text.split(";", -1);
        if (parts.length > 3 || parts[0].isBlank()) {
            throw new InvalidInputException("--author \"" + text + "\": give \"Name[;affiliation[;orcid]]\", e.g. \"Ada Lovelace;EMBL;0000-0002-1825-0097\"");
        }
        String affiliation = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null;
        String orcid = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null;
        try {
            return new Author(parts[0].strip(), affiliation, orcid);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--author \"" + text + "\": " + e.getMessage());
        }
    }
}
