package org.unet4j.api;

import java.nio.file.Path;
import java.util.List;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;

/**
 * Reading and writing the image files unet4j works with: PNG, TIFF (8/16/32-bit, float, stacks,
 * BigTIFF, the common compressions), BMP, JPEG. Writes go to a temporary file that is renamed, so
 * a file is complete or absent.
 */
public final class Images {
    private Images() {
    }

    /** The slices of an image file (one for a plain image), channels kept, raw values. */
    public static List<Image> read(Path file) {
        return ImageFiles.readImages(file);
    }

    /** The slices of a label image file as integer labels. */
    public static List<LabelImage> readLabels(Path file) {
        return ImageFiles.readLabelImages(file);
    }

    /** Writes a label image (8- or 16-bit as the values need; PNG or TIFF by the extension). */
    public static void writeLabels(Path file, LabelImage labels) {
        ImageFiles.writeLabelImage(file, labels);
    }

    /** Writes a float TIFF of one {@code height x width} map (a probability or foreground map). */
    public static void writeFloat(Path file, float[] map, int height, int width) {
        ImageFiles.writeFloatTiff(file, List.of(map), height, width);
    }
}
