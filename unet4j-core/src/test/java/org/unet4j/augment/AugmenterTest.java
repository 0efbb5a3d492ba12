package org.unet4j.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.augment.AugmentParams.Flips;
import org.unet4j.data.Components;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Mirror;
import org.unet4j.data.SegmentationSample;

class AugmenterTest {
    /** Elastic 3x3 sigma 10, any rotation, flips, scaling, a shift: every geometric transform, no gray values. */
    private static final AugmentParams GEOMETRY = new AugmentParams(3, 10, 180, Flips.DIHEDRAL, 3, 0.15, 0, 0, 0, 0, 0);

    private static final List<AugmentParams> ALL_GEOMETRIC = List.of(
            GEOMETRY,
            new AugmentParams(3, 10, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0),
            new AugmentParams(5, 20, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0),
            new AugmentParams(3, 0, 180, Flips.NONE, 0, 0, 0, 0, 0, 0, 0),
            new AugmentParams(3, 0, 0, Flips.DIHEDRAL, 0, 0, 0, 0, 0, 0, 0),
            new AugmentParams(3, 0, 0, Flips.NONE, 7.5, 0, 0, 0, 0, 0, 0),
            new AugmentParams(3, 0, 0, Flips.NONE, 0, 0.3, 0, 0, 0, 0, 0));

    @Test
    void sigmaZeroAndNothingElseGivesTheInputExactly() {
        SegmentationSample s = Samples.noise(2, 40, 50, 1);
        AugmentParams sigmaZero = new AugmentParams(3, 0, 0, Flips.NONE, 0, 0, 0, 0, 0, 0, 0);
        SegmentationSample out = new Augmenter(sigmaZero).augment(s, new Random(7));
        assertThat(out.image()).isEqualTo(s.image());
        assertThat(out.classes()).isEqualTo(s.classes());
        assertThat(out.instances()).isEqualTo(s.instances());
        assertThat(out.weights()).containsExactly(s.weights());
    }

    @Test
    void bicubicPathIsExactOnAZeroDisplacementField() {
        SegmentationSample s = Samples.noise(1, 33, 47, 2);
        ElasticField zero = ElasticField.of(3, new double[9], new double[9], 33, 47);
        CoordinateMap map = new CoordinateMap(33, 47, 16, 23, new double[] {1, 0, 0, 1}, zero);
        assertThat(map.isIntegral()).isFalse();
        Resampler.Result r = Resampler.resample(s, map, 0);
        assertThat(r.image()).isEqualTo(s.image());
        assertThat(r.classes()).isEqualTo(s.classes());
    }

    @Test
    void plainTileIsTheMirrorExtendedWindow() {
        SegmentationSample s = Samples.noise(1, 30, 20, 3);
        Augmenter none = new Augmenter(AugmentParams.none());
        for (int seed = 0; seed < 10; seed++) {
            TrainingTile t = none.tile(s, 92, 60, new Random(seed));
            int halo = 16;
            assertThat(t.halo()).isEqualTo(halo);
            assertThat(t.image()).isEqualTo(Mirror.window(s.image(), t.originY() - halo, t.originX() - halo, 92, 92));
            assertThat(t.classes()).isEqualTo(Mirror.window(s.classes(), t.originY(), t.originX(), 60, 60));
            assertThat(t.instances()).isEqualTo(Mirror.window(s.instances(), t.originY(), t.originX(), 60, 60));
        }
    }

