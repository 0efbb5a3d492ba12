package org.unet4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unet4j.InvalidInputException;
import org.unet4j.Phrase;
import org.unet4j.Setting;
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
            throw InvalidInputException.of("%s is a bioimage.io model not written by unet4j; %s takes a unet4j run folder, model folder"
                    + " or a package from %s (a foreign network's architecture is unknown to unet4j)", Setting.INIT.is(model),
                    Setting.INIT.cliOnly("fine-tuning"), Phrase.of("unet4j's export", "'unet export'"));
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
        List<Phrase> diffs = new ArrayList<>();
        EnumSet<Shape> g = given.isEmpty() ? EnumSet.noneOf(Shape.class) : EnumSet.copyOf(given);
        diff(diffs, g, Shape.DEPTH, Setting.DEPTH, n.depth(), requested.depth());
        diff(diffs, g, Shape.BASE, Setting.BASE, n.baseChannels(), requested.baseChannels());
        diff(diffs, g, Shape.PADDING, Setting.PADDING, n.padding(), requested.padding());
        diff(diffs, g, Shape.UPSAMPLING, Setting.UPSAMPLING, n.upsampling(), requested.upsampling());
        diff(diffs, g, Shape.NORM, Setting.NORM, n.norm(), requested.norm());
        if (!diffs.isEmpty()) {
            throw InvalidInputException.of("%s has a different network (%s); leave those %s out to fine-tune the parent's network",
                    Setting.INIT.is(p.given()), Phrase.join(", ", diffs), Phrase.of("settings", "options"));
        }
        return n.withDropout(requested.dropout());
    }

    private static void diff(List<Phrase> diffs, Set<Shape> given, Shape s, Setting option, Object parent, Object asked) {
        if (given.contains(s) && !parent.equals(asked)) {
            diffs.add(Phrase.format("the parent has %s, this run asks for %s", option.is(text(parent)), text(asked)));
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
            throw InvalidInputException.of("%s takes images with %d channel(s), but the training images have %d; fine-tune on images like"
                    + " the parent's", Setting.INIT.is(p.given()), p.network().inChannels(), channels);
        }
        if (classes != p.network().numClasses()) {
            throw InvalidInputException.of("%s has %d output classes, but these labels give %d; fine-tune with labels of the parent's"
                    + " classes (or train a new network)", Setting.INIT.is(p.given()), p.network().numClasses(), classes);
        }
    }
}
