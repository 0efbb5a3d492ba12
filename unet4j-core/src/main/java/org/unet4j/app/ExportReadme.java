package org.unet4j.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unet4j.bioimageio.Op;
import org.unet4j.data.Normalization;
import org.unet4j.infer.PostProcessing;
import org.unet4j.io.DataSpec;
import org.unet4j.loss.Target;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNetConfig;
import org.unet4j.model.exchange.ExportGraph;
import org.unet4j.report.CurvePoint;
import org.unet4j.train.TrainConfig;

/** The README.md of an exported package: what the model is, how it was trained, how well, how to use and cite it. */
final class ExportReadme {
    private ExportReadme() {
    }

    static String text(String name, ModelFiles.ModelInfo info, RunSummary run, ExportGraph graph, Normalization norm, List<Op> pre,
            List<String> classNames, Path testImage, String fixedOnnx) {
        UNetConfig c = info.config();
        StringBuilder s = new StringBuilder();
        s.append("# ").append(name).append("\n\n");
        s.append("A U-Net (Ronneberger, Fischer & Brox, MICCAI 2015) trained and exported with unet4j (a Java U-Net).\n\n");
        s.append("## Network\n\n");
        s.append(String.format(Locale.ROOT, "- depth %d, base %d channels (%,d parameters), %s 3x3 convolutions, %s up-sampling, %s normalisation, dropout %s%n",
                c.depth(), c.baseChannels(), c.parameterCount(), c.padding() == UNetConfig.Padding.VALID ? "unpadded" : "zero-padded",
                c.upsampling() == UNetConfig.Upsampling.TRANSPOSED ? "2x2 transposed-convolution" : "bilinear",
                c.norm().name().toLowerCase(Locale.ROOT), c.dropout()));
        s.append(String.format(Locale.ROOT, "- input: %d channel(s), normalised per image as in training (%s; bioimage.io preprocessing: %s)%n",
                c.inChannels(), norm.describe(), String.join(", ", pre.stream().map(Op::id).toList())));
        s.append("- output: the probabilities of ").append(String.join(", ", classNames))
                .append(" (softmax inside the weights), as large as the input\n");
        s.append(String.format(Locale.ROOT, "- tiles: %d + k x %d pixels per side; discard a halo of %d pixels at tile borders"
                + " (the network's own context%s)%n", graph.minSize(), graph.step(), graph.halo(),
                graph.pad() > 0 ? ", reflect-padded inside the weights" : ""));
        if (PostProcessing.targetOf(info.metadata()) == Target.CONTOURS) {
            s.append("- instances: threshold the interior probability (0.8) for seeds and grow them into pixels whose object probability"
                    + " (1 - background) exceeds 0.6; `unet predict --instances` does this\n");
        }
        s.append("\n## Training\n\n");
        if (run.config() == null) {
            s.append("The training run was not exported with the model; see `unet4j/config.json` for its network and normalisation.\n");
        } else {
            DataSpec d = run.config().data();
            TrainConfig t = run.config().training();
            if (d.images() != null) {
                s.append("- images: `").append(d.images()).append("`, labels: `").append(d.labels()).append("`\n");
            } else if (d.generator() != null) {
                s.append("- data: ").append(d.generator()).append('\n');
            }
            if (d.trainNames() != null) {
                s.append(String.format(Locale.ROOT, "- %d training and %d validation images%s%n", d.trainNames().size(),
                        d.validationNames() == null ? 0 : d.validationNames().size(),
                        d.valImages() != null ? " (validation: `" + d.valImages() + "`)" : ""));
            }
            if (d.convention() != null) {
                s.append("- labels: ").append(d.convention()).append('\n');
            }
            s.append(String.format(Locale.ROOT, "- %d iterations planned, tile %d, batch %d, %s learning rate %s momentum %s, schedule %s,"
                            + " weight maps w0 %s sigma %s, class weights %s, target %s, seed %d%n", t.iterations(), t.tile(), t.batch(),
                    t.optimizer().kind().name().toLowerCase(Locale.ROOT), t.optimizer().learningRate(), t.optimizer().momentum(),
                    t.schedule().kind().name().toLowerCase(Locale.ROOT), t.weightMaps().w0(), t.weightMaps().sigma(),
                    t.weightMaps().classWeights().name().toLowerCase(Locale.ROOT),
                    t.weightMaps().target().name().toLowerCase(Locale.ROOT), t.seed()));
            if (run.state() != null) {
                s.append(String.format(Locale.ROOT, "- trained %d iterations in %.1f minutes%n", run.state().iteration(),
                        run.state().elapsedSeconds() / 60));
            }
            if (run.config().parent() != null) {
                s.append("- fine-tuned from `").append(run.config().parent().model()).append("` (weights sha256 ")
                        .append(run.config().parent().sha256()).append(")\n");
            }
            s.append("- command: `").append(run.config().command()).append("`\n");
        }
        s.append("\n## Validation\n\n");
        if (run.lastValidation() == null) {
            s.append("No validation was recorded.\n");
        } else {
            s.append("| checkpoint | iteration | ").append(String.join(" | ", run.lastValidation().validation().keySet())).append(" |\n");
            s.append("|---|---|").append("---|".repeat(run.lastValidation().validation().size())).append('\n');
            row(s, "last validation", run.lastValidation());
            if (run.bestValidation() != null) {
                row(s, "best checkpoint", run.bestValidation());
            }
            s.append("\nThe exported weights are those of `").append(info.dir().getFileName()).append("`.\n");
        }
        s.append("\nThe test tensors are a crop of `").append(testImage.getFileName()).append("`.\n");
        s.append("\n## Use\n\n");
        s.append("- deepImageJ / Fiji (JDLL) / bioimageio.core: install the zip as a bioimage.io model; TorchScript and ONNX (`weights.onnx`,"
                + " any accepted size, run by ONNX Runtime) weights are included.\n");
        s.append("- OpenCV's DNN module (QuPath's ONNX route) infers every shape when it loads a graph and cannot follow symbolic sizes through"
                + " the crops: use `").append(fixedOnnx).append("`, the same network for tiles of exactly that size (attached).\n");
        s.append("- Python: `bioimageio.core` predicts with the TorchScript or ONNX weights and the preprocessing of `rdf.yaml`.\n");
        s.append("- unet4j: `unet predict --model THIS.zip --input IMAGES --out OUT`, or fine-tune with `unet train --init THIS.zip ...`.\n");
        s.append("\n## Before publishing to the bioimage.io model zoo\n\n");
        s.append("Check or fill in: the name and description, every author (affiliation, ORCID), the maintainers (GitHub user names),"
                + " the license, a citation of the training data, `git_repo` or a link to the code, the tags, and the cover;"
                + " then test the package with `bioimageio test` (bioimage.io's own validator) before uploading.\n");
        s.append("\n## Citation\n\n");
        s.append("Ronneberger, O., Fischer, P., Brox, T. U-Net: Convolutional Networks for Biomedical Image Segmentation. MICCAI 2015."
                + " doi:10.1007/978-3-319-24574-4_28\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String label, CurvePoint p) {
        s.append("| ").append(label).append(" | ").append(p.iteration()).append(" | ");
        for (Map.Entry<String, Double> e : p.validation().entrySet()) {
            s.append(String.format(Locale.ROOT, "%.4f", e.getValue())).append(" | ");
        }
        s.append('\n');
    }
}
