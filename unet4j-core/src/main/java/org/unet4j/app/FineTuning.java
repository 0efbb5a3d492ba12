package org.unet4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unet4j.InvalidInputException;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.Normalization;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Preprocessing;
import org.unet4j.loss.Target;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.Parent;

/**
 * Fine-tuning ({@code unet train --init MODEL}), the original U-Net plugin's "finetune" workflow: a
 * trained network adapted to a user's few new images. The new run takes the parent's network, its
 * normalisation, its label convention and its target unless the caller gives them; an explicitly
 * given architecture that differs from the parent's is refused, naming the difference.
 *
 * <p>The parent is a unet4j model: a run folder, a model folder, or a package written by
 * {@code unet export} (which carries the unet4j model under {@code unet4j/}; see
 * {@link ModelSource}).
 */
public final class FineTuning {
    /** The architecture options a caller may give explicitly. */
    public enum Shape {
        DEPTH, BASE, PADDING, UPSAMPLING, NORM
    }

    /**
     * A parent model, read and checked.
     *
     * @param given the argument as given
     * @param modelDir the unet4j model folder behind it
     * @param network its network
     * @param normalization the normalisation it was trained with
     * @param labels the label convention it was trained with, or null if not recorded
     * @param target what its network learnt
     * @param parent what the new run's config.json records
     */
    public record ParentModel(Path given, Path modelDir, UNetConfig network, Normalization normalization, LabelOptions.Mode labels,
            Target target, Parent parent) {
    }

    private FineTuning() {
    }

    /**
     * Reads the parent behind {@code model}.
     *
     * @throws InvalidInputException if it is not a unet4j model (a foreign bioimage.io package cannot be fine-tuned)
     */
    public static ParentModel open(Path model, ModelSource source) {
        if (source.isForeign()) {
            throw new InvalidInputException("--init " + model + " is a bioimage.io model not written by unet4j; --init takes a unet4j run"
                    + " folder, model folder or a package from 'unet export' (a foreign network's architecture is unknown to unet4j)");
        }
        ModelFiles.ModelInfo info = ModelFiles.readInfo(source.modelDir());
        String sha = info.metadata().path("weights").path("sha256").asText("");
        if (!sha.matches("[0-9a-f]{64}")) {
            sha = ModelFiles.sha256(info.dir().resolve(ModelFiles.WEIGHTS));
        }
        String kind = info.metadata().path("labels").path("convention").asText("");
        LabelOptions.Mode labels = null;
        for (LabelOptions.Mode m : LabelOptions.Mode.values()) {
            if (m.name().equals(kind)) {
                labels = m;
            }
        }
        return new ParentModel(model, info.dir(), info.config(), Preprocessing.normalization(info.metadata()), labels,
                PostProcessing.targetOf(info.metadata()), new Parent(model.toAbsolutePath().normalize().toString(), sha));
    }

    /**
     * The network of the fine-tuning run: the parent's, with the dropout of {@code requested}.
     *
     * @param requested the network the caller's options describe
     * @param given which architecture options the caller gave explicitly
     * @throws InvalidInputException naming every given option that differs from the parent
     */
    public static UNetConfig network(ParentModel p, UNetConfig requested, Set<Shape> given) {
        UNetConfig n = p.network();
        List<String> diffs = new ArrayList<>();
        EnumSet<Shape> g = given.isEmpty() ? EnumSet.noneOf(Shape.class) : EnumSet.copyOf(given);
        diff(diffs, g, Shape.DEPTH, "--depth", n.depth(), requested.depth());
        diff(diffs, g, Shape.BASE, "--base", n.baseChannels(), requested.baseChannels());
        diff(diffs, g, Shape.PADDING, "--padding", n.padding(), requested.padding());
        diff(diffs, g, Shape.UPSAMPLING, "--upsampling", n.upsampling(), requested.upsampling());
        diff(diffs, g, Shape.NORM, "--norm", n.norm(), requested.norm());
        if (!diffs.isEmpty()) {
            throw new InvalidInputException("--init " + p.given() + " has a different network (" + String.join(", ", diffs)
                    + "); leave those options out to fine-tune the parent's network");
        }
        return n.withDropout(requested.dropout());
    }

    private static void diff(List<String> diffs, Set<Shape> given, Shape s, String option, Object parent, Object asked) {
        if (given.contains(s) && !parent.equals(asked)) {
            diffs.add("the parent has " + option + " " + text(parent) + ", this run asks for " + text(asked));
        }
    }

    private static String text(Object v) {
        return v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v.toString();
    }

    /**
     * Checks the data against the parent's input and output.
     *
     * @param channels the training images' channels
     * @param classes the classes the run's network would have (after the target)
     * @throws InvalidInputException if either differs from the parent
     */
    public static void checkData(ParentModel p, int channels, int classes) {
        if (channels != p.network().inChannels()) {
            throw new InvalidInputException("--init " + p.given() + " takes images with " + p.network().inChannels() + " channel(s), but the"
                    + " training images have " + channels + "; fine-tune on images like the parent's");
        }
        if (classes != p.network().numClasses()) {
            throw new InvalidInputException("--init " + p.given() + " has " + p.network().numClasses() + " output classes, but these labels"
                    + " give " + classes + "; fine-tune with labels of the parent's classes (or train a new network)");
        }
    }
}
