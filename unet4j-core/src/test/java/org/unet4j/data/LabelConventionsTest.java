package org.unet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;

class LabelConventionsTest {
    private static LabelConventions.Source src(String name, int bits, int... values) {
        return new LabelConventions.Source(name, bits, LabelValues.of(new LabelImage(1, values.length, values)));
    }

    private static LabelConvention auto(LabelConventions.Source... s) {
        return LabelConventions.resolve(LabelOptions.AUTO, List.of(s));
    }

    @Test
    void detectsBinary0255And01() {
        LabelConvention c = auto(src("a", 8, 0, 255, 255), src("b", 8, 0, 0));
        assertThat(c.kind()).isEqualTo(LabelConvention.Kind.BINARY);
        assertThat(c.detected()).isTrue();
        assertThat(c.describe()).startsWith("binary (detected: every label file holds only 0 and 255)");
        assertThat(c.classOf(0)).isZero();
        assertThat(c.classOf(255)).isEqualTo(1);
        assertThat(auto(src("a", 8, 0, 1)).kind()).isEqualTo(LabelConvention.Kind.BINARY);
        assertThat(auto(src("a", 16, 0, 1)).kind()).isEqualTo(LabelConvention.Kind.BINARY);
    }

    @Test
    void detectsClassMapsAndInstances() {
        LabelConvention classes = auto(src("a", 8, 0, 1, 2), src("b", 8, 3, 0));
        assertThat(classes.kind()).isEqualTo(LabelConvention.Kind.CLASSES);
        assertThat(classes.classes()).isEqualTo(4);
        assertThat(classes.reason()).contains("use label mode instances if each value is one object");
        assertThat(classes.describe(Naming.CLI)).contains("use --labels-as instances if each value is one object");
        LabelConvention sixteen = auto(src("a", 16, 0, 1, 2));
        assertThat(sixteen.kind()).isEqualTo(LabelConvention.Kind.INSTANCES);
        assertThat(sixteen.reason()).startsWith("16-bit labels, 2 distinct ids");
        assertThat(auto(src("a", 8, 0, 3, 17)).kind()).isEqualTo(LabelConvention.Kind.INSTANCES);
        LabelConvention given = LabelConventions.resolve(new LabelOptions(LabelOptions.Mode.AUTO, 5, null), List.of(src("a", 16, 0, 4)));
        assertThat(given.kind()).isEqualTo(LabelConvention.Kind.CLASSES);
        assertThat(given.classes()).isEqualTo(5);
    }

    @Test
    void ignoreValueIsExcludedFromDetectionAndMapped() {
        LabelOptions opts = new LabelOptions(LabelOptions.Mode.AUTO, 0, 128);
        LabelConvention c = LabelConventions.resolve(opts, List.of(src("a", 8, 0, 128, 255)));
        assertThat(c.kind()).isEqualTo(LabelConvention.Kind.BINARY);
        LabelImage raw = new LabelImage(1, 3, new int[] {0, 128, 255});
        SegmentationSample s = LabelConventions.sample("a", Image.zeros(1, 1, 3), raw, c);
        assertThat(s.classes().labels()).containsExactly(0, SegmentationSample.IGNORE, 1);
        assertThat(s.instances()).isNull();
        assertThat(c.describe()).endsWith("value 128 ignored (excluded from the loss)");
    }

    @Test
    void instancesKeepIdsAndGiveObjectClass() {
        LabelConvention c = LabelConventions.resolve(new LabelOptions(LabelOptions.Mode.INSTANCES, 0, 9), List.of(src("a", 8, 0, 4, 9)));
        LabelImage raw = new LabelImage(1, 4, new int[] {0, 4, 300, 9});
        SegmentationSample s = LabelConventions.sample("a", Image.zeros(1, 1, 4), raw, c);
        assertThat(s.classes().labels()).containsExactly(0, 1, 1, SegmentationSample.IGNORE);
        assertThat(s.instances().labels()).containsExactly(0, 4, 300, 0);
        LabelConvention binary = LabelConventions.resolve(new LabelOptions(LabelOptions.Mode.BINARY, 0, null), List.of(src("a", 8, 0, 7)));
        assertThat(binary.classOf(7)).isEqualTo(1);
    }

    @Test
    void valuesOutsideTheClassesNameFileValueCountAndFix() {
        LabelOptions three = new LabelOptions(LabelOptions.Mode.CLASSES, 3, null);
        assertThatThrownBy(() -> LabelConventions.resolve(three, List.of(src("ok.png", 8, 0, 1, 2), src("bad.png", 8, 0, 5, 5, 7))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("bad.png: label value 5 (2 pixels) is outside the classes 0..2 (values found: {0, 5, 7}); if 5 is a class"
                        + " use classes 8, to exclude those pixels from the loss use ignore value 5, for masks use label mode binary,"
                        + " for object ids label mode instances");
        assertThatThrownBy(() -> auto(src("neg.tif", 16, 0, -1, 3)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("neg.tif: label value -1 (1 pixels) is negative").hasMessageContaining("use ignore value -1");
        assertThatThrownBy(() -> new LabelOptions(LabelOptions.Mode.BINARY, 3, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new LabelOptions(LabelOptions.Mode.AUTO, 1, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void labelValuesCountSparseAndDenseRanges() {
        LabelValues dense = LabelValues.of(new LabelImage(1, 5, new int[] {3, 3, 0, 9, 3}));
        assertThat(dense.values()).containsExactly(0, 3, 9);
        assertThat(dense.counts()).containsExactly(1, 3, 1);
        LabelValues sparse = LabelValues.of(new LabelImage(1, 3, new int[] {2_000_000_000, -5, 2_000_000_000}));
        assertThat(sparse.values()).containsExactly(-5, 2_000_000_000);
        assertThat(sparse.count(2_000_000_000)).isEqualTo(2);
        assertThat(LabelValues.merge(List.of(dense, sparse)).text()).isEqualTo("{-5, 0, 3, 9, 2000000000}");
        assertThat(dense.without(3).values()).containsExactly(0, 9);
    }
}
