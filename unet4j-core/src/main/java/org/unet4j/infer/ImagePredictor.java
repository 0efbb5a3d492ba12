package org.unet4j.infer;

import org.unet4j.Progress;
import org.unet4j.data.Image;
import org.unet4j.data.Normalization;

/**
 * A model that turns a raw image into class probabilities: a unet4j network ({@link #of}) or a
 * bioimage.io package of someone else ({@link PackagePredictor}). What the prediction files, the
 * command line and the library's segmenter work with.
 */
public interface ImagePredictor {
    /** The model as messages name it (its folder or package). */
    String source();

    /** Input channels the model expects. */
    int inChannels();

    /** Classes of the probabilities {@link #predict} returns. */
    int numClasses();

    /** {@code raw} prepared as the model expects (its normalisation or the package's preprocessing). */
    Image prepare(Image raw);

    /** Tiles {@link #predict} runs for an image of {@code height x width} (test-time augmentation included). */
    long tileCount(int height, int width);

    /** The tile shape used for an image of {@code height x width}, e.g. "572x572". */
    String tileText(int height, int width);

    /** The class probabilities of a {@link #prepare prepared} image. */
    Prediction predict(Image prepared, Progress progress);

    /** A unet4j network's predictor whose images are normalised with {@code normalization}. */
    static ImagePredictor of(Predictor predictor, Normalization normalization, String source) {
        return new ImagePredictor() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public int inChannels() {
                return predictor.config().inChannels();
            }

            @Override
            public int numClasses() {
                return predictor.config().numClasses();
            }

            @Override
            public Image prepare(Image raw) {
                return normalization.apply(raw);
            }

            @Override
            public long tileCount(int height, int width) {
                return predictor.tileCount(height, width);
            }

            @Override
            public String tileText(int height, int width) {
                return predictor.tileShape(height, width).toString();
            }

            @Override
            public Prediction predict(Image prepared, Progress progress) {
                return predictor.predict(prepared, progress);
            }
        };
    }
}
