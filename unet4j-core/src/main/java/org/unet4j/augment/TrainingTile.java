package org.unet4j.augment;

import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

/**
 * One training example for the network: the (augmented) image over the network's input window and
 * the targets over its output window, the centre of the input window ({@link #halo()} pixels in
 * from each side). For SAME-padding networks both windows coincide (halo 0).
 *
 * @param name the source sample's name, for messages
 * @param originY source row of the output window's top-left pixel before the transforms (the
 *     window may reach outside the image, which is then mirrored; transforms act about the window
 *     centre)
 * @param originX source column of the same pixel
 * @param image the input, {@code channels x inputSize x inputSize}
 * @param classes class per output pixel, 0..K-1 or {@link org.unet4j.data.SegmentationSample#IGNORE}
 * @param instances instance id per output pixel, or {@code null} when the sample has none; an id
 *     may appear twice in a tile when mirroring at an image border copies its object
 * @param weights loss weight per output pixel ({@code outputSize^2}, row-major), or {@code null}
 *     when the sample has none
 */
public record TrainingTile(String name, int originY, int originX, Image image, LabelImage classes, LabelImage instances,
        float[] weights) {

    public TrainingTile {
        if (image == null || classes == null) {
            throw new IllegalArgumentException("a training tile needs an image and class labels");
        }
        if (image.height() != image.width() || classes.height() != classes.width()) {
            throw new IllegalArgumentException("training tiles are square, got image " + image.sizeText() + " and labels "
                    + classes.sizeText());
        }
        int margin = image.height() - classes.height();
        if (margin < 0 || margin % 2 != 0) {
            throw new IllegalArgumentException("labels " + classes.sizeText() + " are not the centre of image " + image.sizeText());
        }
        if (instances != null && (instances.height() != classes.height() || instances.width() != classes.width())) {
            throw new IllegalArgumentException("instances " + instances.sizeText() + " do not match labels " + classes.sizeText());
        }
        if (weights != null && weights.length != classes.height() * classes.width()) {
            throw new IllegalArgumentException("weights of " + weights.length + " values do not match labels " + classes.sizeText());
        }
    }

    /** Side of the input window (the image). */
    public int inputSize() {
        return image.height();
    }

    /** Side of the output window (labels, instances, weights). */
    public int outputSize() {
        return classes.height();
    }

    /** Pixels between the input window's edge and the output window's: {@code (inputSize - outputSize) / 2}. */
    public int halo() {
        return (inputSize() - outputSize()) / 2;
    }
}
