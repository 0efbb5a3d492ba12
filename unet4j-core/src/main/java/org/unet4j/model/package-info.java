/**
 * The network: {@code UNetConfig}, {@code TileGeometry} (input size to output size, halo, valid sizes), the U-Net as libtorch modules, native engine loading, devices, and saving/loading model directories. Owns tensors.
 */
package org.unet4j.model;
