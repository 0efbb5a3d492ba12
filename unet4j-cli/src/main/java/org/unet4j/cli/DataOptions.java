package org.unet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.Normalization;
import org.unet4j.io.Json;
import org.unet4j.io.TrainingSet;
import org.unet4j.io.TrainingSets;
import picocli.CommandLine.Option;

/**
 * The options that say where annotated images are and how to read them, shared by {@code train},
 * {@code inspect} and {@code augment}. The number of classes ({@code --classes}) is not here
 * because {@code train} already has it from {@link NetworkOptions}; commands pass it to
 * {@link #labelOptions(int)} (0 when the user did not give it, so the labels decide).
 */
public final class DataOptions {
    /** The key of a run's data section that holds the resolved {@link org.unet4j.data.LabelConvention.Kind}. */
    static final String LABEL_KIND = "labelKind";

    @Option(names = "--images", paramLabel = "DIR|STACK",
            description = "Folder of images (PNG, TIFF, BMP, JPEG), or one multi-page TIFF stack.")
    Path images;

    @Option(names = "--labels", paramLabel = "DIR|STACK",
            description = "Folder of label images paired with the images by name (a.png <-> a.tif) or trailing number"
                    + " (t007.tif <-> man_seg007.tif), or a label stack paired page by page.")
    Path labels;

    @Option(names = "--label-pattern", paramLabel = "TEMPLATE",
            description = "Label file name for each image, with {stem} (image name without extension) and {num} (its trailing"
                    + " digits), e.g. 'man_seg{num}' or '{stem}_mask.png'; without an extension any image extension matches.")
    String labelPattern;

    @Option(names = "--labels-as", paramLabel = "auto|binary|classes|instances", defaultValue = "auto",
            description = "How label values are read: binary (0 -> class 0, other -> class 1), classes (values 0..K-1),"
                    + " instances (0 background, each other value one object) or auto (detected, and printed; default).")
    LabelOptions.Mode labelsAs;

    @Option(names = "--ignore", paramLabel = "V",
            description = "Label value whose pixels are left out of the loss (unannotated parts of partially annotated images).")
    Integer ignore;

    @Option(names = "--normalize", paramLabel = "percentile|minmax|zscore|none", defaultValue = "percentile",
            description = "Per-image intensity normalisation (default: ${DEFAULT-VALUE}, see --percentiles).")
    Normalization.Method normalize;

    @Option(names = "--percentiles", paramLabel = "LOW,HIGH", split = ",", defaultValue = "1,99.8",
            description = "Percentiles mapped to 0 and 1 by --normalize percentile (default: ${DEFAULT-VALUE}).")
    double[] percentiles;

    /** The label options, with {@code classes} from the command (0: not given). */
    public LabelOptions labelOptions(int classes) {
        return new LabelOptions(labelsAs, classes, ignore);
    }

    /** The normalisation chosen. */
    public Normalization normalization() {
        if (percentiles.length != 2) {
            throw new InvalidInputException("--percentiles expects two numbers LOW,HIGH (e.g. 1,99.8), got " + percentiles.length);
        }
        return new Normalization(normalize, percentiles[0], percentiles[1]);
    }

    /** The {@code --images} path. */
    public Path images() {
        return images;
    }

    /** The {@code --labels} path. */
    public Path labels() {
        return labels;
    }

    /** The options as JSON, for a run's config.json (paths made absolute). */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("images", images == null ? null : images.toAbsolutePath().normalize().toString());
        o.put("labels", labels == null ? null : labels.toAbsolutePath().normalize().toString());
        o.put("labelPattern", labelPattern);
        o.put("labelsAs", labelsAs.name());
        if (ignore != null) {
            o.put("ignore", ignore);
        }
        o.set("normalization", Json.MAPPER.valueToTree(normalization()));
        return o;
    }

    /**
     * Options read back from {@link #toJson()}, with {@code images}/{@code labels} replaced by the
     * given keys' paths. Where the JSON records the convention the training labels were resolved to
     * ({@code labelKind}, see {@link #LABEL_KIND}), that convention replaces {@code labelsAs}, so
     * validation labels and a resumed run read the labels exactly as the training set was read
     * (detection alone could differ: e.g. 8-bit instance ids of small images look like classes).
     */
    static DataOptions fromJson(JsonNode o, String imagesKey, String labelsKey) {
        DataOptions d = new DataOptions();
        d.images = o.hasNonNull(imagesKey) ? Path.of(o.get(imagesKey).asText()) : null;
        d.labels = o.hasNonNull(labelsKey) ? Path.of(o.get(labelsKey).asText()) : null;
        d.labelPattern = o.hasNonNull("labelPattern") ? o.get("labelPattern").asText() : null;
        d.labelsAs = LabelOptions.Mode.valueOf(o.hasNonNull(LABEL_KIND) ? o.get(LABEL_KIND).asText() : o.path("labelsAs").asText("AUTO"));
        d.ignore = o.hasNonNull("ignore") ? o.get("ignore").asInt() : null;
        Normalization n;
        try {
            n = Json.MAPPER.treeToValue(o.get("normalization"), Normalization.class);
        } catch (IOException e) {
            throw new InvalidInputException("config.json: the data normalization is damaged (" + e.getMessage().split("\n")[0] + ")");
        }
        d.normalize = n.method();
        d.percentiles = new double[] {n.low(), n.high()};
        return d;
    }

    /** Whether both {@code --images} and {@code --labels} were given. */
    public boolean given() {
        return images != null && labels != null;
    }

    /** Loads and checks the training set, raw (not normalised). */
    public TrainingSet loadRaw(int classes, Progress progress) {
        if (!given()) {
            throw new InvalidInputException("missing " + (images == null ? "--images" : "--labels")
                    + ": give both --images DIR|STACK and --labels DIR|STACK");
        }
        LabelOptions options = labelOptions(classes);
        normalization();
        return TrainingSets.load(images, labels, labelPattern, options, progress);
    }

    /** Loads and checks the training set, images normalised as chosen. */
    public TrainingSet load(int classes, Progress progress) {
        return loadRaw(classes, progress).normalized(normalization());
    }
}
