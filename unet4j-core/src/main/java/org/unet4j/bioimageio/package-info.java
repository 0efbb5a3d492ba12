/**
 * bioimage.io model packages (model description format 0.5.x), in plain Java (no tensors, no
 * libtorch): reading a package ({@link org.unet4j.bioimageio.ModelPackage}) into a typed
 * {@link org.unet4j.bioimageio.ModelDescription}, checking that unet4j can run it, the valid tile
 * sizes it allows ({@link org.unet4j.bioimageio.TileRule}), its pre- and postprocessing
 * ({@link org.unet4j.bioimageio.Op}) applied to whole images, and writing the description of a
 * unet4j export ({@link org.unet4j.bioimageio.ExportSpec}) as a format 0.5.7 {@code rdf.yaml}.
 *
 * <p>Depends on {@code io} and {@code data} only. The specification is
 * <a href="https://github.com/bioimage-io/spec-bioimage-io">spec-bioimage-io</a>; field names in
 * javadoc are those of the YAML file.
 */
package org.unet4j.bioimageio;
