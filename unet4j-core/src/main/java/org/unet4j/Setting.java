package org.unet4j;

/**
 * The values a user sets, as the library's messages name them. Each has words of its own in each
 * {@link Naming}: the library's ({@link #label()}, "seed threshold"), the command line's option
 * ({@link #flag()}, "--seed-threshold") and, where the Fiji plugin has one, its macro key
 * ({@link #macroKey()}, "seed_threshold"). A message names a setting, or a setting with a value
 * ({@link #is}), and reads right for whoever gets it:
 *
 * <pre>
 * InvalidInputException.of("%s is not valid; use %s", Setting.TILE.is(570), Setting.TILE.is("auto"))
 *   LIBRARY: tile 570 is not valid; use tile auto
 *   CLI:     --tile 570 is not valid; use --tile auto
 *   MACRO:   tile=570 is not valid; use tile=auto
 * </pre>
 */
public enum Setting implements Phrase {
    /** The side of the network's input tile, in pixels. */
    TILE("tile", "--tile", "tile"),
    /** Tiles per step (training) or per forward pass (prediction). */
    BATCH("batch", "--batch", null),
    /** The network's number of poolings. */
    DEPTH("depth", "--depth", "depth"),
    /** The channels of the network's first level. */
    BASE("base channels", "--base", "base"),
    /** The channels of the input images. */
    IN_CHANNELS("input channels", "--in-channels", null),
    /** The number of classes (background counts as one). */
    CLASSES("classes", "--classes", null),
    /** The probability above which a pixel seeds an object (watershed, contour models). */
    SEED_THRESHOLD("seed threshold", "--seed-threshold", "seed_threshold"),
    /** The probability above which an object grows into a pixel (watershed, contour models). */
    FLOOD_THRESHOLD("flood threshold", "--flood-threshold", "flood_threshold"),
    /** The smallest object kept, in pixels. */
    MIN_SIZE("minimum size", "--min-size", "min_size"),
    /** The class whose probability map is the foreground. */
    FOREGROUND_CLASS("foreground class", "--foreground-class", null),
    /** The optimizer's (base) learning rate. */
    LR("learning rate", "--lr", "lr"),
    /** SGD's momentum. */
    MOMENTUM("momentum", "--momentum", null),
    /** The optimizer's weight decay. */
    WEIGHT_DECAY("weight decay", "--weight-decay", null),
    /** The optimization algorithm (sgd, adam). */
    OPTIMIZER("optimizer", "--optimizer", null),
    /** The learning-rate schedule. */
    SCHEDULE("learning-rate schedule", "--schedule", null),
    /** The learning-rate warm-up, in iterations. */
    WARMUP("warm-up", "--warmup", null),
    /** The decay per step of the weights' moving average (0: none). */
    EMA("weight-average decay", "--ema", null),
    /** A training run's time budget. */
    MINUTES("time budget in minutes", "--minutes", "minutes"),
    /** The iterations a training run does. */
    ITERATIONS("number of iterations", "--iterations", "iterations"),
    /** Iterations between validations. */
    VALIDATE_EVERY("validation interval", "--validate-every", "validate"),
    /** Iterations between checkpoints. */
    CHECKPOINT_EVERY("checkpoint interval", "--checkpoint-every", null),
    /** Augmentation threads. */
    WORKERS("augmentation workers", "--workers", null),
    /** The width of the weight map's border term, in pixels. */
    SIGMA("sigma", "--sigma", "sigma"),
    /** The weight of the weight map's border term. */
    W0("w0", "--w0", "w0"),
    /** How classes are balanced in the weight map. */
    CLASS_WEIGHTS("class weights", "--class-weights", "class_weights"),
    /** How the label files' values are read (binary, classes, instances). */
    LABELS_AS("label mode", "--labels-as", "labels_as"),
    /** The template naming each image's label file. */
    LABEL_PATTERN("label pattern", "--label-pattern", null),
    /** The label value excluded from the loss. */
    IGNORE("ignore value", "--ignore", null),
    /** Patterns of files left out of the training set. */
    EXCLUDE("exclude patterns", "--exclude", null),
    /** What happens to images without a label file. */
    UNLABELLED("unlabelled images", "--unlabelled", null),
    /** The fraction of the training images kept for validation. */
    VAL_FRACTION("validation fraction", "--val-fraction", null),
    /** The training images (a folder or a stack). */
    IMAGES("images", "--images", "images"),
    /** The training labels (a folder or a stack). */
    LABELS("labels", "--labels", "labels"),
    /** The output folder (a training run's, a demo's). */
    OUT("output folder", "--out", "out"),
    /** A stopped run to continue. */
    RESUME("run to resume", "--resume", "resume"),
    /** The model a run is fine-tuned from. */
    INIT("parent model", "--init", null),
    /** The model to predict with. */
    MODEL("model", "--model", "model"),
    /** Where the network runs (cpu, gpu, auto). */
    DEVICE("device", "--device", null),
    /** The memory budget of prediction. */
    MEMORY("memory budget", "--memory", null),
    /** What the network learns: classes, or interiors and contours. */
    TARGET("target", "--target", "target"),
    /** The network's normalisation layers. */
    NORM("normalisation", "--norm", null),
    /** The network's convolution padding (valid, same). */
    PADDING("padding", "--padding", null),
    /** The network's up-sampling (transposed, bilinear). */
    UPSAMPLING("up-sampling", "--upsampling", null),
    /** What a run does when the network stops learning. */
    ON_STALL("stall action", "--on-stall", null),
    /** The gradient-norm limit of a step. */
    CLIP_GRAD("gradient-norm limit", "--clip-grad", null),
    /** Who made an exported model. */
    AUTHOR("author", "--author", null),
    /** The image an exported package's test tensors are cut from. */
    TEST_IMAGE("test image", "--test-image", null),
    /** The side of an exported package's fixed-size ONNX graph. */
    ONNX_SIZE("fixed ONNX size", "--onnx-size", null),
    /** How the masks of an evaluation are split into objects before scoring (the prediction's and the ground truth's). */
    RELABEL("relabelling", "--relabel-*", null),
    /** How predicted masks are split into objects before scoring. */
    RELABEL_PRED("prediction relabelling", "--relabel-pred", null),
    /** Whether a stack's pages are scored as separate images. */
    STACK_AS_IMAGES("stack as images", "--stack-as-images", null),
    /** What prediction values are divided by before scoring. */
    PRED_SCALE("prediction scale", "--pred-scale", null);

