package org.unet4j.data;

/**
 * A part of a larger image: the pixels of {@code region} of an image of
 * {@code fullHeight x fullWidth} that is not held as a whole (a distributed task reads only the
 * part of a large image it needs). {@link Mirror#copyWindow(ImageWindow, int, int, int, int, float[], int)}
 * cuts mirror-extended windows from it in the whole image's coordinates, as from the whole image.
 *
 * @param pixels the part's pixels ({@code region.height() x region.width()}, every channel)
 * @param region where the part lies in the whole image
 */
public record ImageWindow(Image pixels, Region region, int fullHeight, int fullWidth) {
    /**
     * @throws IllegalArgumentException if the part's size differs from its region or the region leaves the image
     */
    public ImageWindow {
        if (pixels.height() != region.height() || pixels.width() != region.width()) {
            throw new IllegalArgumentException("window pixels " + pixels.sizeText() + " do not match region " + region);
        }
        if (!region.within(fullHeight, fullWidth)) {
            throw new IllegalArgumentException("region " + region + " leaves the image of " + fullHeight + "x" + fullWidth);
        }
    }

    /** The whole image as a window of itself. */
    public static ImageWindow whole(Image image) {
        return new ImageWindow(image, Region.whole(image.height(), image.width()), image.height(), image.width());
    }

    /** Input channels. */
    public int channels() {
        return pixels.channels();
    }

    /** Whether this is the whole image. */
    public boolean isWhole() {
        return region.height() == fullHeight && region.width() == fullWidth;
    }
}
