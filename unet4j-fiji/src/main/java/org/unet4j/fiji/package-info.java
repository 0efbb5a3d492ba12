/**
 * unet4j's ImageJ 1 commands (Plugins &gt; Segmentation &gt; unet4j): Segment, Train, Evaluate,
 * Weight Map and Augmentation Preview. They convert images to and from the JDK types of
 * {@link org.unet4j.fiji.bridge} and call the engine that {@link org.unet4j.fiji.loader.EngineLoader}
 * loads; no class of unet4j-core is named here.
 */
package org.unet4j.fiji;
