package org.unet4j.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What an image file holds, read from its header without decoding pixels (for {@code unet inspect}
 * and for messages).
 *
 * @param file the file
 * @param format the container format: {@code PNG}, {@code TIFF}, {@code BMP} or {@code JPEG}
 * @param pages number of pages (1 unless a multi-page TIFF)
 * @param height page height in pixels (of the first page)
 * @param width page width in pixels (of the first page)
 * @param channels channels as unet4j reads them: alpha dropped, palette expanded to 1 (grey
 *     palette) or 3 (colour palette) channels
 * @param bitsPerSample bits per sample as stored (1, 2, 4, 8, 12, 16, 32, 64)
 * @param sampleFormat how samples are stored
 * @param colour the colour model: {@code gray}, {@code RGB}, {@code RGBA}, {@code gray+alpha},
 *     {@code palette} ...
 * @param compression the compression as the file names it ({@code None}, {@code LZW},
 *     {@code ZLib}, {@code PackBits}, {@code deflate} for PNG ...)
 */
public record ImageFileInfo(Path file, String format, int pages, int height, int width, int channels, int bitsPerSample,
        SampleFormat sampleFormat, String colour, String compression) {

    /** How samples are stored. */
    public enum SampleFormat {
        /** Unsigned integers (the usual 8/16-bit images and labels). */
        UINT,
        /** Signed integers (some microscope cameras write signed 16-bit). */
        INT,
        /** IEEE floating point (32-bit ImageJ images, probability maps). */
        FLOAT,
        /** Palette indices (indexed PNG/TIFF); as labels the index is the value. */
        INDEX
    }

    /** Whether the colour model has an alpha channel, which unet4j drops. */
    public boolean hasAlpha() {
        return colour.contains("alpha") || colour.equals("RGBA");
    }

    /** Short type text: {@code 8-bit}, {@code 16-bit}, {@code 32-bit float}, {@code 16-bit signed}, {@code 8-bit palette}. */
    public String typeText() {
        return bitsPerSample + "-bit" + switch (sampleFormat) {
            case UINT -> "";
            case INT -> " signed";
            case FLOAT -> " float";
            case INDEX -> " palette";
        };
    }

    /** One line, e.g. {@code TIFF, 30 pages, 512x512, 1 channel, 8-bit, gray, compression LZW}. */
    public String summary() {
        return String.format(Locale.ROOT, "%s, %d page%s, %dx%d, %d channel%s, %s, %s%s, compression %s", format, pages,
                pages == 1 ? "" : "s", height, width, channels, channels == 1 ? "" : "s", typeText(), colour,
                hasAlpha() ? " (alpha ignored)" : "", compression);
    }
}
