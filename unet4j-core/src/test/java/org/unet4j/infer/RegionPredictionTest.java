package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unet4j.data.Image;
import org.unet4j.data.ImageWindow;
import org.unet4j.data.Mirror;
import org.unet4j.data.Region;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;
import org.unet4j.model.UNetConfig.Padding;

/**
 * Predicting a region of an image from only the part of it the region's tiles read (what a
 * distributed task does) gives exactly the same values as that region of the whole image's
 * prediction: VALID and SAME nets, with and without test-time augmentation, aligned and unaligned
 * regions, regions at the borders.
 */
class RegionPredictionTest {
    private static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4);
    private static UNet valid;
    private static UNet same;

    @BeforeAll
    static void nets() {
        NativeEngine.load();
        UNet.seed(7);
        valid = UNet.create(TINY);
        same = UNet.create(TINY.withPadding(Padding.SAME));
    }

    @AfterAll
    static void close() {
        valid.close();
        same.close();
    }

    private static List<Region> regions(int h, int w) {
        List<Region> rs = new ArrayList<>();
        rs.add(Region.whole(h, w));
        rs.add(new Region(0, 0, 40, 56));          // top-left corner, aligned to nothing in particular
        rs.add(new Region(11, 29, 37, 53));        // inside, unaligned
        rs.add(new Region(h - 23, w - 61, 23, 61)); // bottom-right corner
        rs.add(new Region(60, 0, 1, w));           // a one-row strip
        return rs;
    }

    private static void check(UNet net, PredictOptions options, int h, int w) {
        Image image = PredictorTest.randomImage(h, w, 3);
        Predictor predictor = new Predictor(net, options);
        Prediction whole = predictor.predict(image);
        for (Region r : regions(h, w)) {
            Region need = predictor.inputNeeded(h, w, r);
            assertThat(need.within(h, w)).isTrue();
            ImageWindow part = new ImageWindow(Mirror.window(image, need.y(), need.x(), need.height(), need.width()), need, h, w);
            Prediction p = predictor.predict(part, r, org.unet4j.Progress.NONE);
            assertThat(p.height()).isEqualTo(r.height());
            assertThat(p.width()).isEqualTo(r.width());
            for (int k = 0; k < p.numClasses(); k++) {
                float[] got = p.probability(k);
                float[] all = whole.probability(k);
                for (int y = 0; y < r.height(); y++) {
                    for (int x = 0; x < r.width(); x++) {
                        assertThat(got[y * r.width() + x]).as("class %d at (%d, %d) of region %s", k, y, x, r)
                                .isEqualTo(all[(r.y() + y) * w + r.x() + x]);
                    }
                }
            }
            assertThat(predictor.tileCount(h, w, r)).isLessThanOrEqualTo(predictor.tileCount(h, w));
        }
    }

    @Test
    void validNetRegionsEqualTheWholeImage() {
        check(valid, PredictOptions.defaults().withTile(60), 130, 150);
    }

    @Test
    void validNetRegionsWithTestTimeAugmentation() {
        check(valid, PredictOptions.defaults().withTile(60).withTta(TestTimeAugmentation.DIHEDRAL), 110, 150);
    }

    @Test
    void sameNetRegionsBlendLikeTheWholeImage() {
        check(same, PredictOptions.defaults().withTile(96), 100, 124);
    }

    @Test
    void theRegionsTilesReadOnlyTheNeededPart() {
        Predictor predictor = new Predictor(valid, PredictOptions.defaults().withTile(60));
        Region r = new Region(64, 64, 20, 20);
        Region need = predictor.inputNeeded(300, 300, r);
        assertThat(need.pixels()).isLessThan(300L * 300 / 4);
        assertThat(need.contains(r)).isTrue();
        Image image = PredictorTest.randomImage(300, 300, 5);
        Region less = new Region(need.y() + 1, need.x(), need.height() - 1, need.width());
        ImageWindow part = new ImageWindow(Mirror.window(image, less.y(), less.x(), less.height(), less.width()), less, 300, 300);
        assertThatThrownBy(() -> predictor.predict(part, r, org.unet4j.Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs pixels outside the part");
    }
}
