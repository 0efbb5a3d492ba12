/**
 * Files: reading and writing PNG and TIFF images (8/16/32-bit, float, RGB, multi-page stacks,
 * see {@link org.unet4j.io.ImageFiles}), pairing files ({@link org.unet4j.io.FilePairing}) and
 * loading training sets ({@link org.unet4j.io.TrainingSets}). No tensors.
 */
package org.unet4j.io;
