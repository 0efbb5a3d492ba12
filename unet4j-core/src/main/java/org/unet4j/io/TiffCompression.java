package org.unet4j.io;

/**
 * Compression of the TIFF files unet4j writes. Both are lossless and open in Fiji/ImageJ, QuPath,
 * napari/tifffile and PIL.
 */
public enum TiffCompression {
    /** Uncompressed baseline TIFF: opens in every reader, fastest to write (the default). */
    NONE(null),
    /** Deflate ("ZIP", TIFF compression 8): much smaller label files, somewhat smaller probability maps. */
    DEFLATE("ZLib");

    private final String imageIoName;

    TiffCompression(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The compression type name of the JDK's TIFF writer, or null for none. */
    String imageIoName() {
        return imageIoName;
    }
}
