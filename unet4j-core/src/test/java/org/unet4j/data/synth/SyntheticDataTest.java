package org.unet4j.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unet4j.data.Components;
import org.unet4j.data.SegmentationSample;

class SyntheticDataTest {
    @ParameterizedTest
    @EnumSource(SyntheticStyle.class)
    void theSameSeedGivesTheSameSampleAndAnotherSeedAnother(SyntheticStyle style) {
        SyntheticSample a = SyntheticData.generate(style, 96, 112, 42);
        SyntheticSample b = SyntheticData.generate(style, 96, 112, 42);
        SyntheticSample c = SyntheticData.generate(style, 96, 112, 43);
        assertThat(a.image()).isEqualTo(b.image());
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(c.image()).isNotEqualTo(a.image());
        assertThat(c.labels()).isNotEqualTo(a.labels());
        assertThat(a.image().height()).isEqualTo(96);
        assertThat(a.image().width()).isEqualTo(112);
        assertThat(a.image().channels()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SyntheticStyle.class)
    void sampleIOfASetDependsOnlyOnTheSeedAndI(SyntheticStyle style) {
        List<SyntheticSample> three = SyntheticData.generateSet(style, 3, 64, 7);
        List<SyntheticSample> two = SyntheticData.generateSet(style, 2, 64, 7);
        for (int i = 0; i < 2; i++) {
            assertThat(three.get(i).image()).isEqualTo(two.get(i).image());
            assertThat(three.get(i).labels()).isEqualTo(two.get(i).labels());
        }
        SyntheticSample single = SyntheticData.generate(style, 64, SyntheticData.sampleSeed(7, 2));
        assertThat(three.get(2).image()).isEqualTo(single.image());
        assertThat(three.get(2).name()).endsWith("-002");
        assertThat(three.get(0).image()).isNotEqualTo(three.get(1).image());
        assertThat(SyntheticData.generateSet(style, 1, 64, 8).get(0).image()).isNotEqualTo(three.get(0).image());
    }

    @ParameterizedTest
    @EnumSource(SyntheticStyle.class)
    void imagesHoldWholeGrayValuesThatVary(SyntheticStyle style) {
        float[] p = SyntheticData.generate(style, 128, 3).image().pixels();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : p) {
            assertThat(v).isBetween(0f, 255f);
            assertThat(v).isEqualTo((float) Math.rint(v));
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(max - min).isGreaterThan(60);
    }

    @Test
    void cellsAreConsecutiveConnectedInstancesAndManyTouch() {
        for (long seed = 1; seed <= 4; seed++) {
            SyntheticSample s = SyntheticData.generate(SyntheticStyle.CELLS, 192, seed);
            int[] l = s.labels().labels();
            int n = s.labels().max();
            assertThat(n).as("cells in seed %d", seed).isGreaterThan(5);
            int[] pieces = new int[n + 1];
            boolean[] seen = new boolean[n + 1];
            int[] labelling = SyntheticTestSupport.pieces(l, 192, 192);
            for (int i = 0; i < l.length; i++) {
                assertThat(l[i]).isBetween(0, n);
                seen[l[i]] = true;
            }
            // every id present, and exactly one 4-connected piece per id
            for (int id = 1; id <= n; id++) {
                assertThat(seen[id]).as("id %d present", id).isTrue();
            }
            for (int p = 1; p < labelling.length; p++) {
                pieces[labelling[p]]++;
            }
            for (int id = 1; id <= n; id++) {
                assertThat(pieces[id]).as("pieces of id %d (seed %d)", id, seed).isEqualTo(1);
            }
            assertThat(SyntheticTestSupport.touchingPairs(l, 192, 192)).as("touching pairs, seed %d", seed).isGreaterThanOrEqualTo(3);
            double foreground = 1 - SyntheticTestSupport.fraction(l, 0);
            assertThat(foreground).as("cell area fraction, seed %d", seed).isBetween(0.2, 0.65);
        }
    }

    @Test
    void membraneLabelsAreBinaryWithARealisticMembraneFraction() {
        double sum = 0;
        int count = 6;
        for (long seed = 1; seed <= count; seed++) {
            SyntheticSample s = SyntheticData.generate(SyntheticStyle.MEMBRANES, 256, seed);
            for (int v : s.labels().labels()) {
                assertThat(v).isIn(0, 255);
            }
            double membrane = SyntheticTestSupport.fraction(s.labels().labels(), 0);
            assertThat(membrane).as("membrane fraction, seed %d", seed).isBetween(0.13, 0.32);
            sum += membrane;
        }
        // the real ISBI 2012 training slices have 17-27 % membrane pixels
        assertThat(sum / count).isBetween(0.17, 0.27);
    }

    @Test
    void membranesEncloseManyCells() {
        SyntheticSample s = SyntheticData.generate(SyntheticStyle.MEMBRANES, 256, 5);
        boolean[] interior = new boolean[256 * 256];
        int[] l = s.labels().labels();
        for (int i = 0; i < l.length; i++) {
            interior[i] = l[i] == 255;
        }
        int cells = Components.label(interior, 256, 256, Components.Connectivity.FOUR).count();
        assertThat(cells).isGreaterThan(15);
    }

    @Test
    void samplesConvertToTrainingSamples() {
        SegmentationSample cells = SyntheticData.generate(SyntheticStyle.CELLS, 64, 1).toSegmentationSample();
        assertThat(cells.instances()).isNotNull();
        assertThat(cells.classes().max()).isEqualTo(1);
        SegmentationSample membranes = SyntheticData.generate(SyntheticStyle.MEMBRANES, 64, 1).toSegmentationSample();
        assertThat(membranes.instances()).isNull();
        assertThat(membranes.classes().labels()).containsOnly(0, 1);
    }

    @Test
    void theSmallestSizeWorksAndSmallerIsRefused() {
        for (SyntheticStyle style : SyntheticStyle.values()) {
            assertThat(SyntheticData.generate(style, SyntheticData.MIN_SIZE, 1).labels().height()).isEqualTo(16);
            assertThatThrownBy(() -> SyntheticData.generate(style, 15, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("15");
        }
    }
}
