package org.unet4j.fiji.bridge;

/**
 * Augmented training tiles, row-major {@code size x size} arrays.
 *
 * @param size tile side
 * @param names {@code [tile]}: the sample each tile was drawn from
 * @param images {@code [tile][pixel]}: the augmented image, the mean over its channels
 * @param labels {@code [tile][pixel]}: its labels transformed with it (object ids, else classes)
 * @param instances whether the labels are object ids (else classes)
 * @param summary one line (tiles, images, the augmentation)
 */
public record AugmentResult(int size, String[] names, float[][] images, int[][] labels, boolean instances, String summary) {
}
