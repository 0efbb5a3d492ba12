package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.app.TrainingRun;
import org.unet4j.data.Image;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Normalization;
import org.unet4j.io.Json;
import org.unet4j.loss.Target;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/** Instances of a contour model (background / interior / contour), and the thresholds a model's metadata implies. */
class ContourPostProcessingTest {
    /**
     * Two touching objects (rows 1-3, columns 1-3 and 4-6) whose contours the network drew but whose
     * objects it predicted as one blob: the interiors (2 and 5 of row 2) are apart, the object
     * probability is high over both.
     */
    private static Prediction touching() {
        int h = 5;
        int w = 8;
        float[] bg = new float[h * w];
        float[] in = new float[h * w];
        float[] ct = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean object = y >= 1 && y <= 3 && x >= 1 && x <= 6;
                // interiors of 3 pixels each: seeds under PostProcessing.CONTOUR_MIN_SEED pixels do not count
                boolean interior = object && (x == 2 || x == 5);
                in[i] = interior ? .8f : object ? .1f : 0f;
                ct[i] = interior ? .1f : object ? .8f : .1f;
                bg[i] = 1 - in[i] - ct[i];
            }
        }
        return new Prediction(h, w, new float[][] {bg, in, ct});
    }

    @Test
    void touchingObjectsComeApartByTheirInteriors() {
        PostProcessing post = new PostProcessing(1, PostProcessing.Method.NONE, 0.5, 0.5, 0, Target.CONTOURS);
        PostProcessing.Outputs o = post.apply(touching(), true);
        int[] l = o.instances().labels();
        assertThat(o.instances().max()).isEqualTo(2);
        assertThat(l[2 * 8 + 2]).isEqualTo(1);
        assertThat(l[2 * 8 + 5]).isEqualTo(2);
        assertThat(l[1 * 8 + 1]).as("contour pixel joins the nearest interior").isEqualTo(1);
        assertThat(l[3 * 8 + 6]).isEqualTo(2);
        assertThat(l[0]).as("background stays out").isZero();
        // the object probability, with the line between the two objects set to 0
        assertThat(o.foreground()[0]).isCloseTo(.1f, offset(1e-6f));
        assertThat(o.foreground()[2 * 8 + 2]).isCloseTo(.9f, offset(1e-6f));
        long lines = 0;
        for (int i = 0; i < l.length; i++) {
            lines += o.foreground()[i] == 0f ? 1 : 0;
        }
        assertThat(lines).isEqualTo(3); // one pixel per row of the contact
        // components of the arg-max map merge them: the case this target exists for
        assertThat(Instances.fromPrediction(touching(), 0).max()).isEqualTo(1);
    }

    @Test
    void specksOfInteriorUnderThreePixelsSeedNothing() {
        int h = 5;
        int w = 8;
        float[] bg = new float[h * w];
        float[] in = new float[h * w];
        float[] ct = new float[h * w];
        for (int i = 0; i < h * w; i++) {
            boolean object = i / w >= 1 && i / w <= 3 && i % w >= 1 && i % w <= 6;
            // one nucleus with a seed of 3 pixels (x = 2) and a speck of 2 (x = 5)
            boolean interior = (i % w == 2 && object) || (i % w == 5 && i / w >= 2 && i / w <= 3);
            in[i] = interior ? .9f : object ? .1f : 0f;
            ct[i] = interior ? .05f : object ? .85f : .05f;
            bg[i] = 1 - in[i] - ct[i];
        }
        Prediction p = new Prediction(h, w, new float[][] {bg, in, ct});
        LabelImage one = new PostProcessing(1, PostProcessing.Method.NONE, 0.8, 0.7, 0, Target.CONTOURS).instances(p);
        assertThat(one.max()).as("the speck does not split the nucleus").isEqualTo(1);
        assertThat(one.labels()[2 * w + 5]).isEqualTo(1);
        // a larger min-size raises the smallest seed: here no seed is left
        assertThat(new PostProcessing(1, PostProcessing.Method.NONE, 0.8, 0.7, 4, Target.CONTOURS).instances(p).max()).isZero();
    }

    @Test
    void theModelsMetadataChoosesTargetAndThresholds() {
        ObjectNode contours = metadata("INSTANCES", "CONTOURS");
        PostProcessing c = PostProcessing.forModel(contours, 1, PostProcessing.Method.NONE, null, null, 0);
        assertThat(c.target()).isEqualTo(Target.CONTOURS);
        assertThat(c.seedThreshold()).isEqualTo(PostProcessing.CONTOUR_SEED_THRESHOLD);
        assertThat(c.floodThreshold()).isEqualTo(PostProcessing.CONTOUR_FLOOD_THRESHOLD);
        assertThat(c.describe()).startsWith("contour model: interiors (p > 0.8) grown into objects (p > 0.7), seeds >= 3 px");
        assertThat(PostProcessing.forModel(contours, 1, PostProcessing.Method.NONE, 0.7, 0.3, 0).seedThreshold()).isEqualTo(0.7);

        PostProcessing nuclei = PostProcessing.forModel(metadata("INSTANCES", null), 1, PostProcessing.Method.WATERSHED, null, null, 0);
        assertThat(nuclei.target()).isEqualTo(Target.CLASSES);
        assertThat(nuclei.floodThreshold()).as("objects on a background: the seeds must not flood it").isEqualTo(0.5);
        assertThat(nuclei.seedThreshold()).isEqualTo(0.8);
        PostProcessing membranes = PostProcessing.forModel(metadata("BINARY", "CLASSES"), 1, PostProcessing.Method.WATERSHED, null, null, 0);
        assertThat(membranes.floodThreshold()).isZero();
        assertThat(PostProcessing.forModel(null, 1, PostProcessing.Method.WATERSHED, null, null, 0).floodThreshold()).isZero();
        assertThat(PostProcessing.forModel(metadata("INSTANCES", null), 1, PostProcessing.Method.WATERSHED, 0.3, null, 0).floodThreshold())
                .as("a seed threshold below the objects' flood default floods above half of it rather than refusing").isEqualTo(0.15);
        assertThat(PostProcessing.forModel(metadata("INSTANCES", null), 1, PostProcessing.Method.WATERSHED, null, 0.2, 0).floodThreshold())
                .isEqualTo(0.2);
    }

    @Test
    void theLibrarysSegmenterGrowsTheInteriorsOfAContourModel(@TempDir Path dir) {
        // an untrained three-class model whose config.json says it learnt contours
        Path model = dir.resolve("contours");
        LabelConvention instances = new LabelConvention(LabelConvention.Kind.INSTANCES, 2, null, false, "test");
        try (UNet net = UNet.create(UNetConfig.paper().withDepth(2).withBaseChannels(4).withNumClasses(3))) {
            ModelFiles.save(net, model, TrainingRun.modelMetadata(Normalization.DEFAULT, instances, Target.CONTOURS));
        }
        float[] px = new float[48 * 48];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 37 % 101) / 100f;
        }
        Image image = Image.gray(48, 48, px);
        try (Segmenter seg = Segmenter.open(model, SegmentOptions.defaults())) {
            Segmentation s = seg.segment(image);
            Prediction p = new Prediction(s.height(), s.width(), s.probabilities());
            PostProcessing expected = new PostProcessing(1, PostProcessing.Method.NONE, PostProcessing.CONTOUR_SEED_THRESHOLD,
                    PostProcessing.CONTOUR_FLOOD_THRESHOLD, 0, Target.CONTOURS);
            assertThat(s.numClasses()).isEqualTo(3);
            assertThat(s.instances().labels()).containsExactly(expected.instances(p).labels());
            assertThat(s.foreground()).containsExactly(expected.apply(p, false).foreground());
        }
    }

    @Test
    void badThresholdsAndDamagedModelsAreRefusedInOneLine() {
        assertThatThrownBy(() -> new PostProcessing(1, PostProcessing.Method.NONE, 1.0, 0.5, 0, Target.CONTOURS))
                .isInstanceOf(InvalidInputException.class).hasMessage("seed threshold 1.0 is not a probability in [0, 1); use e.g. 0.8");
        PostProcessing c = new PostProcessing(1, PostProcessing.Method.NONE, 0.5, 0.5, 0, Target.CONTOURS);
        assertThatThrownBy(() -> c.requireClasses(2)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trained on contours but has 2 classes instead of 3");
    }

    private static ObjectNode metadata(String convention, String target) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        ObjectNode labels = m.putObject("labels");
        labels.put("convention", convention);
        if (target != null) {
            labels.put("target", target);
        }
        return m;
    }
}
