package org.unet4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Normalising an image read in bands gives the same bits as normalising it in memory. */
class StreamedNormalizationTest {
    private static Normalization.Bands bands(Image image) {
        return new Normalization.Bands() {
            @Override
            public int channels() {
                return image.channels();
            }

            @Override
            public int height() {
                return image.height();
            }

            @Override
            public int width() {
                return image.width();
            }

            @Override
            public Image rows(int y, int count) {
                return Mirror.window(image, y, 0, count, image.width());
            }
        };
    }

    private static void assertSame(Normalization n, Image image) {
        Normalization.Fitted inMemory = n.fit(image);
        Normalization.Fitted streamed = n.fit(bands(image));
        assertThat(streamed.shift()).as(n.describe()).containsExactly(inMemory.shift());
        assertThat(streamed.scale()).as(n.describe()).containsExactly(inMemory.scale());
        assertThat(streamed.apply(image)).isEqualTo(n.apply(image));
    }

    @Test
    void everyMethodOnNoisyTwoChannelImagesTallerThanABand() {
        Random r = new Random(11);
        int h = StreamedStatistics.BAND_ROWS * 2 + 37;
        int w = 45;
        float[] px = new float[2 * h * w];
        for (int i = 0; i < h * w; i++) {
            px[i] = (float) (r.nextGaussian() * 1000);               // both signs, many distinct values
            px[h * w + i] = (float) Math.floor(r.nextDouble() * 4);  // few grey levels: ranks inside one bucket
        }
        px[17] = -0.0f;
        px[18] = 0.0f;
        Image image = new Image(2, h, w, px);
        for (Normalization n : List.of(Normalization.DEFAULT, new Normalization(Normalization.Method.PERCENTILE, 0, 100),
                new Normalization(Normalization.Method.PERCENTILE, 2.5, 97.5), Normalization.of(Normalization.Method.MINMAX),
                Normalization.of(Normalization.Method.ZSCORE), Normalization.of(Normalization.Method.NONE))) {
            assertSame(n, image);
        }
    }

    @Test
    void constantSinglePixelAndIntegerImages() {
        assertSame(Normalization.DEFAULT, Image.gray(3, 4, new float[12]));
        assertSame(Normalization.DEFAULT, Image.gray(1, 1, new float[] {5}));
        float[] u16 = new float[300 * 20];
        for (int i = 0; i < u16.length; i++) {
            u16[i] = (i * 7919) % 65536;
        }
        assertSame(Normalization.DEFAULT, Image.gray(300, 20, u16));
        assertSame(Normalization.of(Normalization.Method.ZSCORE), Image.gray(300, 20, u16));
    }

    @Test
    void keysSortAsFloatsDo() {
        float[] v = {-Float.MAX_VALUE, -1f, -Float.MIN_VALUE, -0.0f, 0.0f, Float.MIN_VALUE, 1f, Float.MAX_VALUE};
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.floatToIntBits(StreamedStatistics.fromKey(StreamedStatistics.key(v[i])))).isEqualTo(Float.floatToIntBits(v[i]));
            if (i > 0) {
                assertThat(Integer.compareUnsigned(StreamedStatistics.key(v[i - 1]), StreamedStatistics.key(v[i]))).isNegative();
            }
        }
    }
}
