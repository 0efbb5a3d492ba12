package org.unet4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.SegmentationSample;

class WeightMapsTest {
    private static final double W0 = 10;
    private static final double SIGMA = 5;
    private static final WeightMapParams NO_CLASS_WEIGHTS = new WeightMapParams(W0, SIGMA, ClassWeightMode.NONE);

    /** Two 8x10 squares touching along a row: A rows 4..11, B rows 12..19, columns 5..14 of a 24x20 image. */
    private static SegmentationSample touchingSquares() {
        int h = 24;
        int w = 20;
        int[] inst = new int[h * w];
        for (int y = 4; y < 20; y++) {
            for (int x = 5; x < 15; x++) {
                inst[y * w + x] = y < 12 ? 1 : 2;
            }
        }
        return instanceSample(h, w, inst);
    }

    @Test
    void contourTargetsRingEverySeparatedObjectAndKeepTheBorderTerm() {
        WeightMapParams contours = NO_CLASS_WEIGHTS.withTarget(Target.CONTOURS);
        SegmentationSample s = WeightMaps.apply(touchingSquares(), contours);
        LabelImage c = s.classes();
        // A keeps rows 4..10 after the separation border, B rows 13..19; each has a one-pixel contour ring
        for (int x = 5; x < 15; x++) {
            assertThat(c.get(3, x)).isZero();
            assertThat(c.get(4, x)).as("top row of A").isEqualTo(Target.CONTOUR);
            assertThat(c.get(10, x)).as("last row of A, next to the separation border").isEqualTo(Target.CONTOUR);
            assertThat(c.get(11, x)).as("separation border").isZero();
            assertThat(c.get(12, x)).isZero();
            assertThat(c.get(13, x)).isEqualTo(Target.CONTOUR);
            assertThat(c.get(19, x)).isEqualTo(Target.CONTOUR);
        }
        for (int y = 5; y <= 9; y++) {
            assertThat(c.get(y, 5)).isEqualTo(Target.CONTOUR);
            assertThat(c.get(y, 14)).isEqualTo(Target.CONTOUR);
            for (int x = 6; x <= 13; x++) {
                assertThat(c.get(y, x)).as("interior of A at %d,%d", y, x).isEqualTo(Target.INTERIOR);
            }
        }
        // the gap between the objects weighs as with the paper's target
        float[] paper = WeightMaps.apply(touchingSquares(), NO_CLASS_WEIGHTS).weights();
        assertThat(s.weights()[11 * 20 + 7]).isEqualTo(paper[11 * 20 + 7]).isGreaterThan(5f);
        assertThat(Target.CONTOURS.classes(2)).isEqualTo(3);
        assertThat(Target.CLASSES.classes(2)).isEqualTo(2);
        // balanced class weights count three classes
        ClassWeights cw = ClassWeights.of(ClassWeightMode.BALANCED, List.of(touchingSquares()), Target.CONTOURS);
        assertThat(cw.weight(Target.CONTOUR)).isGreaterThan(1.0);
        ClassWeights sqrt = ClassWeights.of(ClassWeightMode.SQRT, List.of(touchingSquares()), Target.CONTOURS);
        for (int k = 0; k < 3; k++) {
            assertThat(sqrt.weight(k)).isCloseTo(Math.sqrt(cw.weight(k)), within(1e-12));
        }
    }

