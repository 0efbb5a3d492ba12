package org.unet4j.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Phrase;
import org.unet4j.Progress;
import org.unet4j.Setting;
import org.unet4j.data.Image;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.LabelConventions;
import org.unet4j.data.LabelImage;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.LabelValues;
import org.unet4j.data.SegmentationSample;

/**
 * Loads training sets: an {@code images/} and a {@code labels/} folder (files paired by name,
 * stem or trailing number, see {@link FilePairing}, or by a {@code --label-pattern}), or two
 * multi-page files (page i of the images with page i of the labels). Everything is checked before
 * a sample is made: missing partners, sizes, page counts, channel counts, NaN pixels and label
 * values; each problem is one {@link InvalidInputException} naming the files.
 *
 * <p>Sample names: the image file name ({@code 07.png}); pages of a multi-page file in a folder
 * {@code a.tif#3} (1-based; {@link org.unet4j.data.Split#byFile} keeps them together); pages of a
 * stack pair {@code volume.tif page 3} (split page by page).
 */
public final class TrainingSets {
    private TrainingSets() {
    }

    /** {@link #load(Path, Path, String, LabelOptions, Progress)} without progress reports. */
    public static TrainingSet load(Path images, Path labels, String labelPattern, LabelOptions options) {
        return load(images, labels, labelPattern, options, Progress.NONE);
    }

    /** {@link #load(Path, Path, String, LabelOptions, FileSelection, Progress)} of every file. */
    public static TrainingSet load(Path images, Path labels, String labelPattern, LabelOptions options, Progress progress) {
        return load(images, labels, labelPattern, options, FileSelection.all(), progress);
    }

