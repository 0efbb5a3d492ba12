package org.unet4j.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.fiji.bridge.Listener;
import org.unet4j.fiji.bridge.SegmentResult;
import org.unet4j.fiji.loader.EngineLoader;

/**
 * {@code unet4j Segment}: segments the current image or stack with a trained model, as {@code unet
 * predict} does. Makes {@code NAME_prob} (32-bit, classes as channels), {@code NAME_labels}
 * (8-bit classes), {@code NAME_fg} (two-class models: the foreground probability), with {@code
 * instances} {@code NAME_instances} (16-bit ids, a glasbey-like LUT) and with {@code rois} one ROI
 * per instance in the ROI Manager (headless: an overlay of NAME_instances). The source is only read.
 *
 * <pre>run("unet4j Segment", "model=[/path/to/run] tile=auto tta instances");</pre>
 */
public class SegmentCommand implements PlugIn {
    /** The command's name in ImageJ's menus. */
    public static final String COMMAND = "unet4j Segment";

    /**
     * What a run produced.
     *
     * @param prob NAME_prob
     * @param labels NAME_labels
     * @param foreground NAME_fg, null unless the model has two classes
     * @param instances NAME_instances, null unless asked for
     * @param rois one per instance, empty unless asked for
     * @param model one line about the model
     */
    public record Result(ImagePlus prob, ImagePlus labels, ImagePlus foreground, ImagePlus instances, List<Roi> rois, String model) {
        /** The images made, in the order they are shown. */
        public List<ImagePlus> images() {
            List<ImagePlus> all = new ArrayList<>();
            for (ImagePlus imp : new ImagePlus[] {prob, foreground, labels, instances}) {
                if (imp != null) {
                    all.add(imp);
                }
            }
            return all;
        }
    }

    private Result last;

    @Override
    public void run(String arg) {
        last = null;
        try {
            ImagePlus imp = Ui.currentImage("open the image to segment first");
            SegmentParams params = Ui.options(SegmentParams::parse, SegmentParams::dialog);
            if (params == null) {
                return;
            }
            Result r = segment(imp, params, Ui.progress(COMMAND));
            for (ImagePlus out : r.images()) {
                Ui.show(out);
            }
            if (!r.rois().isEmpty()) {
                addRois(r);
            }
            IJ.showProgress(1.0);
            IJ.showStatus(COMMAND + ": " + r.model());
            last = r;
        } catch (RuntimeException e) {
            Ui.fail(COMMAND, e);
        }
    }

    /** The result of the last {@link #run} of this instance, null if it failed or was cancelled. */
    public Result lastResult() {
        return last;
    }

    /** Segments {@code imp} (not shown; nothing is changed in {@code imp}). */
    public static Result segment(ImagePlus imp, SegmentParams p, Listener listener) {
        if (p.model() == null) {
            throw MacroOptions.bad("model= is missing; give a run folder of unet train, a model folder or a bioimage.io package");
        }
        SegmentResult s = EngineLoader.engine().segment(p.request(), ImageConversion.planes(imp), listener);
        String name = Ui.baseName(imp.getTitle());
        int w = s.width();
        int h = s.height();
        ImagePlus prob = ImageConversion.floats(name + "_prob", w, h, s.probabilities(), imp);
        ImagePlus labels = ImageConversion.ints(name + "_labels", w, h, s.labels(), false, imp);
        ImagePlus fg = null;
        if (s.numClasses() == 2) {
            float[][][] maps = new float[s.foreground().length][][];
            for (int i = 0; i < maps.length; i++) {
                maps[i] = new float[][] {s.foreground()[i]};
            }
            fg = ImageConversion.floats(name + "_fg", w, h, maps, imp);
        }
        ImagePlus instances = null;
        List<Roi> rois = List.of();
        if (s.instances() != null) {
            instances = ImageConversion.ints(name + "_instances", w, h, s.instances(), true, imp);
            instances.setLut(ImageConversion.glasbey());
            instances.getProcessor().setMinAndMax(0, 255);
            if (p.rois()) {
                rois = InstanceRois.of(s.instances(), w, h);
            }
        }
        return new Result(prob, labels, fg, instances, rois, s.model());
    }

    /** The ROIs into the ROI Manager; headless (no ROI Manager without a display) as an overlay of NAME_instances. */
    private static void addRois(Result r) {
        if (GraphicsEnvironment.isHeadless()) {
            Overlay o = new Overlay();
            r.rois().forEach(o::add);
            r.instances().setOverlay(o);
            IJ.log(COMMAND + ": " + r.rois().size() + " ROIs as the overlay of " + r.instances().getTitle() + " (no ROI Manager headless)");
            return;
        }
        RoiManager rm = RoiManager.getRoiManager();
        for (Roi roi : r.rois()) {
            rm.addRoi(roi);
        }
    }
}
