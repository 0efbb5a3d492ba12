/**
 * Files: reading and writing PNG and TIFF images (8/16-bit, 32-bit float, RGB, multi-page stacks) and JSON; pairing image and label files into training sets. No tensors.
 */
package org.unet4j.io;