    /**
     * Reads and checks a training set; images keep raw values.
     *
     * @param labelPattern a {@link FilePairing#byPattern} template, or null to pair by name
     * @param selection files to leave out, and whether images without a label file are skipped or refused
     */
    public static TrainingSet load(Path images, Path labels, String labelPattern, LabelOptions options, FileSelection selection,
            Progress progress) {
        boolean imagesDir = FilePairing.checkExists(images, Setting.IMAGES);
        boolean labelsDir = FilePairing.checkExists(labels, Setting.LABELS);
        FilePairing.Pairing pairing;
        if (labelPattern != null) {
            if (!imagesDir || !labelsDir) {
                throw InvalidInputException.of("%s pairs files of two folders, but %s is a file; give two folders, or %s for a stack pair",
                        Setting.LABEL_PATTERN, imagesDir ? Setting.LABELS.is(labels) : Setting.IMAGES.is(images),
                        Phrase.format("drop %s", Setting.LABEL_PATTERN).cliOnly("drop the label pattern"));
            }
            pairing = FilePairing.byPattern(ImageFiles.listImages(images), ImageFiles.listImages(labels), labelPattern);
        } else {
            pairing = FilePairing.pair(images, Setting.IMAGES, labels, Setting.LABELS);
        }
        // --exclude after pairing, so that a left-out image takes its label file along and a left-out
        // label file leaves its image unlabelled
        List<Path> excluded = new ArrayList<>();
        List<FilePairing.Pair> kept = new ArrayList<>();
        List<Path> unpaired = new ArrayList<>();
        for (FilePairing.Pair pair : pairing.pairs()) {
            boolean image = selection.excludes(pair.first());
            boolean label = selection.excludes(pair.second());
            if (image) {
                excluded.add(pair.first());
            }
            if (label) {
                excluded.add(pair.second());
            }
            if (!image && !label) {
                kept.add(pair);
            } else if (!image) {
                unpaired.add(pair.first());
            }
        }
        for (Path p : pairing.unpairedFirst()) {
            if (selection.excludes(p)) {
                excluded.add(p);
            } else {
                unpaired.add(p);
            }
        }
        unpaired.sort(null);
        if (!selection.exclude().isEmpty() && kept.isEmpty() && unpaired.isEmpty()) {
            throw InvalidInputException.of("%s leaves out every image of %s; drop or narrow the pattern",
                    Setting.EXCLUDE.is(String.join(" ", selection.exclude())), images);
        }
        pairing = new FilePairing.Pairing(kept, pairing.rule(), unpaired);
        List<Path> unlabelled = pairing.unpairedFirst();
        if (!unlabelled.isEmpty() && selection.unlabelled() == FileSelection.Unlabelled.ERROR) {
            Path first = unlabelled.get(0);
            throw InvalidInputException.of("%s: no label file for this image in %s (paired by %s%s)%s; add the label file, move the image"
                    + " out of %s, set %s, or train on the labelled images only %s", first, labels, pairing.rule().text(),
                    labelPattern != null ? " '" + labelPattern + "'" : "",
                    unlabelled.size() > 1 ? "; " + (unlabelled.size() - 1) + " more images lack labels" : "", images,
                    Setting.LABEL_PATTERN.cliOnly("a label pattern"),
                    Phrase.format("with %s", Setting.UNLABELLED.is("skip")).cliOnly("(unlabelled images: skip)"));
        }
        if (pairing.pairs().isEmpty()) {
            throw InvalidInputException.of("no image in %s has a label file in %s%s; check the folders and %s", images, labels,
                    excluded.isEmpty() ? "" : Phrase.format(" after %s left out %d files", Setting.EXCLUDE, excluded.size()),
                    Setting.LABEL_PATTERN.cliOnly("the label pattern"));
        }
        TrainingSet.Layout layout = pairing.rule() == FilePairing.Rule.SINGLE_FILES ? TrainingSet.Layout.STACKS : TrainingSet.Layout.FOLDERS;
        List<Image> allImages = new ArrayList<>();
        List<LabelImage> allLabels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<TrainingSet.Origin> origins = new ArrayList<>();
        List<LabelConventions.Source> sources = new ArrayList<>();
        progress.start("reading " + pairing.pairs().size() + " image/label pairs", pairing.pairs().size());
        int done = 0;
        for (FilePairing.Pair pair : pairing.pairs()) {
            ImageFileInfo imageInfo = ImageFiles.describe(pair.first());
            ImageFileInfo labelInfo = ImageFiles.describe(pair.second());
            List<Image> imagePages = ImageFiles.readImages(pair.first());
            List<LabelImage> labelPages = ImageFiles.readLabelImages(pair.second());
            if (imagePages.size() != labelPages.size()) {
                throw new InvalidInputException(pair.first() + " has " + imagePages.size() + " page" + (imagePages.size() == 1 ? "" : "s")
                        + " but its labels " + pair.second() + " have " + labelPages.size() + "; every image page needs one label page:"
                        + " export both with the same number of slices");
            }
            for (int p = 0; p < imagePages.size(); p++) {
                Image image = imagePages.get(p);
                LabelImage label = labelPages.get(p);
                String pageText = imagePages.size() == 1 ? "" : " page " + (p + 1);
                if (image.height() != label.height() || image.width() != label.width()) {
                    throw new InvalidInputException(pair.first() + pageText + " is " + image.height() + "x" + image.width() + " but its labels "
                            + pair.second() + pageText + " are " + label.height() + "x" + label.width()
                            + " (height x width); labels must have the image's size: re-export them from the same image");
                }
                if (!allImages.isEmpty() && allImages.get(0).channels() != image.channels()) {
                    throw new InvalidInputException(pair.first() + " has " + image.channels() + " channel(s) but " + origins.get(0).image().file()
                            + " has " + allImages.get(0).channels() + "; all images of a training set need the same channels"
                            + " (convert them all to grey or all to RGB)");
                }
                checkFinite(image, pair.first() + pageText);
                String name = layout == TrainingSet.Layout.STACKS
                        ? (imagePages.size() == 1 ? pair.first().getFileName().toString() : pair.first().getFileName() + " page " + (p + 1))
                        : pair.first().getFileName() + (imagePages.size() == 1 ? "" : "#" + (p + 1));
                allImages.add(image);
                allLabels.add(label);
                names.add(name);
                origins.add(new TrainingSet.Origin(imageInfo, labelInfo, p));
                sources.add(new LabelConventions.Source(pair.second() + pageText, labelInfo.bitsPerSample(), LabelValues.of(label)));
            }
            progress.step(++done, pair.first().getFileName().toString());
        }
        progress.done();
        LabelConvention convention = LabelConventions.resolve(options, sources);
        List<SegmentationSample> samples = new ArrayList<>(allImages.size());
        for (int i = 0; i < allImages.size(); i++) {
            samples.add(LabelConventions.sample(names.get(i), allImages.get(i), allLabels.get(i), convention));
        }
        return new TrainingSet(images, labels, layout, pairing.rule(), convention, samples, origins, null, unlabelled, excluded);
    }

    private static void checkFinite(Image image, String where) {
        ImageFiles.requireFinite(image, where);
    }
}
