package org.unet4j.fiji;

import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code unet4j Train}, as macro keys: {@code images= labels=} (window titles or
 * paths) {@code out= minutes= iterations= base= depth= tile= augment= w0= sigma=} and the advanced
 * {@code lr= seed= validate= resume=}. The defaults are {@code unet train}'s.
 *
 * @param images window title, image stack or folder
 * @param labels window title, label stack or folder
 * @param out the new run folder
 * @param minutes time budget, 0 = none
 * @param iterations steps
 * @param base first level's channels
 * @param depth poolings
 * @param tile training tile, 0 = the network's default
 * @param augment none, light, paper, strong or a factor
 * @param w0 border weight
 * @param sigma border width
 * @param lr learning rate, NaN = default
 * @param seed random seed
 * @param validate iterations between validations, 0 = default (500)
 * @param resume a stopped run to continue from its last checkpoint (with its own settings), or ""
 */
public record TrainParams(String images, String labels, String out, double minutes, int iterations, int base, int depth, int tile,
        String augment, double w0, double sigma, double lr, long seed, int validate, String resume) {
    private static final String PREF = "unet4j.train.";

    /** The options of a macro call. */
    public static TrainParams parse(MacroOptions o) {
        return new TrainParams(o.text("images", ""), o.text("labels", ""), o.text("out", ""), o.number("minutes", 0),
                o.integer("iterations", 5000), o.integer("base", 64), o.integer("depth", 4), o.tile("tile"), o.text("augment", "paper"),
                o.number("w0", 10), o.number("sigma", 5), o.numberOrAuto("lr"), (long) o.number("seed", 1), o.integer("validate", 0),
                o.text("resume", ""));
    }

    /** The options as a macro line writes them. */
    public String toMacro() {
        List<String> p = new ArrayList<>();
        p.add(MacroOptions.pair("images", images));
        p.add(MacroOptions.pair("labels", labels));
        p.add(MacroOptions.pair("out", out));
        p.add("minutes=" + MacroOptions.num(minutes));
        p.add("iterations=" + iterations);
        p.add("base=" + base);
        p.add("depth=" + depth);
        p.add("tile=" + (tile == 0 ? "auto" : tile));
        p.add(MacroOptions.pair("augment", augment));
        p.add("w0=" + MacroOptions.num(w0));
        p.add("sigma=" + MacroOptions.num(sigma));
        p.add("lr=" + MacroOptions.num(lr));
        p.add("seed=" + seed);
        if (validate > 0) {
            p.add("validate=" + validate);
        }
        if (!resume.isEmpty()) {
            p.add(MacroOptions.pair("resume", resume));
        }
        return String.join(" ", p);
    }

    /** The dialog: what a biologist needs first, the rest behind "Advanced"; null when cancelled. */
    static TrainParams dialog() {
        String[] titles = WindowManager.getImageTitles();
        GenericDialog gd = new GenericDialog("unet4j Train");
        gd.addMessage("Images and labels: open images (stacks of the same size) or folders / stack files.");
        if (titles.length >= 2) {
            gd.addChoice("Images", titles, Prefs.get(PREF + "images", titles[0]));
            gd.addChoice("Labels", titles, Prefs.get(PREF + "labels", titles[1]));
        } else {
            gd.addDirectoryField("Images", Prefs.get(PREF + "images", ""), 30);
            gd.addDirectoryField("Labels", Prefs.get(PREF + "labels", ""), 30);
        }
        gd.addDirectoryField("Out (new run folder)", Prefs.get(PREF + "out", ""), 30);
        gd.addNumericField("Minutes (0 = until the iterations are done)", Prefs.get(PREF + "minutes", 0), 1);
        gd.addNumericField("Iterations", Prefs.get(PREF + "iterations", 5000), 0);
        gd.addNumericField("Base (network width: channels of the first level)", Prefs.get(PREF + "base", 64), 0);
        gd.addNumericField("Depth (poolings)", Prefs.get(PREF + "depth", 4), 0);
        gd.addStringField("Tile (auto or a size)", Prefs.get(PREF + "tile", "auto"), 8);
        gd.addChoice("Augment", new String[] {"none", "light", "paper", "strong"}, Prefs.get(PREF + "augment", "paper"));
        gd.addNumericField("W0 (border weight)", Prefs.get(PREF + "w0", 10), 1);
        gd.addNumericField("Sigma (border width, px)", Prefs.get(PREF + "sigma", 5), 1);
        gd.addCheckbox("Advanced options (learning rate, seed, validation, resume)", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String images = titles.length >= 2 ? gd.getNextChoice() : gd.getNextString().trim();
        String labels = titles.length >= 2 ? gd.getNextChoice() : gd.getNextString().trim();
        String out = gd.getNextString().trim();
        double minutes = gd.getNextNumber();
        int iterations = (int) gd.getNextNumber();
        int base = (int) gd.getNextNumber();
        int depth = (int) gd.getNextNumber();
        int tile = new MacroOptions("tile=" + gd.getNextString().trim()).tile("tile");
        String augment = gd.getNextChoice();
        double w0 = gd.getNextNumber();
        double sigma = gd.getNextNumber();
        boolean advanced = gd.getNextBoolean();
        double lr = Double.NaN;
        long seed = 1;
        int validate = 0;
        String resume = "";
        if (advanced) {
            GenericDialog ad = new GenericDialog("unet4j Train: advanced");
            ad.addStringField("Lr (learning rate, auto = 0.01 with SGD)", "auto", 8);
            ad.addNumericField("Seed", 1, 0);
            ad.addNumericField("Validate (every N iterations, 0 = 500)", 0, 0);
            ad.addDirectoryField("Resume (a stopped run, optional)", "", 30);
            ad.showDialog();
            if (ad.wasCanceled()) {
                return null;
            }
            lr = new MacroOptions("lr=" + ad.getNextString().trim()).numberOrAuto("lr");
            seed = (long) ad.getNextNumber();
            validate = (int) ad.getNextNumber();
            resume = ad.getNextString().trim();
        }
        Prefs.set(PREF + "images", images);
        Prefs.set(PREF + "labels", labels);
        Prefs.set(PREF + "out", out);
        Prefs.set(PREF + "minutes", minutes);
        Prefs.set(PREF + "iterations", iterations);
        Prefs.set(PREF + "base", base);
        Prefs.set(PREF + "depth", depth);
        Prefs.set(PREF + "tile", tile == 0 ? "auto" : Integer.toString(tile));
        Prefs.set(PREF + "augment", augment);
        Prefs.set(PREF + "w0", w0);
        Prefs.set(PREF + "sigma", sigma);
        return new TrainParams(images, labels, out, minutes, iterations, base, depth, tile, augment, w0, sigma, lr, seed, validate, resume);
    }
}
