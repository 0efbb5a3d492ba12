package org.unet4j.fiji;

import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * The options of {@code unet4j Augmentation Preview}, as macro keys: {@code images= labels=}
 * (window titles or paths) {@code count= tile= seed= augment=}, with the defaults of {@code unet
 * augment} (12 tiles of 256 pixels, seed 1, paper).
 *
 * @param images window title, image stack or folder
 * @param labels window title, label stack or folder
 * @param count tiles to draw
 * @param tile tile side in pixels
 * @param seed random seed
 * @param augment none, light, paper, strong or a factor
 */
public record AugmentPreviewParams(String images, String labels, int count, int tile, long seed, String augment) {
    private static final String PREF = "unet4j.augment.";

    /** The options of a macro call. */
    public static AugmentPreviewParams parse(MacroOptions o) {
        return new AugmentPreviewParams(o.text("images", ""), o.text("labels", ""), o.integer("count", 12), o.integer("tile", 256),
                (long) o.number("seed", 1), o.text("augment", "paper"));
    }

    /** The options as a macro line writes them; {@link #parse} of it gives these parameters again. */
    public String toMacro() {
        return MacroOptions.pair("images", images) + " " + MacroOptions.pair("labels", labels) + " count=" + count + " tile=" + tile
                + " seed=" + seed + " " + MacroOptions.pair("augment", augment);
    }

    /** The dialog (with a display only); null when cancelled. */
    static AugmentPreviewParams dialog() {
        String[] titles = WindowManager.getImageTitles();
        GenericDialog gd = new GenericDialog(AugmentPreviewCommand.COMMAND);
        gd.addMessage("Training tiles drawn and augmented as training draws them, with their labels.");
        if (titles.length >= 2) {
            gd.addChoice("Images", titles, Prefs.get(PREF + "images", titles[0]));
            gd.addChoice("Labels", titles, Prefs.get(PREF + "labels", titles[1]));
        } else {
            gd.addDirectoryField("Images", Prefs.get(PREF + "images", ""), 30);
            gd.addDirectoryField("Labels", Prefs.get(PREF + "labels", ""), 30);
        }
        gd.addNumericField("Count (tiles)", Prefs.get(PREF + "count", 12), 0);
        gd.addNumericField("Tile (side, px)", Prefs.get(PREF + "tile", 256), 0);
        gd.addNumericField("Seed", Prefs.get(PREF + "seed", 1), 0);
        gd.addChoice("Augment", new String[] {"none", "light", "paper", "strong"}, Prefs.get(PREF + "augment", "paper"));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String images = titles.length >= 2 ? gd.getNextChoice() : gd.getNextString().trim();
        String labels = titles.length >= 2 ? gd.getNextChoice() : gd.getNextString().trim();
        AugmentPreviewParams p = new AugmentPreviewParams(images, labels, (int) gd.getNextNumber(), (int) gd.getNextNumber(),
                (long) gd.getNextNumber(), gd.getNextChoice());
        Prefs.set(PREF + "images", images);
        Prefs.set(PREF + "labels", labels);
        Prefs.set(PREF + "count", p.count());
        Prefs.set(PREF + "tile", p.tile());
        Prefs.set(PREF + "seed", p.seed());
        Prefs.set(PREF + "augment", p.augment());
        return p;
    }
}