    @Test
    void contourTargetsKeepIgnoredPixelsAndNeedInstances() {
        SegmentationSample given = touchingSquares();
        int[] classes = given.classes().labels().clone();
        classes[7 * 20 + 9] = SegmentationSample.IGNORE;
        SegmentationSample partial = given.withClasses(new LabelImage(24, 20, classes));
        LabelImage c = WeightMaps.targets(partial, Target.CONTOURS).classes();
        assertThat(c.get(7, 9)).isEqualTo(SegmentationSample.IGNORE);
        assertThat(c.get(7, 8)).isEqualTo(Target.INTERIOR);
        SegmentationSample semantic = new SegmentationSample("mask", given.image(), given.classes(), null, null);
        assertThatThrownBy(() -> WeightMaps.targets(semantic, Target.CONTOURS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contour targets need instance labels");
    }

    @Test
    void touchingSquaresLoseBothContactRowsAndTheGapPixelsGetTheBorderTerm() {
        SegmentationSample s = WeightMaps.apply(touchingSquares(), NO_CLASS_WEIGHTS);
        LabelImage c = s.classes();
        for (int x = 5; x < 15; x++) {
            assertThat(c.get(10, x)).isEqualTo(1);
            assertThat(c.get(11, x)).as("contact row of A, column %d", x).isZero();
            assertThat(c.get(12, x)).as("contact row of B, column %d", x).isZero();
            assertThat(c.get(13, x)).isEqualTo(1);
        }
        assertThat(s.instances()).as("instances are kept as given").isEqualTo(touchingSquares().instances());
        // the gap is two pixels wide: on row 11, A (row 10) is 1 away and B (row 13) is 2 away
        double gap = 1 + W0 * Math.exp(-(1 + 2) * (1 + 2) / (2 * SIGMA * SIGMA));
        for (int x = 5; x < 15; x++) {
            assertThat(s.weights()[11 * 20 + x]).isCloseTo((float) gap, within(1e-5f));
            assertThat(s.weights()[12 * 20 + x]).isCloseTo((float) gap, within(1e-5f));
        }
        assertThat(s.weights()[10 * 20 + 8]).as("object pixels get the class weight only").isEqualTo(1f);
    }

    @Test
    void gapPixelWithBothObjectsOnePixelAwayWeighsTheClassWeightPlusW0TimesExpMinus4Over2Sigma2() {
        int h = 9;
        int w = 12;
        int[] classes = new int[h * w];
        for (int x = 2; x < 10; x++) {
            for (int y : new int[] {1, 2, 3, 5, 6, 7}) {
                classes[y * w + x] = 1;
            }
        }
        SegmentationSample s = WeightMaps.apply(classSample(h, w, classes), NO_CLASS_WEIGHTS);
        double expected = 1 + W0 * Math.exp(-4 / (2 * SIGMA * SIGMA));
        assertThat(s.weights()[4 * w + 6]).isCloseTo((float) expected, within(1e-5f));
        // the same with balanced class weights: background (60 of 108 pixels) is the majority and weighs 1
        SegmentationSample b = WeightMaps.apply(classSample(h, w, classes), WeightMapParams.paper());
        assertThat(b.weights()[4 * w + 6]).isCloseTo((float) expected, within(1e-5f));
        assertThat(b.weights()[w + 2]).isCloseTo(60f / 48f, within(1e-6f));
    }

    @Test
    void backgroundPixelMidwayBetweenTwoObjectsAtDistanceDFromEachWeighsExpMinus2DSquared() {
        for (int d : new int[] {3, 10}) {
            for (double sigma : new double[] {5, 8}) {
                int h = 11;
                int w = 2 * d + 9;
                int[] classes = new int[h * w];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        classes[y * w + x] = x <= 3 || x >= 3 + 2 * d ? 1 : 0; // bars; midway column 3 + d
                    }
                }
                SegmentationSample s = WeightMaps.apply(classSample(h, w, classes), new WeightMapParams(W0, sigma, ClassWeightMode.NONE));
                double expected = 1 + W0 * Math.exp(-(2.0 * d) * (2.0 * d) / (2 * sigma * sigma));
                assertThat(s.weights()[5 * w + 3 + d]).as("d %d sigma %s", d, sigma).isCloseTo((float) expected, within(1e-5f));
            }
        }
    }

    @Test
    void singleObjectGivesNoBorderTerm() {
        int h = 10;
        int w = 10;
        int[] classes = new int[h * w];
        for (int y = 3; y < 6; y++) {
            for (int x = 2; x < 8; x++) {
                classes[y * w + x] = 1;
            }
        }
        SegmentationSample s = WeightMaps.apply(classSample(h, w, classes), NO_CLASS_WEIGHTS);
        assertThat(s.weights()).containsOnly(1f);
        assertThat(WeightMaps.borderTerm(new LabelImage(h, w, classes), W0, SIGMA)).containsOnly(0f);
    }

