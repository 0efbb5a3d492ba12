package org.unet4j.fiji;

import ij.Prefs;
import ij.gui.GenericDialog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.fiji.bridge.SegmentRequest;

/**
 * The options of {@code unet4j Segment}, as macro keys: {@code model= tile= precision=
 * postprocess= seed_threshold= flood_threshold= min_size=} and the flags {@code tta instances rois}.
 * The dialog's labels start with exactly these keys, so ImageJ's Recorder writes them.
 *
 * @param model run folder, model folder or bioimage.io package
 * @param tile tile side, 0 = auto
 * @param tta test-time augmentation
 * @param precision fp32 or bf16
 * @param postprocess none or watershed
 * @param seedThreshold NaN = the model's default
 * @param floodThreshold NaN = the model's default
 * @param minSize drop smaller instances
 * @param instances compute NAME_instances
 * @param rois one ROI per instance (implies instances)
 */
public record SegmentParams(Path model, int tile, boolean tta, String precision, String postprocess, double seedThreshold,
        double floodThreshold, int minSize, boolean instances, boolean rois) {
    private static final String PREF = "unet4j.segment.";

    /** The options of a macro call. */
    public static SegmentParams parse(MacroOptions o) {
        return new SegmentParams(o.path("model"), o.tile("tile"), o.flag("tta"), o.text("precision", "fp32"), o.text("postprocess",
                "none"), o.numberOrAuto("seed_threshold"), o.numberOrAuto("flood_threshold"), o.integer("min_size", 0),
                o.flag("instances") || o.flag("rois"), o.flag("rois"));
    }

    /** The request for the engine. */
    SegmentRequest request() {
        return new SegmentRequest(model, tile, tta, precision, postprocess, seedThreshold, floodThreshold, minSize, instances || rois);
    }

    /** The options as a macro line writes them; {@link #parse} of it gives these parameters again. */
    public String toMacro() {
        List<String> parts = new ArrayList<>();
        parts.add(MacroOptions.pair("model", model == null ? "" : model.toString()));
        parts.add("tile=" + (tile == 0 ? "auto" : tile));
        parts.add(MacroOptions.pair("precision", precision));
        parts.add(MacroOptions.pair("postprocess", postprocess));
        parts.add("seed_threshold=" + MacroOptions.num(seedThreshold));
        parts.add("flood_threshold=" + MacroOptions.num(floodThreshold));
        parts.add("min_size=" + minSize);
        if (tta) {
            parts.add("tta");
        }
        if (instances) {
            parts.add("instances");
        }
        if (rois) {
            parts.add("rois");
        }
        return String.join(" ", parts);
    }

    /** The dialog (with a display only); null when cancelled. The last values are remembered in ImageJ's preferences. */
    static SegmentParams dialog() {
        GenericDialog gd = new GenericDialog("unet4j Segment");
        gd.addDirectoryField("Model (run folder, model folder or bioimage.io package)", Prefs.get(PREF + "model", ""), 40);
        gd.addStringField("Tile (auto or a size)", Prefs.get(PREF + "tile", "auto"), 8);
        gd.addChoice("Precision", new String[] {"fp32", "bf16"}, Prefs.get(PREF + "precision", "fp32"));
        gd.addChoice("Postprocess", new String[] {"none", "watershed"}, Prefs.get(PREF + "postprocess", "none"));
        gd.addStringField("Seed_threshold (auto or 0..1)", Prefs.get(PREF + "seed", "auto"), 8);
        gd.addStringField("Flood_threshold (auto or 0..1)", Prefs.get(PREF + "flood", "auto"), 8);
        gd.addNumericField("Min_size (pixels)", Prefs.get(PREF + "min_size", 0), 0);
        gd.addCheckbox("TTA (average the 8 flips/rotations)", Prefs.get(PREF + "tta", false));
        gd.addCheckbox("Instances (NAME_instances)", Prefs.get(PREF + "instances", true));
        gd.addCheckbox("ROIs (one per instance, ROI Manager)", Prefs.get(PREF + "rois", false));
        gd.addHelp("https://github.com/unet4j/unet4j/blob/main/docs/FIJI.md");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String model = gd.getNextString().trim();
        String tile = gd.getNextString().trim();
        String precision = gd.getNextChoice();
        String post = gd.getNextChoice();
        String seed = gd.getNextString().trim();
        String flood = gd.getNextString().trim();
        int minSize = (int) gd.getNextNumber();
        boolean tta = gd.getNextBoolean();
        boolean instances = gd.getNextBoolean();
        boolean rois = gd.getNextBoolean();
        Prefs.set(PREF + "model", model);
        Prefs.set(PREF + "tile", tile);
        Prefs.set(PREF + "precision", precision);
        Prefs.set(PREF + "postprocess", post);
        Prefs.set(PREF + "seed", seed);
        Prefs.set(PREF + "flood", flood);
        Prefs.set(PREF + "min_size", minSize);
        Prefs.set(PREF + "tta", tta);
        Prefs.set(PREF + "instances", instances);
        Prefs.set(PREF + "rois", rois);
        MacroOptions o = new MacroOptions(MacroOptions.pair("model", model) + " tile=" + tile + " seed_threshold=" + seed
                + " flood_threshold=" + flood);
        return new SegmentParams(model.isEmpty() ? null : Path.of(model), o.tile("tile"), tta, precision, post,
                o.numberOrAuto("seed_threshold"), o.numberOrAuto("flood_threshold"), minSize, instances || rois, rois);
    }
}
