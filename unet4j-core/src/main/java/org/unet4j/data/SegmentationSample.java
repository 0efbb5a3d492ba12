package org.unet4j.data;

/**
 * One annotated image ready for training or validation.
 *
 * @param name where it came from, for messages (file stem, or "volume.tif page 3")
 * @param image the image (normalised once it reaches the network)
 * @param classes per-pixel class indices 0..K-1, or {@link #IGNORE} for pixels excluded from the
 *     loss (partial annotations)
 * @param instances per-pixel object ids (0 = background, each object its own id), or {@code null}
 *     when the annotation has no instances; separation borders are derived from them
 * @param weights the per-pixel loss weights w(x) ({@code height * width}, row-major), or
 *     {@code null} until they are computed
 */
public record SegmentationSample(String name, Image image, LabelImage classes, LabelImage instances, float[] weights) {
    /** Class value of pixels that are excluded from the loss. */
    public static final int IGNORE = -1;

    public SegmentationSample {
        if (image == null || classes == null) {
            throw new IllegalArgumentException("a sample needs an image and class labels");
        }
        if (classes.height() != image.height() || classes.width() != image.width()) {
            throw new IllegalArgumentException(name + ": labels " + classes.sizeText() + " do not match image " + image.sizeText());
        }
        if (instances != null && (instances.height() != image.height() || instances.width() != image.width())) {
            throw new IllegalArgumentException(name + ": instances " + instances.sizeText() + " do not match image " + image.sizeText());
        }
        if (weights != null && weights.length != image.height() * image.width()) {
            throw new IllegalArgumentException(name + ": weight map of " + weights.length + " values does not match image " + image.sizeText());
        }
    }

    public int height() {
        return image.height();
    }

    public int width() {
        return image.width();
    }

    public SegmentationSample withImage(Image newImage) {
        return new SegmentationSample(name, newImage, classes, instances, weights);
    }

    public SegmentationSample withClasses(LabelImage newClasses) {
        return new SegmentationSample(name, image, newClasses, instances, weights);
    }

    public SegmentationSample withWeights(float[] newWeights) {
        return new SegmentationSample(name, image, classes, instances, newWeights);
    }
}