    private final String label;
    private final String flag;
    private final String macroKey;

    Setting(String label, String flag, String macroKey) {
        this.label = label;
        this.flag = flag;
        this.macroKey = macroKey;
    }

    /** The library's words for this setting, e.g. "seed threshold". */
    public String label() {
        return label;
    }

    /** The command line's option, e.g. "--seed-threshold". */
    public String flag() {
        return flag;
    }

    /** The Fiji plugin's macro key, e.g. "seed_threshold", or null where the plugin has none. */
    public String macroKey() {
        return macroKey;
    }

    /** The label, the flag, or the macro key with its "=" (the label where there is no key). */
    @Override
    public String in(Naming naming) {
        return switch (naming) {
            case LIBRARY -> label;
            case CLI -> flag;
            case MACRO -> macroKey != null ? macroKey + "=" : label;
        };
    }

    /** The label (so that a setting put into a string by mistake still reads as the library's words). */
    @Override
    public String toString() {
        return label;
    }

    /** This setting with {@code value}: "tile 570", "--tile 570", "tile=570" ({@link Value}). */
    public Value is(Object value) {
        return new Value(this, value);
    }

    /**
     * A setting with a value, as a message says it: "label mode instances" for the library,
     * "--labels-as instances" on the command line, "labels_as=instances" in a macro (the library's
     * words where the setting has no macro key).
     *
     * @param setting the setting
     * @param value its value (a {@link Phrase} is rendered in the same naming)
     */
    public record Value(Setting setting, Object value) implements Phrase {
        @Override
        public String in(Naming naming) {
            String v = value instanceof Phrase p ? p.in(naming) : String.valueOf(value);
            return switch (naming) {
                case LIBRARY -> setting.label + " " + v;
                case CLI -> setting.flag + " " + v;
                case MACRO -> setting.macroKey != null ? setting.macroKey + "=" + v : setting.label + " " + v;
            };
        }

        @Override
        public String toString() {
            return in(Naming.LIBRARY);
        }
    }
}
