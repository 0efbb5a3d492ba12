package org.unet4j.fiji;

import static org.assertj.core.api.Assertions.assertThat;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.api.Previews;
import org.unet4j.api.Samples;
import org.unet4j.augment.AugmentParams;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;

/**
 * {@code unet4j Weight Map} and {@code unet4j Augmentation Preview} through their macro path,
 * headless as {@link FijiCommandsTest} runs the others: the values are the library's ({@link
 * Previews}, the values of {@code unet weights} and {@code unet augment}).
 */
class PreviewCommandsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void batchMode() {
        Ij.batchMode(true);
    }

    @AfterAll
    static void noBatchMode() {
        Ij.batchMode(false);
    }

    @BeforeEach
    void noError() {
        Ui.clearLastError();
    }

    @Test
    void weightMapMakesNameWeightsWithTheValuesOfUnetWeights() {
        ImagePlus labels = Synthetic.labels("cells-labels.tif", 64, 2, 40);
        WeightMapCommand cmd = new WeightMapCommand();
        Ij.run(cmd, "", "w0=10 sigma=5 class_weights=balanced target=classes labels_as=auto", labels);
        assertThat(Ui.lastError()).isNull();
        ImagePlus w = cmd.lastImage();
        assertThat(w.getTitle()).isEqualTo("cells-labels_weights");
        assertThat(w.getBitDepth()).isEqualTo(32);
        assertThat(w.getStackSize()).isEqualTo(2);
        assertThat(w.getProcessor().getLut().getRGB(255) & 0xffffff).isEqualTo(0xffffff); // fire: white at the top
        for (int s = 1; s <= 2; s++) {
            Previews.WeightMap expected = Previews.weightMap(labelImage(labels, s), WeightMapParams.paper(), Previews.LabelKind.AUTO);
            assertThat((float[]) w.getStack().getProcessor(s).getPixels()).isEqualTo(expected.weights());
        }

        WeightMapCommand contours = new WeightMapCommand();
        Ij.run(contours, "", "w0=5 sigma=3 class_weights=sqrt target=contours labels_as=instances", labels);
        assertThat(Ui.lastError()).isNull();
        assertThat((float[]) contours.lastImage().getStack().getProcessor(2).getPixels()).isEqualTo(Previews.weightMap(labelImage(labels,
                2), new WeightMapParams(5, 3, ClassWeightMode.SQRT, Target.CONTOURS), Previews.LabelKind.INSTANCES).weights());
        // the defaults are those of unet weights; the macro line round trips
        WeightMapOptions defaults = WeightMapOptions.parse(new MacroOptions(""));
        assertThat(defaults.toMacro()).isEqualTo("w0=10 sigma=5 class_weights=balanced target=classes labels_as=auto");
        assertThat(WeightMapOptions.parse(new MacroOptions(defaults.toMacro()))).isEqualTo(defaults);

        Ij.run(new WeightMapCommand(), "", "class_weights=median", labels);
        assertThat(Ui.lastError()).isEqualTo("class_weights=median is not known; use balanced, sqrt or none");
        Ui.clearLastError();
        Ij.run(new WeightMapCommand(), "", "target=contours labels_as=binary", labels);
        assertThat(Ui.lastError()).contains("needs instance labels").doesNotContain("\n");
    }

    @Test
    void augmentationPreviewMakesAStackOfImageLabelPairsAsUnetAugment() throws Exception {
        ImagePlus images = Synthetic.image("train.tif", 64, 2, 300);
        ImagePlus labels = Synthetic.labels("train-labels.tif", 64, 2, 300);
        images.show(); // batch mode: kept by ImageJ and found by title
        labels.show();
        try {
            AugmentPreviewCommand cmd = new AugmentPreviewCommand();
            Ij.run(cmd, "", "images=train.tif labels=train-labels.tif count=3 tile=48 seed=5 augment=paper", null);
            assertThat(Ui.lastError()).isNull();
            ImagePlus out = cmd.lastImage();
            assertThat(out.getTitle()).isEqualTo("train_augmented");
            assertThat(out).isInstanceOf(CompositeImage.class);
            assertThat(out.getNChannels()).isEqualTo(2);
            assertThat(out.getNSlices()).isEqualTo(3);
            assertThat(out.getStackSize()).isEqualTo(6);
            assertThat(out.getWidth()).isEqualTo(48);

            // the library on the same samples (raw images, instance labels, normalised as unet augment does)
            List<SegmentationSample> samples = new ArrayList<>();
            for (int s = 1; s <= 2; s++) {
                float[] px = (float[]) images.getStack().getProcessor(s).getPixels();
                samples.add(Normalization.DEFAULT.apply(Samples.fromInstances("s" + s, Image.gray(64, 64, px.clone()), labelImage(labels, s))));
            }
            List<Previews.Tile> expected = Previews.augmented(samples, AugmentParams.paper(), 3, 48, 5);
            for (int i = 0; i < 3; i++) {
                assertThat((float[]) out.getStack().getProcessor(2 * i + 1).getPixels()).isEqualTo(expected.get(i).gray());
                assertThat(ints(out.getStack().getProcessor(2 * i + 2))).isEqualTo(expected.get(i).labels());
            }
            assertThat(out.getStack().getSliceLabel(2)).endsWith("#1 objects");

            // files instead of windows: the same tiles
            Path imageFile = tmp.resolve("train.tif");
            Path labelFile = tmp.resolve("train-labels.tif");
            assertThat(new FileSaver(images.duplicate()).saveAsTiffStack(imageFile.toString())).isTrue();
            assertThat(new FileSaver(labels.duplicate()).saveAsTiffStack(labelFile.toString())).isTrue();
            AugmentPreviewCommand files = new AugmentPreviewCommand();
            Ij.run(files, "", "images=[" + imageFile + "] labels=[" + labelFile + "] count=3 tile=48 seed=5", null);
            assertThat(Ui.lastError()).isNull();
            assertThat((float[]) files.lastImage().getStack().getProcessor(5).getPixels()).isEqualTo(expected.get(2).gray());

            AugmentPreviewParams defaults = AugmentPreviewParams.parse(new MacroOptions("images=a labels=b"));
            assertThat(defaults.toMacro()).isEqualTo("images=a labels=b count=12 tile=256 seed=1 augment=paper");
            assertThat(AugmentPreviewParams.parse(new MacroOptions(defaults.toMacro()))).isEqualTo(defaults);

            Ij.run(new AugmentPreviewCommand(), "", "images=train.tif labels=train-labels.tif count=0", null);
            assertThat(Ui.lastError()).isEqualTo("count 0 is out of range; use 1 to 1000 tiles");
            Ui.clearLastError();
            Ij.run(new AugmentPreviewCommand(), "", "images=train.tif labels=nothing-open", null);
            assertThat(Ui.lastError()).isEqualTo("labels=nothing-open is neither an open image nor a file or folder; give a window title or a path");
        } finally {
            images.close();
            labels.close();
        }
    }

    private static LabelImage labelImage(ImagePlus labels, int slice) {
        return new LabelImage(labels.getHeight(), labels.getWidth(), ints(labels.getStack().getProcessor(slice)));
    }

    private static int[] ints(ImageProcessor ip) {
        int[] v = new int[ip.getPixelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(ip.getf(i));
        }
        return v;
    }
}