    @Test
    void balancedClassWeightsMakeTheWeightedClassTotalsEqual() {
        Random r = new Random(11);
        int h = 16;
        int w = 16;
        int[] classes = new int[h * w];
        for (int i = 0; i < classes.length; i++) {
            double u = r.nextDouble();
            classes[i] = u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : SegmentationSample.IGNORE;
        }
        WeightMapParams noBorder = new WeightMapParams(0, SIGMA, ClassWeightMode.BALANCED);
        SegmentationSample s = WeightMaps.apply(classSample(h, w, classes), noBorder);
        double[] totals = classTotals(List.of(s), 3);
        long n0 = countOf(classes, 0);
        assertThat(totals[0]).isEqualTo(n0);
        assertThat(totals[1]).isCloseTo(n0, within(1e-3));
        assertThat(totals[2]).isCloseTo(n0, within(1e-3));

        // over a training set: one ClassWeights for all samples equalises the totals of the set
        int[] other = new int[h * w];
        for (int i = 0; i < other.length; i++) {
            other[i] = r.nextDouble() < 0.3 ? 1 : 0;
        }
        List<SegmentationSample> set = List.of(classSample(h, w, classes), classSample(h, w, other));
        ClassWeights cw = ClassWeights.of(ClassWeightMode.BALANCED, set);
        List<SegmentationSample> weighted = set.stream().map(x -> WeightMaps.apply(x, noBorder, cw)).toList();
        double[] setTotals = classTotals(weighted, 3);
        double max = countOf(classes, 0) + countOf(other, 0);
        assertThat(setTotals).containsExactly(new double[] {max, max, max}, within(1e-3));
        assertThat(ClassWeights.of(ClassWeightMode.NONE, set).weight(2)).isEqualTo(1);
    }

    @Test
    void classCountsAreTakenAfterSeparationBorders() {
        // touching squares: 140 object pixels remain of 160, background 480 - 140 = 340
        SegmentationSample s = WeightMaps.apply(touchingSquares(), new WeightMapParams(0, SIGMA, ClassWeightMode.BALANCED));
        assertThat(s.weights()[4 * 20 + 5]).isCloseTo(340f / 140f, within(1e-6f));
        assertThat(s.weights()[0]).isEqualTo(1f);
    }

    @Test
    void ignorePixelsWeighZeroEvenInAGapAndAreNotCounted() {
        SegmentationSample in = touchingSquares();
        int[] classes = in.classes().labels().clone();
        int w = 20;
        classes[11 * w + 7] = SegmentationSample.IGNORE; // in the gap
        classes[0] = SegmentationSample.IGNORE; // background
        classes[5 * w + 6] = SegmentationSample.IGNORE; // inside A
        SegmentationSample s = WeightMaps.apply(in.withClasses(new LabelImage(24, w, classes)), WeightMapParams.paper());
        assertThat(s.classes().get(11, 7)).isEqualTo(SegmentationSample.IGNORE);
        assertThat(s.weights()[11 * w + 7]).isZero();
        assertThat(s.weights()[0]).isZero();
        assertThat(s.weights()[5 * w + 6]).isZero();
        // counts without the ignored pixels: class 1 has 139, background 338 (340 minus two ignored)
        assertThat(s.weights()[4 * w + 5]).isCloseTo(338f / 139f, within(1e-6f));
    }

