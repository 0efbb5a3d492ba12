/**
 * In-memory data: {@link org.unet4j.data.Image} and {@link org.unet4j.data.LabelImage}, label conventions, normalisation, segmentation samples, datasets and train/validation splits. No tensors, no file I/O.
 */
package org.unet4j.data;
