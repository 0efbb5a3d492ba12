package org.unet4j.fiji;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;
import ij.process.LUT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unet4j.fiji.bridge.AugmentRequest;
import org.unet4j.fiji.bridge.AugmentResult;
import org.unet4j.fiji.loader.EngineLoader;

/**
 * {@code unet4j Augmentation Preview}: training tiles drawn and augmented exactly as training (and
 * {@code unet augment}) draws them, from an open image/stack and its labels or from folders, to
 * check that deformations look plausible and labels stay on their objects before training. Makes
 * {@code NAME_augmented}: a 32-bit stack of image/label pairs (a two-channel hyperstack: channel 1
 * the augmented image, the mean over its channels, normalised as training normalises it; channel
 * 2 its labels, object ids or classes, in a glasbey-like LUT), one slice per tile.
 *
 * <pre>run("unet4j Augmentation Preview", "images=cells.tif labels=cells-labels.tif count=12 tile=256 seed=1 augment=paper");</pre>
 */
public class AugmentPreviewCommand implements PlugIn {
    /** The command's name in ImageJ's menus. */
    public static final String COMMAND = "unet4j Augmentation Preview";

    private ImagePlus last;

    @Override
    public void run(String arg) {
        last = null;
        try {
            AugmentPreviewParams p = Ui.options(AugmentPreviewParams::parse, AugmentPreviewParams::dialog);
            if (p == null) {
                return;
            }
            IJ.showStatus(COMMAND + ": drawing " + p.count() + " tiles");
            ImagePlus out = preview(p);
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

    /** The preview stack {@code NAME_augmented} (not shown); open images named in {@code images=}/{@code labels=} are only read. */
    public static ImagePlus preview(AugmentPreviewParams p) {
        Path tmp = null;
        AugmentResult r;
        try {
            tmp = Files.createTempDirectory("unet4j-augment");
            Path images = TrainCommand.input("images", p.images(), tmp);
            Path labels = TrainCommand.input("labels", p.labels(), tmp);
            r = EngineLoader.engine().augment(new AugmentRequest(images, labels, p.count(), p.tile(), p.seed(), p.augment()));
        } catch (IOException e) {
            throw MacroOptions.bad("cannot create a temporary folder (" + e.getMessage() + "); free some disk space");
        } finally {
            TrainCommand.delete(tmp);
        }
        IJ.log(COMMAND + ": " + r.summary());
        return stack(name(p.images()) + "_augmented", r);
    }

    /** The pairs as a two-channel hyperstack: gray image, labels in a glasbey-like LUT. */
    static ImagePlus stack(String title, AugmentResult r) {
        int n = r.images().length;
        int s = r.size();
        ImageStack stack = new ImageStack(s, s);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float[] gray = r.images()[i];
            for (float v : gray) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float[] labels = new float[s * s];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = r.labels()[i][k];
            }
            stack.addSlice(r.names()[i] + " #" + (i + 1) + " image", new FloatProcessor(s, s, gray.clone()));
            stack.addSlice(r.names()[i] + " #" + (i + 1) + (r.instances() ? " objects" : " classes"), new FloatProcessor(s, s, labels));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(2, n, 1);
        CompositeImage c = new CompositeImage(imp, IJ.COMPOSITE);
        LUT gray = LUT.createLutFromColor(java.awt.Color.white);
        gray.min = lo;
        gray.max = hi > lo ? hi : lo + 1;
        LUT ids = ImageConversion.glasbey();
        ids.min = 0;
        ids.max = 255;
        c.setLuts(new LUT[] {gray, ids});
        c.setMode(IJ.COLOR);
        return c;
    }

    /** The base name of a window title or a path. */
    private static String name(String value) {
        if (WindowManager.getImage(value) == null) {
            Path file = Path.of(value).getFileName();
            if (file != null) {
                return Ui.baseName(file.toString());
            }
        }
        return Ui.baseName(value);
    }
}
