/**
 * Augmentation on plain arrays: coordinate maps (elastic, affine, flips), one-pass resampling (bicubic for images, nearest for labels), intensity transforms, random training tiles with halo. No tensors.
 */
package org.unet4j.augment;
