package org.unet4j.fiji;

import ij.plugin.PlugIn;

/**
 * {@code unet4j Weight Map} and {@code unet4j Augmentation Preview}: listed in the menu, but
 * unet4j-core's public API has no weight-map or augmentation-preview call yet, so they say so in
 * one line and point to the command line ({@code unet weights}, {@code unet augment}) meanwhile.
 */
public class NotYetCommand implements PlugIn {
    @Override
    public void run(String arg) {
        String command = "augment".equals(arg) ? "unet4j Augmentation Preview" : "unet4j Weight Map";
        String cli = "augment".equals(arg) ? "unet augment" : "unet weights";
        Ui.fail(command, MacroOptions.bad(command + " needs a call that this unet4j-core's public API does not offer yet; use '" + cli
                + "' on the command line meanwhile"));
    }
}
