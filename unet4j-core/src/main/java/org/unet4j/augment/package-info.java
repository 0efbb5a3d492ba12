/**
 * Augmentation on plain arrays: coordinate maps (elastic, affine, flips), one-pass resampling (bicubic for images, nearest for labels), intensity transforms, random training tiles with halo. No tensors.
 *
 * <p>Entry points: {@link org.unet4j.augment.Augmenter} ({@code new Augmenter(params).tile(sample, inputSize, outputSize, random)}),
 * {@link org.unet4j.augment.AugmentParams} (presets, strength factor, validation) and {@link org.unet4j.augment.TrainingTile}.
 */
package org.unet4j.augment;
