package org.unet4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.unet4j.InvalidInputException;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code unet augment}: a preview of data augmentation. Draws random training tiles from the
 * annotated images exactly as training will (random window, elastic deformation, rotation, flips,
 * gray values; labels transformed with the image) and writes them as one PNG grid: each tile as the
 * augmented image and beside it the same image with its class labels overlaid. A user checks there
 * that deformations look plausible and labels stay on their objects before training for hours.
 *
 * <p>The PNG is {@code 2c * tile + (2c + 1) * 4} pixels wide and {@code r * tile + (r + 1) * 4}
 * high, with {@code c = min(columns, n)} tiles per row and {@code r = ceil(n / c)} rows.
 */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Preview data augmentation: write a grid of randomly augmented training tiles, each as the augmented"
                + " image and beside it the image with its labels overlaid, to check that deformations are plausible"
                + " before training.",
            "Tiles are drawn like in training (random window, mirrored at image borders; elastic deformation, rotation,"
                + " flips, scaling, gray values) from the images in turn."})
public final class AugmentCommand implements Callable<Integer> {
    /** Pixels between the pictures of the grid. */
    static final int GAP = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of images (PNG or TIFF).")
    Path images;

    @Option(names = "--labels", required = true, paramLabel = "DIR",
            description = "Folder of label images with the same file names as the images.")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Preview to write (PNG).")
    Path out;

    @Option(names = "--n", paramLabel = "N", defaultValue = "12", description = "Number of augmented tiles (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--tile", paramLabel = "PX", defaultValue = "256", description = "Tile side in pixels (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--augment", paramLabel = "none|light|paper|strong|FACTOR", defaultValue = "paper",
            description = "Augmentation strength: a preset, or a factor on the paper's magnitudes such as 0.5 or 1.5"
                    + " (default: ${DEFAULT-VALUE}).")
    String augment;

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
        AugmentParams params = AugmentParams.parse(augment);
        List<SegmentationSample> samples = load();
        Augmenter augmenter = new Augmenter(params);
        Random random = new Random(seed);
        List<BufferedImage> pictures = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            TrainingTile t = augmenter.tile(samples.get(i % samples.size()), tile, tile, random);
            BufferedImage gray = Overlays.gray(channelMean(t.image()), tile, tile);
            pictures.add(gray);
            pictures.add(Overlays.labels(gray, t.classes().labels(), 0.35));
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

    /** Image / label pairs by file name. */
    private List<SegmentationSample> load() {
        List<Path> files = imageFiles(images, "--images");
        List<SegmentationSample> samples = new ArrayList<>(files.size());
        for (Path f : files) {
            Path l = labels.resolve(f.getFileName().toString());
            if (!Files.isRegularFile(l)) {
                throw new InvalidInputException("--labels " + labels + ": no label image " + f.getFileName() + " for image " + f
                        + "; give every image a label image of the same file name");
            }
            Image image = ImageFiles.readImage(f);
            LabelImage classes = ImageFiles.readLabelImage(l);
            if (classes.height() != image.height() || classes.width() != image.width()) {
                throw new InvalidInputException(l + ": labels are " + classes.sizeText() + " but image " + f + " is "
                        + image.height() + "x" + image.width() + "; labels must have the image's size");
            }
            samples.add(new SegmentationSample(f.getFileName().toString(), image, classes, null, null));
        }
        return samples;
    }

    private static List<Path> imageFiles(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(option + " " + dir + ": no such folder; give a folder of PNG or TIFF images");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(png|tif|tiff)")).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidInputException(option + " " + dir + ": holds no .png, .tif or .tiff images");
            }
            return files;
        } catch (IOException e) {
            throw new InvalidInputException(option + " " + dir + ": cannot be listed (" + e.getMessage() + ")", e);
        }
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
