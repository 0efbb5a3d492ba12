/**
 * The public Java API of unet4j: what a Fiji plugin, a QuPath or Groovy script, a Spark job or a
 * Java pipeline calls. See {@code docs/API.md} for runnable examples.
 *
 * <ul>
 *   <li>{@link org.unet4j.api.Training}: train a U-Net on in-memory samples
 *       ({@link org.unet4j.api.Samples}) with {@link org.unet4j.api.TrainSettings} into a run
 *       folder, with progress events and a {@link org.unet4j.api.CancelToken};
 *   <li>{@link org.unet4j.api.Segmenter}: open a model and segment images of any size
 *       ({@link org.unet4j.api.SegmentOptions} in, {@link org.unet4j.api.Segmentation} out);
 *   <li>{@link org.unet4j.api.Evaluation}: the benchmarks' metrics (cells; ISBI 2012);
 *   <li>{@link org.unet4j.api.Previews}: what training sees, before training: the paper's weight
 *       map of a label image and augmented training tiles ({@code unet weights}, {@code unet augment});
 *   <li>{@link org.unet4j.api.Images}: reading and writing image files.
 * </ul>
 *
 * <p>Images and labels are {@link org.unet4j.data.Image} and {@link org.unet4j.data.LabelImage}
 * (plain row-major arrays); settings are immutable records with validating constructors. The API
 * never prints and never exits the JVM. Bad input (files, sizes, values) is an
 * {@link org.unet4j.InvalidInputException} with a one-line message naming the value and the fix; a
 * native engine that cannot load is a {@link org.unet4j.model.NativeLoadException}.
 */
package org.unet4j.api;
