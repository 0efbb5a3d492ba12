package org.unet4j.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.augment.AugmentParams;
import org.unet4j.augment.Augmenter;
import org.unet4j.augment.TrainingTile;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.ImageFiles;
import org.unet4j.report.Mosaic;
import org.unet4j.report.Overlays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unet augment}: a preview of data augmentation. Draws random training tiles from the
 * annotated images exactly as training will (random window, elastic deformation, rotation, flips,
 * gray values; labels transformed with the image) and writes them as one PNG grid: each tile as the
 * augmented image and beside it the same image with its labels overlaid (the objects when the
 * labels are instances, else the classes). A user checks there that deformations look plausible
 * and labels stay on their objects before training for hours. The data are read as by
 * {@code train} ({@link DataOptions}: pairing, label conventions, normalisation).
 *
 * <p>The PNG is {@code 2c * tile + (2c + 1) * 4} pixels wide and {@code r * tile + (r + 1) * 4}
 * high, with {@code c = min(columns, n)} tiles per row and {@code r = ceil(n / c)} rows.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Preview data augmentation: write a grid of randomly augmented training tiles, each as the augmented"
                + " image and beside it the image with its labels overlaid (objects for instance labels, else classes),"
                + " to check that deformations are plausible before training.",
            "Tiles are drawn like in training (random window, mirrored at image borders; elastic deformation, rotation,"
                + " flips, scaling, gray values) from the images in turn."})
public final class AugmentCommand implements Callable<Integer> {
    /** Pixels between the pictures of the grid. */
    static final int GAP = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--classes", paramLabel = "K", description = "Number of classes K for class-index labels (default: from the labels).")
    Integer classes;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Preview to write (PNG).")
    Path out;

    @Option(names = "--n", paramLabel = "N", defaultValue = "12", description = "Number of augmented tiles (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--tile", paramLabel = "PX", defaultValue = "256", description = "Tile side in pixels (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--augment", paramLabel = "none|light|paper|strong|FACTOR", defaultValue = "paper", converter = Converters.Augment.class,
            description = "Augmentation strength: a preset, or a factor on the paper's magnitudes such as 0.5 or 1.5"
                    + " (default: ${DEFAULT-VALUE}).")
    AugmentParams augment;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed; the same seed gives the same preview (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--columns", paramLabel = "C", defaultValue = "4", description = "Tiles per row of the grid (default: ${DEFAULT-VALUE}).")
    int columns;

    @Override
    public Integer call() {
        if (n < 1 || n > 1000) {
            throw new InvalidInputException("--n " + n + " is out of range; use 1 to 1000 tiles");
        }
        if (tile < 8 || tile > 4096) {
            throw new InvalidInputException("--tile " + tile + " is out of range; use 8 to 4096 pixels");
        }
        if (columns < 1) {
            throw new InvalidInputException("--columns " + columns + " must be at least 1");
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new InvalidInputException("--out " + out + ": the preview is a PNG; use a file name ending in .png");
        }
        AugmentParams params = augment;
        List<SegmentationSample> samples = data.load(classes == null ? 0 : classes, Progress.NONE).samples();
        Augmenter augmenter = new Augmenter(params);
        Random random = new Random(seed);
        List<BufferedImage> pictures = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            TrainingTile t = augmenter.tile(samples.get(i % samples.size()), tile, tile, random);
            BufferedImage gray = Overlays.gray(channelMean(t.image()), tile, tile);
            pictures.add(gray);
            LabelImage shown = t.instances() != null ? t.instances() : t.classes();
            pictures.add(Overlays.labels(gray, shown.labels(), 0.35));
        }
        BufferedImage grid = Mosaic.grid(pictures, 2 * Math.min(columns, n), GAP);
        ImageFiles.writePng(out, grid);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s (%dx%d): %d augmented %dx%d tiles from %d image%s, seed %d%n", out, grid.getWidth(),
                grid.getHeight(), n, tile, tile, samples.size(), samples.size() == 1 ? "" : "s", seed);
        w.printf(Locale.ROOT, "augmentation: %s%n", params.describe());
        w.flush();
        return 0;
    }

    /** The mean over channels, {@code height * width} values: a gray picture of any image. */
    private static float[] channelMean(Image image) {
        int plane = image.height() * image.width();
        float[] mean = new float[plane];
        float[] px = image.pixels();
        for (int c = 0; c < image.channels(); c++) {
            for (int i = 0; i < plane; i++) {
                mean[i] += px[c * plane + i] / image.channels();
            }
        }
        return mean;
    }
}
