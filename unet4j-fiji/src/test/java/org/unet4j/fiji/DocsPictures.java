package org.unet4j.fiji;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.fiji.bridge.Listener;
import org.unet4j.fiji.bridge.TrainOutcome;

/**
 * Renders the pictures of docs/FIJI.md headless, with the commands themselves: a first training
 * from two open images ({@code docs/fiji-train.png}, the learning curves), a first segmentation
 * ({@code docs/fiji-segment.png}: the image, {@code NAME_fg}, {@code NAME_instances} with its
 * LUT and ROIs, each {@link ImagePlus#flatten()}ed), a weight map ({@code docs/fiji-weights.png})
 * and an augmentation preview ({@code docs/fiji-augment.png}). Synthetic cells, a small network
 * (400 iterations: minutes on two cores; a second argument reuses a run folder made so and keeps
 * fiji-train.png). Run after {@code mvn -pl unet4j-fiji verify}:
 *
 * <pre>
 * cd unet4j-fiji &amp;&amp; mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Djava.awt.headless=true -Dunet4j.engine.classpath=true -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.unet4j.fiji.DocsPictures ../docs
 * </pre>
 */
public final class DocsPictures {
    private static final int GAP = 6;
    private static final int CAPTION = 18;

    private DocsPictures() {
    }

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(docs);
        Ij.batchMode(true);
        Path work = Files.createTempDirectory("unet4j-docs");
        ImagePlus images = Synthetic.image("cells.tif", 128, 3, 700);
        ImagePlus labels = Synthetic.labels("cells-labels.tif", 128, 3, 700);
        images.show();
        labels.show();

        // a first training from two open images (the last slice validates); args[1]: reuse a run made so before
        Path run = args.length > 1 ? Path.of(args[1]) : work.resolve("run");
        if (args.length < 2) {
            TrainCurves curves = new TrainCurves(false);
            TrainOutcome o = TrainCommand.train(TrainParams.parse(new MacroOptions("images=cells.tif labels=cells-labels.tif out=[" + run
                    + "] iterations=400 base=8 depth=2 tile=124 augment=paper validate=50 seed=1")), Listener.NONE, curves);
            System.out.println(o.summary() + " in " + run);
            save(curves.plot().getImagePlus().flatten(), docs.resolve("fiji-train.png"));
        }

        // a first segmentation of a new image
        ImagePlus test = Synthetic.image("new-cells.tif", 128, 1, 900);
        SegmentCommand.Result r = SegmentCommand.segment(test, SegmentParams.parse(new MacroOptions("model=[" + run
                + "] tile=124 postprocess=watershed instances rois")), Listener.NONE);
        Overlay rois = new Overlay();
        for (Roi roi : r.rois()) {
            Roi copy = (Roi) roi.clone();
            copy.setStrokeColor(Color.YELLOW);
            rois.add(copy);
        }
        ImagePlus withRois = test.duplicate();
        withRois.setOverlay(rois);
        r.foreground().setLut(ij.process.LUT.createLutFromColor(Color.white));
        save(row(List.of(flat(test), flat(r.foreground()), flat(r.instances()), flat(withRois)), List.of("new-cells.tif",
                "new-cells_fg", "new-cells_instances", r.rois().size() + " ROIs")), docs.resolve("fiji-segment.png"));

        // the weight map of a label image
        ImagePlus oneLabel = new ImagePlus("cells-labels.tif", labels.getStack().getProcessor(1).duplicate());
        ImagePlus weights = WeightMapCommand.weightMap(oneLabel, WeightMapOptions.parse(new MacroOptions("")));
        ImagePlus shownLabels = oneLabel.duplicate();
        shownLabels.setLut(ImageConversion.glasbey());
        shownLabels.setDisplayRange(0, 255);
        save(row(List.of(bigger(flat(shownLabels)), bigger(flat(weights))), List.of("cells-labels.tif", "cells-labels_weights")),
                docs.resolve("fiji-weights.png"));

        // an augmentation preview: image and image + labels of four tiles
        ImagePlus aug = AugmentPreviewCommand.preview(AugmentPreviewParams.parse(new MacroOptions(
                "images=cells.tif labels=cells-labels.tif count=4 tile=96 seed=3 augment=paper")));
        List<ImageProcessor> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        CompositeImage c = (CompositeImage) aug;
        for (int i = 1; i <= 4; i++) {
            ij.ImageStack pair = new ij.ImageStack(96, 96);
            pair.addSlice(aug.getStack().getProcessor(2 * i - 1).duplicate());
            pair.addSlice(aug.getStack().getProcessor(2 * i).duplicate());
            ImagePlus two = new ImagePlus(aug.getStack().getSliceLabel(2 * i - 1), pair);
            two.setDimensions(2, 1, 1);
            CompositeImage shown = new CompositeImage(two, IJ.COMPOSITE);
            shown.setLuts(c.getLuts());
            ImagePlus gray = new ImagePlus("gray", pair.getProcessor(1).duplicate());
            gray.setDisplayRange(c.getLuts()[0].min, c.getLuts()[0].max);
            tiles.add(flat(gray));
            tiles.add(flat(shown));
            captions.add("tile " + i);
            captions.add("+ its objects");
        }
        save(rowOf(tiles, captions), docs.resolve("fiji-augment.png"));
        images.close();
        labels.close();
        System.exit(0); // the engine's native threads
    }

    private static ImageProcessor flat(ImagePlus imp) {
        return imp.flatten().getProcessor();
    }

    private static ImageProcessor bigger(ImageProcessor ip) {
        ip.setInterpolationMethod(ImageProcessor.NONE);
        return ip.resize(ip.getWidth() * 3 / 2);
    }

    private static ImagePlus row(List<ImageProcessor> pictures, List<String> captions) {
        return rowOf(pictures, captions);
    }

    /** The pictures side by side on white, each with its caption above. */
    private static ImagePlus rowOf(List<ImageProcessor> pictures, List<String> captions) {
        int w = GAP;
        int h = 0;
        for (ImageProcessor p : pictures) {
            w += p.getWidth() + GAP;
            h = Math.max(h, p.getHeight());
        }
        ColorProcessor out = new ColorProcessor(w, h + CAPTION + 2 * GAP);
        out.setColor(Color.WHITE);
        out.fill();
        out.setColor(Color.BLACK);
        out.setFont(new Font("SansSerif", Font.PLAIN, 12));
        out.setAntialiasedText(true);
        int x = GAP;
        for (int i = 0; i < pictures.size(); i++) {
            ImageProcessor p = pictures.get(i).convertToRGB();
            out.drawString(captions.get(i), x, GAP + CAPTION - 4);
            out.insert(p, x, GAP + CAPTION);
            x += p.getWidth() + GAP;
        }
        return new ImagePlus("picture", out);
    }

    private static void save(ImagePlus imp, Path file) {
        if (!new FileSaver(imp).saveAsPng(file.toString())) {
            throw new IllegalStateException("cannot write " + file);
        }
        System.out.println("wrote " + file + " (" + file.toFile().length() / 1024 + " KB)");
    }
}
