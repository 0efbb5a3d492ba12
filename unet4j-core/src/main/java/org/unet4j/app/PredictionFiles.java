package org.unet4j.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.Setting;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Prediction;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.ImageJTiff.PixelType;
import org.unet4j.io.ImageJTiff.StackWriter;
import org.unet4j.report.Overlays;

/**
 * The output files of {@code unet predict} for one input image or stack, written slice by slice
 * (a long stack is never held in memory as a whole) and committed only when complete.
 */
public final class PredictionFiles {
    private final ImagePredictor predictor;
    private final int inChannels;
    private final int classes;
    private final Path out;
    private final PostProcessing post;
    private final boolean instances;
    private final boolean overlay;
    private final Layout layout;

    /** Where the outputs of one input go ({@code --layout}). */
    public enum Layout {
        /** {@code OUT/NAME_prob.tif}, {@code OUT/NAME_fg.tif}, ... */
        SUFFIX,
        /** {@code OUT/prob/NAME.tif}, {@code OUT/fg/NAME.tif}, ...: one folder per kind, e.g. for {@code unet evaluate --pred OUT/fg}. */
        FOLDERS;

        public String fileName(String name, String kind, String extension) {
            return this == SUFFIX ? name + "_" + kind + "." + extension : kind + "/" + name + "." + extension;
        }
    }

    /** What was written for one input. */
    public record Result(String sizeText, int slices, long pixels, String tile, long tiles, List<String> written) {
    }

    /** Prediction files of {@code predictor}'s outputs in {@code out}. */
    public PredictionFiles(ImagePredictor predictor, Path out, Layout layout, PostProcessing post, boolean instances, boolean overlay) {
        this(predictor, predictor.inChannels(), predictor.numClasses(), out, layout, post, instances, overlay);
    }

    private PredictionFiles(ImagePredictor predictor, int inChannels, int classes, Path out, Layout layout, PostProcessing post,
            boolean instances, boolean overlay) {
        this.layout = layout;
        this.predictor = predictor;
        this.inChannels = inChannels;
        this.classes = classes;
        this.out = out;
        this.post = post;
        this.instances = instances;
        this.overlay = overlay;
    }

    /**
     * A writer of probabilities predicted elsewhere ({@link #write(Path, Prediction, Image, String, long)}
     * only): the driver of a distributed prediction stitches an image's output tiles and writes
     * them, post-processed, without a network of its own.
     *
     * @param inChannels the model's input channels
     * @param classes the model's classes
     * @param post the post-processing {@link #write(Path, Prediction, Image, String, long)} applies; null for a writer that only
     *     {@link #writeStack writes finished slice outputs}
     */
    public static PredictionFiles writer(int inChannels, int classes, Path out, Layout layout, PostProcessing post, boolean instances,
            boolean overlay) {
        return new PredictionFiles(null, inChannels, classes, out, layout, post, instances, overlay);
    }

    private ImagePredictor predictor() {
        if (predictor == null) {
            throw new IllegalStateException("a writer of stitched probabilities does not predict");
        }
        return predictor;
    }

    /** The name of {@code file} without its extension. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Predicts every slice of {@code file} and writes its outputs; reports tiles to {@code bar}. */
    public Result predict(Path file, Progress bar, String status) {
        List<Image> slices = new ArrayList<>(ImageFiles.readImages(file));
        Image first = slices.get(0);
        int expected = inChannels;
        for (int s = 0; s < slices.size(); s++) {
            Image page = slices.get(s);
            if (page.channels() != expected) {
                throw new InvalidInputException(file + ": has " + page.channels() + " channel(s), but the model " + predictor().source()
                        + " expects " + expected + "; convert the image to " + expected + " channel(s) like the training images");
            }
            if (page.height() != first.height() || page.width() != first.width()) {
                throw new InvalidInputException(file + ": page " + (s + 1) + " is " + page.sizeText() + " but page 1 is " + first.sizeText()
                        + "; a stack must have pages of one size, split it into single images");
            }
            // as unet train does: the network would turn them into NaN probabilities
            ImageFiles.requireFinite(page, slices.size() == 1 ? file.toString() : file + " page " + (s + 1));
        }
        int h = first.height();
        int w = first.width();
        int n = slices.size();
        long tilesPerSlice = predictor().tileCount(h, w);
        bar.start("tiles", tilesPerSlice * n);
        try {
            return write(stem(file), first.sizeText(), h, w, n, predictor().tileText(h, w), tilesPerSlice, s -> {
                Image raw = slices.get(s);
                Progress part = Progress.part(bar, s * tilesPerSlice, n > 1 ? status + " slice " + (s + 1) + "/" + n : status);
                SliceOutputs o = predictSlice(raw, n == 1 ? file.toString() : file + " page " + (s + 1), part);
                slices.set(s, null); // the raw slice is no longer needed
                return new Written(raw, o);
            });
        } finally {
            bar.done();
        }
    }

    /**
     * Writes the outputs of a single image {@code file} from its class probabilities {@code p},
     * predicted elsewhere (the stitched output tiles of a distributed prediction): the same files,
     * post-processing included, that {@link #predict} writes for it.
     *
     * @param raw the image itself, for the overlay picture; may be null without an overlay
     * @param tile the tile shape text of the prediction, e.g. "572x572"
     * @param tiles the tiles it ran
     * @throws InvalidInputException for more instances than a 16-bit image holds
     */
    public Result write(Path file, Prediction p, Image raw, String tile, long tiles) {
        if (overlay && raw == null) {
            throw new IllegalArgumentException("the overlay needs the raw image of " + file);
        }
        int c = inChannels;
        return write(stem(file), (c == 1 ? "" : c + "x") + p.height() + "x" + p.width(), p.height(), p.width(), 1, tile, tiles,
                s -> new Written(raw, outputs(p, file.toString())));
    }

