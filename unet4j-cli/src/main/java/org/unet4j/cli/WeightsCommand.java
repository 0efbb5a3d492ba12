package org.unet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.ImageFiles;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.ClassWeights;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;
import org.unet4j.report.HeatMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unet weights}: the paper's weight map of one label image, as the network will be trained
 * with it, written as a 32-bit float TIFF and a heat-map PNG beside it.
 */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {"Compute the paper's loss weight map of a label image: class-balancing weights plus a border term"
                + " w0*exp(-(d1+d2)^2/(2*sigma^2)) that is high in the gaps between nearby objects. Touching objects of an"
                + " instance label image are first parted by separation borders (made background).",
            "Writes the map as a single-page 32-bit float TIFF (--out) and a heat map beside it (same name, .png),"
                + " to see the borders the network will be pushed to learn."})
public final class WeightsCommand implements Callable<Integer> {
    /** How a label image is read. */
    enum LabelsAs {
        /** 0 = background, every other value one object. */
        INSTANCES,
        /** 0 = background, any other value foreground; objects are its 8-connected components. */
        BINARY,
        /** Binary when the image holds at most two distinct values, instances otherwise. */
        AUTO
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--labels", required = true, paramLabel = "L", description = "Label image (PNG or TIFF, single page).")
    Path labels;

    @Option(names = "--labels-as", paramLabel = "instances|binary|auto", defaultValue = "auto",
            description = "instances: 0 = background, each other value one object; binary: non-zero = foreground,"
                    + " objects are its 8-connected components; auto: binary if the image has at most two values,"
                    + " else instances (default: ${DEFAULT-VALUE}).")
    LabelsAs labelsAs;

    @Option(names = "--w0", paramLabel = "W", defaultValue = "10", description = "Weight of the border term (default: ${DEFAULT-VALUE}, the paper's).")
    double w0;

    @Option(names = "--sigma", paramLabel = "PX", defaultValue = "5", description = "Width of the border term in pixels (default: ${DEFAULT-VALUE}, the paper's).")
    double sigma;

    @Option(names = "--class-weights", paramLabel = "balanced|sqrt|none", defaultValue = "balanced",
            description = "balanced: w_c = N_max / N_c from this image's pixel counts; sqrt: its square root; none: w_c = 1 (default: ${DEFAULT-VALUE}).")
    ClassWeightMode classWeights;

    @Option(names = "--target", paramLabel = "classes|contours", defaultValue = "classes",
            description = "The training target whose weights to show: classes (background / foreground, the paper) or contours"
                    + " (background / interior / contour of each object, as 'unet train --target contours'; needs instance labels)"
                    + " (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--out", required = true, paramLabel = "W.tif", description = "Weight map to write (.tif or .tiff); the heat map goes beside it as .png.")
    Path out;

    @Override
    public Integer call() {
        WeightMapParams params = new WeightMapParams(w0, sigma, classWeights, target);
        Path png = heatMapPath(out);
        if (Files.exists(labels) && Files.exists(out) && sameFile(labels, out)) {
            throw new InvalidInputException("--out " + out + " is the label image itself; choose another file name");
        }
        LabelImage l = ImageFiles.readLabelImage(labels);
        boolean binary = labelsAs == LabelsAs.BINARY || (labelsAs == LabelsAs.AUTO && distinctValues(l) <= 2);
        if (binary && target == Target.CONTOURS) {
            throw new InvalidInputException("--target contours needs instance labels (each object its own value), but " + labels
                    + " is read as a binary mask; give instance labels (--labels-as instances) or use --target classes");
        }
        SegmentationSample sample = sample(l, binary);
        WeightMaps.Targets targets = WeightMaps.targets(sample, target);
        ClassWeights cw = ClassWeights.of(classWeights, targets.classes());
        float[] weights = WeightMaps.weights(targets, params, cw);
        int h = l.height();
        int w = l.width();
        try {
            ImageFiles.writeFloatTiff(out, List.of(weights), h, w);
            ImageFiles.writePng(png, HeatMap.render(weights, h, w));
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(e.getMessage() + "; check that the folder of --out is writable", e);
        }
        report(l, binary, sample, targets, cw, weights, png);
        return Main.EXIT_OK;
    }

    private static SegmentationSample sample(LabelImage l, boolean binary) {
        int[] classes = new int[l.labels().length];
        for (int i = 0; i < classes.length; i++) {
            int v = l.labels()[i];
            if (v < 0) {
                throw new InvalidInputException("label value " + v + " is negative; labels must be 0 (background) or positive ids");
            }
            classes[i] = v != 0 ? 1 : 0;
        }
        LabelImage c = new LabelImage(l.height(), l.width(), classes);
        return new SegmentationSample("labels", Image.zeros(1, l.height(), l.width()), c, binary ? null : l, null);
    }

    private void report(LabelImage l, boolean binary, SegmentationSample sample, WeightMaps.Targets targets, ClassWeights cw,
            float[] weights, Path png) {
        PrintWriter o = spec.commandLine().getOut();
        long objects = IntStream.of(targets.objects().labels()).filter(v -> v != 0).distinct().count();
        long parted = 0;
        for (int i = 0; i < weights.length; i++) {
            parted += sample.classes().labels()[i] != 0 && targets.classes().labels()[i] == 0 ? 1 : 0;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : weights) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        o.printf(Locale.ROOT, "labels        %s: %dx%d, %s, %d objects%s%n", labels, l.height(), l.width(),
                binary ? "binary mask (objects = 8-connected components)" : "instance labels", objects,
                binary ? "" : ", " + parted + " touching pixels made background");
        if (target == Target.CONTOURS) {
            long contour = IntStream.of(targets.classes().labels()).filter(v -> v == Target.CONTOUR).count();
            o.printf(Locale.ROOT, "targets       contours: %d contour pixels around %d interiors%n", contour, objects);
            o.printf(Locale.ROOT, "class weights background %.4f, interior %.4f, contour %.4f (%s)%n", cw.weight(0),
                    cw.weight(Target.INTERIOR), cw.weight(Target.CONTOUR), classWeights.name().toLowerCase(Locale.ROOT));
        } else {
            o.printf(Locale.ROOT, "class weights background %.4f, foreground %.4f (%s)%n", cw.weight(0), cw.weight(1),
                    classWeights.name().toLowerCase(Locale.ROOT));
        }
        o.printf(Locale.ROOT, "weights       min %.4f, max %.4f, mean %.4f (w0 %s, sigma %s px)%n", min, max,
                sum / weights.length, w0, sigma);
        o.printf(Locale.ROOT, "wrote         %s (32-bit float), %s (heat map)%n", out, png);
        o.flush();
    }

    /** W.tif -> W.png beside it. */
    static Path heatMapPath(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.endsWith(".tiff") ? name.length() - 5 : lower.endsWith(".tif") ? name.length() - 4 : -1;
        if (dot <= 0) {
            throw new InvalidInputException("--out " + out + ": the weight map is written as a 32-bit float TIFF;"
                    + " give a file name ending in .tif or .tiff (the heat map goes beside it as .png)");
        }
        return out.resolveSibling(name.substring(0, dot) + ".png");
    }

    private static int distinctValues(LabelImage l) {
        int first = l.labels()[0];
        int second = first;
        for (int v : l.labels()) {
            if (v != first) {
                if (second == first) {
                    second = v;
                } else if (v != second) {
                    return 3;
                }
            }
        }
        return second == first ? 1 : 2;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
