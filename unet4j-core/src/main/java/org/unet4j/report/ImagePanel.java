package org.unet4j.report;

import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

/**
 * One example image of the report with what is known about it, shown side by side: the input, the
 * ground truth, the loss weight map, the predicted probability, the predicted instances and the
 * error map. Everything but the name and the input may be {@code null}; missing pictures are left
 * out.
 *
 * @param name the image's name (file stem)
 * @param input the image (one channel is shown in gray, three as colour)
 * @param truth ground truth: instance ids or class indices, 0 = background, any positive value
 *     foreground, negative values ignored (not annotated)
 * @param weights the loss weight map ({@code height * width}, row-major)
 * @param probability the predicted foreground probability in [0, 1] ({@code height * width})
 * @param predicted predicted instances (0 = background, 1..n) or a binary prediction (0/1)
 */
public record ImagePanel(String name, Image input, LabelImage truth, float[] weights, float[] probability, LabelImage predicted) {
    public ImagePanel {
        if (input == null) {
            throw new IllegalArgumentException("an image panel needs an input image");
        }
        int h = input.height();
        int w = input.width();
        if (truth != null && (truth.height() != h || truth.width() != w)) {
            throw new IllegalArgumentException(name + ": truth " + truth.sizeText() + " does not match image " + input.sizeText());
        }
        if (predicted != null && (predicted.height() != h || predicted.width() != w)) {
            throw new IllegalArgumentException(name + ": prediction " + predicted.sizeText() + " does not match image " + input.sizeText());
        }
        if (weights != null && weights.length != h * w) {
            throw new IllegalArgumentException(name + ": weight map of " + weights.length + " values does not match image " + input.sizeText());
        }
        if (probability != null && probability.length != h * w) {
            throw new IllegalArgumentException(name + ": probability map of " + probability.length + " values does not match image "
                    + input.sizeText());
        }
    }

    /**
     * The predicted foreground: the instances or binary prediction where given, else the
     * probability at 0.5; {@code null} when there is no prediction.
     */
    public boolean[] predictedForeground() {
        int n = input.height() * input.width();
        if (predicted != null) {
            boolean[] f = new boolean[n];
            int[] l = predicted.labels();
            for (int i = 0; i < n; i++) {
                f[i] = l[i] > 0;
            }
            return f;
        }
        if (probability != null) {
            boolean[] f = new boolean[n];
            for (int i = 0; i < n; i++) {
                f[i] = probability[i] >= 0.5f;
            }
            return f;
        }
        return null;
    }
}