    @Test
    void borderTermMatchesBruteForceWithinTheTolerance() {
        Random r = new Random(7);
        for (double sigma : new double[] {1.5, 3, 5}) {
            int h = 40;
            int w = 45;
            int[] ids = new int[h * w];
            for (int k = 1; k <= 12; k++) {
                int cy = r.nextInt(h);
                int cx = r.nextInt(w);
                int rad = 1 + r.nextInt(4);
                int id = k * 1000 + 7; // sparse ids
                for (int y = Math.max(0, cy - rad); y <= Math.min(h - 1, cy + rad); y++) {
                    for (int x = Math.max(0, cx - rad); x <= Math.min(w - 1, cx + rad); x++) {
                        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= rad * rad) {
                            ids[y * w + x] = id;
                        }
                    }
                }
            }
            LabelImage objects = new LabelImage(h, w, ids);
            float[] fast = WeightMaps.borderTerm(objects, W0, sigma);
            double[] slow = bruteBorderTerm(ids, h, w, W0, sigma);
            for (int i = 0; i < fast.length; i++) {
                assertThat((double) fast[i]).as("sigma %s pixel %d", sigma, i).isCloseTo(slow[i], within(WeightMaps.TOLERANCE * W0 + 1e-5));
            }
        }
    }

    @Test
    void veryLargeObjectIdsWork() {
        int[] ids = {0, Integer.MAX_VALUE, 0, 0, 5, 0};
        float[] t = WeightMaps.borderTerm(new LabelImage(1, 6, ids), W0, SIGMA);
        assertThat(t[2]).isCloseTo((float) (W0 * Math.exp(-9 / 50.0)), within(1e-5f));
    }

    @Test
    void multiClassMasksUseComponentsOfAllForegroundClassesWithoutBorders() {
        int[] classes = {
            1, 1, 2, 0, 0,
            1, 1, 2, 0, 3,
            0, 0, 0, 0, 3};
        WeightMaps.Targets t = WeightMaps.targets(classSample(3, 5, classes));
        assertThat(t.classes().labels()).containsExactly(classes);
        assertThat(t.objects().labels()).containsExactly(
            1, 1, 1, 0, 0,
            1, 1, 1, 0, 2,
            0, 0, 0, 0, 2);
    }

    @Test
    void paramsAreValidated() {
        assertThatThrownBy(() -> new WeightMapParams(-1, 5, ClassWeightMode.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("w0 must be a finite value >= 0").hasMessageNotContaining("--");
        assertThatThrownBy(() -> new WeightMapParams(10, 0, ClassWeightMode.NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sigma must be a finite value > 0").hasMessageNotContaining("--");
        assertThatThrownBy(() -> new WeightMapParams(10, Double.NaN, ClassWeightMode.NONE)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new WeightMapParams(10, 5, null)).isInstanceOf(InvalidInputException.class);
        assertThat(WeightMapParams.paper()).isEqualTo(new WeightMapParams(10, 5, ClassWeightMode.BALANCED));
    }

    static SegmentationSample instanceSample(int h, int w, int[] instances) {
        int[] classes = new int[instances.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = instances[i] != 0 ? 1 : 0;
        }
        return new SegmentationSample("test", Image.zeros(1, h, w), new LabelImage(h, w, classes), new LabelImage(h, w, instances), null);
    }

    static SegmentationSample classSample(int h, int w, int[] classes) {
        return new SegmentationSample("test", Image.zeros(1, h, w), new LabelImage(h, w, classes), null, null);
    }

    private static double[] classTotals(List<SegmentationSample> samples, int k) {
        double[] t = new double[k];
        for (SegmentationSample s : samples) {
            int[] c = s.classes().labels();
            for (int i = 0; i < c.length; i++) {
                if (c[i] >= 0) {
                    t[c[i]] += s.weights()[i];
                }
            }
        }
        return t;
    }

    private static long countOf(int[] classes, int c) {
        long n = 0;
        for (int v : classes) {
            n += v == c ? 1 : 0;
        }
        return n;
    }

    /** The definition, over all objects and all object pixels. */
    private static double[] bruteBorderTerm(int[] ids, int h, int w, double w0, double sigma) {
        Map<Integer, List<int[]>> objects = new TreeMap<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ids[y * w + x] != 0) {
                    objects.computeIfAbsent(ids[y * w + x], k -> new ArrayList<>()).add(new int[] {y, x});
                }
            }
        }
        double[] out = new double[h * w];
        if (objects.size() < 2) {
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ids[y * w + x] != 0) {
                    continue;
                }
                double d1 = Double.POSITIVE_INFINITY;
                double d2 = Double.POSITIVE_INFINITY;
                for (List<int[]> pixels : objects.values()) {
                    double d = Double.POSITIVE_INFINITY;
                    for (int[] p : pixels) {
                        d = Math.min(d, Math.hypot(p[0] - y, p[1] - x));
                    }
                    if (d < d1) {
                        d2 = d1;
                        d1 = d;
                    } else if (d < d2) {
                        d2 = d;
                    }
                }
                out[y * w + x] = w0 * Math.exp(-(d1 + d2) * (d1 + d2) / (2 * sigma * sigma));
            }
        }
        return out;
    }
}
