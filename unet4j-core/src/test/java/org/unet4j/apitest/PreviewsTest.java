package org.unet4j.apitest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.api.Previews;
import org.unet4j.api.Samples;
import org.unet4j.augment.AugmentParams;
import org.unet4j.augment.Augmenter;
import org.unet4j.augment.TrainingTile;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.ClassWeights;
import org.unet4j.loss.Target;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.loss.WeightMaps;
import org.unet4j.train.Blobs;

/**
 * {@link Previews} through the public API: the values equal those {@code unet weights} and {@code
 * unet augment} compute (the reference below repeats WeightsCommand's and AugmentCommand's calls).
 */
class PreviewsTest {
    @Test
    void theWeightMapIsThatOfUnetWeights() {
        LabelImage ids = Blobs.samples(1, 64, 5).get(0).instances();
        for (WeightMapParams p : List.of(WeightMapParams.paper(), new WeightMapParams(5, 3, ClassWeightMode.SQRT, Target.CONTOURS),
                new WeightMapParams(10, 5, ClassWeightMode.NONE))) {
            Previews.WeightMap m = Previews.weightMap(ids, p, Previews.LabelKind.AUTO);
            assertThat(m.binary()).isFalse();
            float[] expected = unetWeights(ids, false, p);
            assertThat(m.weights()).isEqualTo(expected);
            for (int i = 0; i < expected.length; i++) {
                assertThat(m.classTerm()[i] + m.borderTerm()[i]).isCloseTo(expected[i], offset(1e-4f));
            }
            assertThat(m.objectCount()).isGreaterThan(1);
        }
        Previews.WeightMap paper = Previews.weightMap(ids, WeightMapParams.paper());
        assertThat(max(paper.borderTerm())).isGreaterThan(1f); // the gaps between touching blobs
        assertThat(paper.classWeights()).hasSize(2);
    }

    @Test
    void aBinaryMaskIsReadAsOneAndItsComponentsAreTheObjects() {
        LabelImage ids = Blobs.samples(1, 64, 6).get(0).instances();
        int[] mask = new int[ids.labels().length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = ids.labels()[i] > 0 ? 255 : 0;
        }
        LabelImage binary = new LabelImage(64, 64, mask);
        Previews.WeightMap m = Previews.weightMap(binary, WeightMapParams.paper(), null);
        assertThat(m.binary()).isTrue();
        assertThat(m.weights()).isEqualTo(unetWeights(binary, true, WeightMapParams.paper()));
        assertThat(Previews.weightMap(ids, WeightMapParams.paper(), Previews.LabelKind.BINARY).weights()).isEqualTo(m.weights());
        assertThatThrownBy(() -> Previews.weightMap(binary, WeightMapParams.paper().withTarget(Target.CONTOURS)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("instance labels").message().doesNotContain("\n");
        int[] negative = mask.clone();
        negative[3] = -2;
        assertThatThrownBy(() -> Previews.weightMap(new LabelImage(64, 64, negative), WeightMapParams.paper()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("-2");
    }

    @Test
    void augmentedTilesAreThoseOfUnetAugment() {
        List<SegmentationSample> samples = Blobs.samples(2, 64, 7).stream()
                .map(b -> Normalization.DEFAULT.apply(Samples.fromInstances(b.name(), b.image(), b.instances()))).toList();
        AugmentParams paper = AugmentParams.paper();
        List<Previews.Tile> tiles = Previews.augmented(samples, paper, 3, 48, 11);
        Augmenter reference = new Augmenter(paper);
        Random random = new Random(11);
        assertThat(tiles).hasSize(3);
        for (int i = 0; i < 3; i++) {
            TrainingTile t = reference.tile(samples.get(i % 2), 48, 48, random);
            Previews.Tile p = tiles.get(i);
            assertThat(p.name()).isEqualTo(samples.get(i % 2).name());
            assertThat(p.size()).isEqualTo(48);
            assertThat(p.channels()).isEqualTo(1);
            assertThat(p.image()).isEqualTo(t.image().pixels());
            assertThat(p.gray()).isEqualTo(t.image().pixels());
            assertThat(p.classes()).isEqualTo(t.classes().labels());
            assertThat(p.instances()).isEqualTo(t.instances().labels());
            assertThat(p.labels()).isSameAs(p.instances());
        }
        assertThat(Previews.augmented(samples.get(0), paper, 1, 48, 11).get(0).image()).isEqualTo(tiles.get(0).image());

        SegmentationSample classes = Samples.fromClasses("c", new Image(2, 32, 32, new float[2 * 32 * 32]), LabelImage.zeros(32, 32));
        Previews.Tile c = Previews.augmented(classes, AugmentParams.none(), 1, 16, 1).get(0);
        assertThat(c.instances()).isNull();
        assertThat(c.labels()).isSameAs(c.classes());
        assertThat(c.gray()).hasSize(16 * 16);

        assertThatThrownBy(() -> Previews.augmented(samples, paper, 0, 48, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("count 0");
        assertThatThrownBy(() -> Previews.augmented(samples, paper, 1, 4, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tile 4");
        assertThatThrownBy(() -> Previews.augmented(List.of(), paper, 1, 48, 1)).isInstanceOf(InvalidInputException.class);
    }

    /** WeightsCommand's computation: classes from the labels, targets, this image's class weights, the map. */
    private static float[] unetWeights(LabelImage l, boolean binary, WeightMapParams p) {
        int[] classes = new int[l.labels().length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = l.labels()[i] != 0 ? 1 : 0;
        }
        SegmentationSample sample = new SegmentationSample("labels", Image.zeros(1, l.height(), l.width()),
                new LabelImage(l.height(), l.width(), classes), binary ? null : l, null);
        WeightMaps.Targets targets = WeightMaps.targets(sample, p.target());
        return WeightMaps.weights(targets, p, ClassWeights.of(p.classWeights(), targets.classes()));
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
