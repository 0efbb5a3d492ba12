package org.unet4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;

class SplitTest {
    private static SegmentationSample sample(String name) {
        return new SegmentationSample(name, Image.zeros(1, 2, 2), LabelImage.zeros(2, 2), null, null);
    }

    private static List<SegmentationSample> samples(String... names) {
        List<SegmentationSample> out = new ArrayList<>();
        for (String n : names) {
            out.add(sample(n));
        }
        return out;
    }

    @Test
    void splitIsStableForASeedAndIndependentOfInputOrder() {
        List<SegmentationSample> s = samples("a.png", "b.png", "c.png", "d.png", "e.png", "f.png", "g.png", "h.png", "i.png", "j.png");
        Split<SegmentationSample> one = Split.byFile(s, 0.2, 42);
        assertThat(one.validation()).hasSize(2);
        assertThat(one.train()).hasSize(8);
        List<SegmentationSample> shuffled = new ArrayList<>(s);
        Collections.reverse(shuffled);
        Split<SegmentationSample> two = Split.byFile(shuffled, 0.2, 42);
        assertThat(two.validation()).extracting(SegmentationSample::name)
                .containsExactlyInAnyOrderElementsOf(one.validation().stream().map(SegmentationSample::name).toList());
        Split<SegmentationSample> other = Split.byFile(s, 0.5, 7);
        assertThat(other.validation()).hasSize(5);
    }

    @Test
    void pagesOfOneFileStayTogetherAndBothSidesAreNeverEmpty() {
        List<SegmentationSample> s = samples("a.tif#1", "a.tif#2", "a.tif#3", "b.tif#1", "b.tif#2");
        for (long seed = 0; seed < 10; seed++) {
            Split<SegmentationSample> split = Split.byFile(s, 0.01, seed);
            assertThat(split.validation()).isNotEmpty();
            assertThat(split.train()).isNotEmpty();
            assertThat(split.validation().stream().map(Split::fileOf).distinct()).hasSize(1);
            assertThat(split.train().stream().map(Split::fileOf).distinct()).hasSize(1);
        }
        Split<SegmentationSample> all = Split.byFile(samples("x.png"), 0, 1);
        assertThat(all.train()).hasSize(1);
        assertThat(all.validation()).isEmpty();
    }

    @Test
    void impossibleSplitsAreInputErrors() {
        assertThatThrownBy(() -> Split.byFile(samples("only.png"), 0.2, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("validation fraction 0.2 needs at least 2 image files to split into training and validation, found 1"
                        + " (only.png); add images, or use validation fraction 0 to train without validation");
        assertThatThrownBy(() -> Split.byFile(samples("a.tif#1", "a.tif#2"), 0.5, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Split.byFile(samples("a", "b"), 1.0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("validation fraction 1.0 is not valid");
    }
}
