package org.unet4j.fiji.bridge;

import java.nio.file.Path;

/**
 * What {@code unet4j Augmentation Preview} asks of the engine: the options of {@code unet augment}.
 *
 * @param images an image stack or a folder of images (as {@code unet augment --images})
 * @param labels the matching label stack or folder (as {@code --labels})
 * @param count augmented tiles to draw (the images in turn)
 * @param tile tile side in pixels
 * @param seed random seed (the same seed gives the same tiles)
 * @param augment none, light, paper, strong or a factor
 */
public record AugmentRequest(Path images, Path labels, int count, int tile, long seed, String augment) {
}
