/**
 * Inference: the overlap-tile grid (plain geometry), the tile loop (tensors), stitching, test-time augmentation, label and instance outputs.
 */
package org.unet4j.infer;
