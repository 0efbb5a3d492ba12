package org.unet4j.fiji;

import ij.Prefs;
import ij.gui.GenericDialog;
import org.unet4j.fiji.bridge.WeightMapRequest;

/**
 * The options of {@code unet4j Weight Map}, as macro keys: {@code w0= sigma= class_weights=
 * target= labels_as=}, with the defaults of {@code unet weights} (10, 5, balanced, classes, auto).
 *
 * @param w0 weight of the border term
 * @param sigma width of the border term in pixels
 * @param classWeights balanced, sqrt or none
 * @param target classes or contours
 * @param labelsAs auto, instances or binary
 */
public record WeightMapOptions(double w0, double sigma, String classWeights, String target, String labelsAs) {
    private static final String PREF = "unet4j.weights.";

    /** The options of a macro call. */
    public static WeightMapOptions parse(MacroOptions o) {
        return new WeightMapOptions(o.number("w0", 10), o.number("sigma", 5), o.text("class_weights", "balanced"), o.text("target",
                "classes"), o.text("labels_as", "auto"));
    }

    /** The request for the engine. */
    WeightMapRequest request() {
        return new WeightMapRequest(w0, sigma, classWeights, target, labelsAs);
    }

    /** The options as a macro line writes them; {@link #parse} of it gives these parameters again. */
    public String toMacro() {
        return "w0=" + MacroOptions.num(w0) + " sigma=" + MacroOptions.num(sigma) + " " + MacroOptions.pair("class_weights", classWeights)
                + " " + MacroOptions.pair("target", target) + " " + MacroOptions.pair("labels_as", labelsAs);
    }

    /** The dialog (with a display only); null when cancelled. */
    static WeightMapOptions dialog() {
        GenericDialog gd = new GenericDialog(WeightMapCommand.COMMAND);
        gd.addMessage("The paper's loss weight map of the current label image (0 = background, one id per object, or a mask).");
        gd.addNumericField("W0 (border weight)", Prefs.get(PREF + "w0", 10), 1);
        gd.addNumericField("Sigma (border width, px)", Prefs.get(PREF + "sigma", 5), 1);
        gd.addChoice("Class_weights", new String[] {"balanced", "sqrt", "none"}, Prefs.get(PREF + "class_weights", "balanced"));
        gd.addChoice("Target", new String[] {"classes", "contours"}, Prefs.get(PREF + "target", "classes"));
        gd.addChoice("Labels_as", new String[] {"auto", "instances", "binary"}, Prefs.get(PREF + "labels_as", "auto"));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        WeightMapOptions p = new WeightMapOptions(gd.getNextNumber(), gd.getNextNumber(), gd.getNextChoice(), gd.getNextChoice(),
                gd.getNextChoice());
        Prefs.set(PREF + "w0", p.w0());
        Prefs.set(PREF + "sigma", p.sigma());
        Prefs.set(PREF + "class_weights", p.classWeights());
        Prefs.set(PREF + "target", p.target());
        Prefs.set(PREF + "labels_as", p.labelsAs());
        return p;
    }
}