    @Test
    void bordersAreMirroredNeverZero() {
        // a smooth image with values in [8, 12]: bicubic resampling cannot leave that range by much,
        // so any zero (or other) fill outside the image would show
        int h = 20;
        int w = 30;
        float[] px = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (float) (10 + Math.sin(x / 5.0) + Math.cos(y / 7.0));
            }
        }
        SegmentationSample s = new SegmentationSample("smooth", Image.gray(h, w, px), LabelImage.zeros(h, w), null, null);
        Augmenter a = new Augmenter(GEOMETRY);
        for (int seed = 0; seed < 20; seed++) {
            TrainingTile t = a.tile(s, 124, 84, new Random(seed));
            for (float v : t.image().pixels()) {
                assertThat(v).isBetween(7.5f, 12.5f);
            }
        }
    }

    @Test
    void deformationNeverCreatesNewLabelValues() {
        SegmentationSample s = Samples.withIgnore(Samples.noise(1, 48, 48, 6), 10, 20, 5, 40);
        Set<Integer> classes = values(s.classes());
        Set<Integer> ids = values(s.instances());
        Augmenter a = new Augmenter(AugmentParams.Preset.STRONG.params());
        for (int seed = 0; seed < 20; seed++) {
            TrainingTile t = a.tile(s, 80, 40, new Random(seed));
            assertThat(classes).containsAll(values(t.classes()));
            assertThat(ids).containsAll(values(t.instances()));
        }
    }

    @Test
    void instanceIdsStayWhole() {
        SegmentationSample s = Samples.disks(240, 240, 30, 7);
        Augmenter a = new Augmenter(GEOMETRY);
        int checked = 0;
        for (int seed = 0; seed < 10; seed++) {
            // a centred window whose transformed footprint stays inside the image: no mirrored copies of objects
            TrainingTile t = a.tileAt(s, 60, 60, 120, 120, new Random(seed));
            LabelImage ids = t.instances();
            for (int id : values(ids)) {
                if (id == 0 || touchesBorder(ids, id)) {
                    continue;
                }
                boolean[] mask = new boolean[ids.labels().length];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = ids.labels()[i] == id;
                }
                // 8-connected: nearest-neighbour sampling of a rotated pixel staircase leaves diagonal steps
                assertThat(Components.label(mask, ids.height(), ids.width(), Components.Connectivity.EIGHT).count())
                        .as("components of id %d, seed %d", id, seed).isEqualTo(1);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void imageAndLabelsStayAligned() {
        SegmentationSample s = Samples.withIgnore(Samples.disks(200, 200, 26, 8), 150, 170, 20, 90);
        for (AugmentParams p : ALL_GEOMETRIC) {
            Augmenter a = new Augmenter(p);
            for (int seed = 0; seed < 5; seed++) {
                TrainingTile t = a.tile(s, 132, 92, new Random(seed));
                assertThat(misaligned(t, 0, 0)).as("%s seed %d", p.describe(), seed).isZero();
                for (int i = 0; i < t.weights().length; i++) {
                    assertThat(t.weights()[i]).isEqualTo(Samples.weightOf(t.classes().labels()[i]));
                }
            }
        }
        // the check has power: labels one pixel off are caught
        TrainingTile t = new Augmenter(GEOMETRY).tile(s, 132, 92, new Random(1));
        assertThat(misaligned(t, 1, 0)).isGreaterThan(50);
    }

    /**
     * Output pixels where the image (100 inside disks, 0 outside, bicubic) disagrees with the class
     * label shifted by (dy, dx). Nearest neighbour takes a label from the source pixel whose cell
     * holds the position, where the bicubic value is above 50 on that pixel's side of a straight
     * edge; at the corners of a pixel staircase it can come to about 30 (a lone corner pixel
     * contributes 0.5625^2 of its value at its cell's corner, less the negative lobes of its
     * neighbours), hence the slack: class 1 needs a value above 20, class 0 one below 80.
     */
    private static int misaligned(TrainingTile t, int dy, int dx) {
        int n = t.outputSize();
        int halo = t.halo();
        int bad = 0;
        for (int y = 1; y < n - 1; y++) {
            for (int x = 1; x < n - 1; x++) {
                int cls = t.classes().get(y + dy, x + dx);
                float v = t.image().get(0, y + halo, x + halo);
                if (cls == 1 && v < 20 || cls == 0 && v > 80) {
                    bad++;
                }
            }
        }
        return bad;
    }

    @Test
    void ignoreStaysIgnore() {
        SegmentationSample s = Samples.withIgnore(Samples.disks(120, 120, 30, 9), 0, 120, 0, 60);
        TrainingTile t = new Augmenter(AugmentParams.none()).tileAt(s, 10, 10, 40, 40, new Random(1));
        for (int v : t.classes().labels()) {
            assertThat(v).isEqualTo(SegmentationSample.IGNORE);
        }
        TrainingTile r = new Augmenter(GEOMETRY).tile(s, 64, 64, new Random(2));
        int ignored = 0;
        for (int i = 0; i < r.classes().labels().length; i++) {
            if (r.classes().labels()[i] == SegmentationSample.IGNORE) {
                ignored++;
                assertThat(r.weights()[i]).isZero();
            }
        }
        assertThat(ignored).isPositive();
    }

    @Test
    void sameSeedSameTile() {
        SegmentationSample s = Samples.disks(150, 170, 30, 10);
        Augmenter a = new Augmenter(AugmentParams.Preset.STRONG.params());
        TrainingTile t1 = a.tile(s, 100, 60, new Random(42));
        TrainingTile t2 = a.tile(s, 100, 60, new Random(42));
        TrainingTile t3 = a.tile(s, 100, 60, new Random(43));
        assertThat(t2.image()).isEqualTo(t1.image());
        assertThat(t2.classes()).isEqualTo(t1.classes());
        assertThat(t2.instances()).isEqualTo(t1.instances());
        assertThat(t2.weights()).containsExactly(t1.weights());
        assertThat(t3.image()).isNotEqualTo(t1.image());
        TrainingTile s1 = a.tile(s, 100, 60, new SplittableRandom(5));
        TrainingTile s2 = a.tile(s, 100, 60, new SplittableRandom(5));
        assertThat(s2.image()).isEqualTo(s1.image());
    }

    @Test
    void windowsCoverAllValidPositions() {
        Augmenter none = new Augmenter(AugmentParams.none());
        SegmentationSample big = Samples.noise(1, 50, 30, 11);
        SegmentationSample small = Samples.noise(1, 10, 12, 12);
        Set<Integer> ys = new HashSet<>();
        Set<Integer> smallXs = new HashSet<>();
        Random r = new Random(3);
        for (int i = 0; i < 400; i++) {
            TrainingTile t = none.tile(big, 30, 20, r);
            assertThat(t.originY()).isBetween(0, 30);
            assertThat(t.originX()).isBetween(0, 10);
            ys.add(t.originY());
            TrainingTile u = none.tile(small, 20, 20, r);
            assertThat(u.originX()).isBetween(-8, 0);
            smallXs.add(u.originX());
        }
        assertThat(ys).hasSize(31);
        assertThat(smallXs).hasSize(9);
    }

    @Test
    void samePaddingAndMultiChannelImages() {
        SegmentationSample s = Samples.noise(3, 40, 40, 13);
        float[] px = s.image().pixels();
        for (int i = 0; i < 1600; i++) {
            px[1600 + i] = px[i] + 1000;
            px[3200 + i] = px[i] + 2000;
        }
        TrainingTile t = new Augmenter(new AugmentParams(3, 0, 0, Flips.DIHEDRAL, 0, 0, 0, 0, 0, 0, 0))
                .tile(s, 32, 32, new Random(1));
        assertThat(t.halo()).isZero();
        assertThat(t.image().channels()).isEqualTo(3);
        for (int i = 0; i < 32 * 32; i++) {
            assertThat(t.image().pixels()[1024 + i]).isEqualTo(t.image().pixels()[i] + 1000);
            assertThat(t.image().pixels()[2048 + i]).isEqualTo(t.image().pixels()[i] + 2000);
        }
    }

    @Test
    void samplesWithoutInstancesOrWeights() {
        SegmentationSample full = Samples.disks(60, 60, 30, 14);
        SegmentationSample bare = new SegmentationSample("bare", full.image(), full.classes(), null, null);
        TrainingTile t = new Augmenter(AugmentParams.paper()).tile(bare, 60, 40, new Random(1));
        assertThat(t.instances()).isNull();
        assertThat(t.weights()).isNull();
        assertThat(t.outputSize()).isEqualTo(40);
    }

    @Test
    void badTileSizesAreRejected() {
        Augmenter a = new Augmenter(AugmentParams.none());
        SegmentationSample s = Samples.noise(1, 20, 20, 15);
        assertThatThrownBy(() -> a.tile(s, 30, 31, new Random(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.tile(s, 31, 20, new Random(1))).hasMessageContaining("even difference");
        assertThatThrownBy(() -> a.tile(s, 10, 0, new Random(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void grayValuesChangeOnlyTheImage() {
        SegmentationSample s = Samples.noise(1, 40, 40, 16);
        AugmentParams gray = new AugmentParams(3, 0, 0, Flips.NONE, 0, 0, 0.3, 0.3, 0.3, 0.1, 1.0);
        TrainingTile plain = new Augmenter(AugmentParams.none()).tileAt(s, 5, 5, 30, 20, new Random(1));
        TrainingTile t = new Augmenter(gray).tileAt(s, 5, 5, 30, 20, new Random(1));
        assertThat(t.classes()).isEqualTo(plain.classes());
        assertThat(t.weights()).containsExactly(plain.weights());
        assertThat(t.image()).isNotEqualTo(plain.image());
    }

    private static Set<Integer> values(LabelImage l) {
        Set<Integer> out = new HashSet<>();
        for (int v : l.labels()) {
            out.add(v);
        }
        return out;
    }

    private static boolean touchesBorder(LabelImage l, int id) {
        int h = l.height();
        int w = l.width();
        for (int i = 0; i < w; i++) {
            if (l.get(0, i) == id || l.get(h - 1, i) == id) {
                return true;
            }
        }
        for (int i = 0; i < h; i++) {
            if (l.get(i, 0) == id || l.get(i, w - 1) == id) {
                return true;
            }
        }
        return false;
    }

    @Test
    void imagesNeedNotBeSquare() {
        Image img = Image.gray(3, 200, new float[600]);
        SegmentationSample s = new SegmentationSample("strip", img, LabelImage.zeros(3, 200), null, null);
        TrainingTile t = new Augmenter(AugmentParams.paper()).tile(s, 64, 32, new Random(1));
        assertThat(t.image().height()).isEqualTo(64);
        SegmentationSample whole = new Augmenter(AugmentParams.paper()).augment(s, new Random(2));
        assertThat(whole.height()).isEqualTo(3);
        assertThat(whole.width()).isEqualTo(200);
    }
}