    /**
     * Writes the outputs of the stack (or single image) {@code name} from slice outputs computed
     * elsewhere (the part files of a distributed prediction), one slice in memory at a time: the
     * files {@link #predict} writes, byte for byte, except the overlay picture, which the caller
     * makes from the raw middle slice.
     *
     * @param slice the outputs of slice {@code s}
     */
    public Result writeStack(String name, int height, int width, int slices, IntFunction<SliceOutputs> slice) {
        return write(name, (inChannels == 1 ? "" : inChannels + "x") + height + "x" + width, height, width, slices, "-", 0,
                s -> new Written(null, slice.apply(s)));
    }

    /** One slice's outputs and (for the overlay) its raw image (null: no overlay from this slice). */
    private record Written(Image raw, SliceOutputs outputs) {
    }

    private Result write(String name, String sizeText, int h, int w, int n, String shape, long tilesPerSlice,
            IntFunction<Written> slice) {
        List<String> written = new ArrayList<>();
        BufferedImage preview = null;
        try (StackWriter prob = open(name, "prob", h, w, PixelType.FLOAT32, classes, n, 0, 1, written);
                StackWriter fg = open(name, "fg", h, w, PixelType.FLOAT32, 1, n, 0, 1, written);
                StackWriter labels = open(name, "labels", h, w, PixelType.UINT8, 1, n, 0, classes - 1, written);
                StackWriter inst = instances ? open(name, "instances", h, w, PixelType.UINT16, 1, n, Double.NaN, Double.NaN, written)
                        : null) {
            for (int s = 0; s < n; s++) {
                Written one = slice.apply(s);
                SliceOutputs o = one.outputs();
                for (int k = 0; k < classes; k++) {
                    prob.write(o.prediction().probability(k));
                }
                fg.write(o.foreground());
                labels.write(o.classes());
                if (inst != null) {
                    inst.write(o.instances());
                }
                if (overlay && s == n / 2 && one.raw() != null) {
                    preview = overlay(one.raw(), o.instances() != null ? o.instances() : o.classes());
                }
            }
            prob.commit();
            fg.commit();
            labels.commit();
            if (inst != null) {
                inst.commit();
            }
        }
        if (preview != null) {
            String overlayName = layout.fileName(name, "overlay", "png");
            ImageFiles.writePng(out.resolve(overlayName), preview);
            written.add(overlayName);
        }
        return new Result(sizeText, n, (long) h * w * n, shape, tilesPerSlice * n, written);
    }

    /**
     * What {@code predict} writes for one slice.
     *
     * @param prediction the class probabilities
     * @param foreground the foreground map ({@code NAME_fg})
     * @param classes the arg-max classes ({@code NAME_labels})
     * @param instances the instances ({@code NAME_instances}), null without instances
     */
    public record SliceOutputs(Prediction prediction, float[] foreground, LabelImage classes, LabelImage instances) {
    }

    /**
     * One slice through the model and the post-processing, as {@link #predict} does for every
     * slice of a file (a distributed prediction calls it per task).
     *
     * @param where the slice for messages, e.g. "stack.tif page 3"
     * @throws InvalidInputException for another channel count than the model's, non-finite pixels,
     *     or more instances than a 16-bit image holds
     */
    public SliceOutputs predictSlice(Image raw, String where, Progress progress) {
        int expected = inChannels;
        if (raw.channels() != expected) {
            throw new InvalidInputException(where + ": has " + raw.channels() + " channel(s), but the model " + predictor().source()
                    + " expects " + expected + "; convert the image to " + expected + " channel(s) like the training images");
        }
        ImageFiles.requireFinite(raw, where);
        return outputs(predictor().predict(predictor().prepare(raw), progress), where);
    }

    /**
     * The post-processed outputs of one slice's class probabilities, as {@link #predictSlice} gives them.
     *
     * @throws InvalidInputException for more instances than a 16-bit image holds
     */
    public SliceOutputs outputs(Prediction p, String where) {
        PostProcessing.Outputs derived = post.apply(p, instances);
        LabelImage ids = null;
        if (instances) {
            ids = derived.instances();
            if (ids.max() > 65535) {
                throw InvalidInputException.of("%s: has %d instances, more than a 16-bit image holds; drop fragments with %s or split"
                        + " the image", where, ids.max(), Setting.MIN_SIZE.inLibrary("a minimum size"));
            }
        }
        return new SliceOutputs(p, derived.foreground(), p.labels(), ids);
    }

    /** The overlay picture of a slice ({@code NAME_overlay.png}): its gray values with {@code labels} in colour. */
    public static BufferedImage overlay(Image raw, LabelImage labels) {
        return Overlays.labels(Overlays.gray(mean(raw), raw.height(), raw.width()), labels.labels(), 0.4);
    }

    private StackWriter open(String name, String kind, int h, int w, PixelType type, int channels, int slices, double min, double max,
            List<String> written) {
        String fileName = layout.fileName(name, kind, "tif");
        StackWriter writer = ImageFiles.openStack(out.resolve(fileName), h, w, type, channels, slices, min, max);
        written.add(fileName);
        return writer;
    }

    /** The mean over the channels of an image (a gray picture of it). */
    private static float[] mean(Image image) {
        int n = image.height() * image.width();
        float[] m = new float[n];
        float[] px = image.pixels();
        for (int c = 0; c < image.channels(); c++) {
            for (int i = 0; i < n; i++) {
                m[i] += px[c * n + i] / image.channels();
            }
        }
        return m;
    }
}
