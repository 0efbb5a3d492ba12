/**
 * unet4j: the U-Net of Ronneberger, Fischer and Brox (MICCAI 2015) in Java.
 *
 * <p>Packages depend one way: {@code cli -> api -> app -> train | infer | eval | report -> model | loss |
 * augment | io -> data}. This root package holds only what every layer shares: the input-error exception,
 * the words its messages name settings with ({@link org.unet4j.Setting}, {@link org.unet4j.Naming},
 * {@link org.unet4j.Phrase}) and the progress callback.
 */
package org.unet4j;
