package org.unet4j.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.LutLoader;
import ij.plugin.PlugIn;
import ij.process.LUT;
import org.unet4j.fiji.bridge.WeightMapResult;
import org.unet4j.fiji.loader.EngineLoader;

/**
 * {@code unet4j Weight Map}: the paper's loss weight map of the current label image (every slice),
 * as {@code unet weights} computes it and training weighs the loss: class-balancing weights plus a
 * border term high in the gaps between nearby objects (touching instances are parted by
 * separation borders first). Makes {@code NAME_weights}, 32-bit with the fire LUT; the source is
 * only read.
 *
 * <pre>run("unet4j Weight Map", "w0=10 sigma=5 class_weights=balanced target=classes labels_as=auto");</pre>
 */
public class WeightMapCommand implements PlugIn {
    /** The command's name in ImageJ's menus. */
    public static final String COMMAND = "unet4j Weight Map";

    private ImagePlus last;

    @Override
    public void run(String arg) {
        last = null;
        try {
            ImagePlus imp = Ui.currentImage("open the label image first (0 = background, one id per object, or a mask)");
            WeightMapOptions p = Ui.options(WeightMapOptions::parse, WeightMapOptions::dialog);
            if (p == null) {
                return;
            }
            ImagePlus out = weightMap(imp, p);
            Ui.show(out);
            IJ.showStatus(COMMAND + ": " + out.getTitle());
            last = out;
        } catch (RuntimeException e) {
            Ui.fail(COMMAND, e);
        }
    }

    /** The image of the last {@link #run} of this instance, null if it failed. */
    public ImagePlus lastImage() {
        return last;
    }

    /** The weight maps of {@code labels} as {@code NAME_weights} (not shown; {@code labels} is not changed); a log line per slice. */
    public static ImagePlus weightMap(ImagePlus labels, WeightMapOptions p) {
        WeightMapResult r = EngineLoader.engine().weightMap(p.request(), ImageConversion.labels(labels), labels.getHeight(),
                labels.getWidth());
        float[][][] maps = new float[r.weights().length][][];
        float max = 0;
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new float[][] {r.weights()[i]};
            for (float v : r.weights()[i]) {
                max = Math.max(max, v);
            }
            IJ.log(COMMAND + ": " + labels.getTitle() + (maps.length > 1 ? " slice " + (i + 1) : "") + ": " + r.summaries()[i]);
        }
        ImagePlus out = ImageConversion.floats(Ui.baseName(labels.getTitle()) + "_weights", r.width(), r.height(), maps, labels);
        out.setLut(new LUT(LutLoader.getLut("fire"), 0, max));
        out.setDisplayRange(0, Math.max(max, 1e-6));
        return out;
    }
}
