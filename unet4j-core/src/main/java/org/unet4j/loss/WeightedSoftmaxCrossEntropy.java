package org.unet4j.loss;

import java.util.Arrays;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.Tensors;

/**
 * The paper's energy function: a pixel-wise softmax over the class axis followed by the weighted
 * cross-entropy
 *
 * <pre>
 *   E = - sum_x w(x) log p_{l(x)}(x) / sum_x w(x)
 * </pre>
 *
 * <p>computed stably from the logits with {@code log_softmax} (no explicit exponentials of the
 * logits). <b>Normalisation:</b> the sum is divided by the sum of the weights (not by the number
 * of pixels, as the paper's plain sum would not be), so the loss scale, and with it the useful
 * learning rate, does not depend on the tile size, the batch size or w0; with all weights 1 it is
 * the ordinary mean cross-entropy. When every weight is 0 the loss is 0 (with zero gradient).
 *
 * <p><b>Ignored pixels:</b> a target below 0 ({@link org.unet4j.data.SegmentationSample#IGNORE})
 * gets weight 0 whatever the weight map says, and its index is clamped to a valid class only so
 * that {@code gather} can run; it contributes nothing to the loss or its gradient.
 */
public final class WeightedSoftmaxCrossEntropy {
    /** Guards the division when all weights are 0. */
    private static final double MIN_WEIGHT_SUM = 1e-12;

    private WeightedSoftmaxCrossEntropy() {
    }

    /**
     * The loss of a batch, as a scalar tensor (differentiable with respect to {@code logits}).
     *
     * @param logits {@code [N, K, H, W]}, float or double
     * @param targets {@code [N, H, W]}, int64 class indices 0..K-1, or negative for ignored pixels
     * @param weights {@code [N, H, W]}, the weight maps w(x) {@code >= 0} (converted to the logits' type)
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Tensor compute(Tensor logits, Tensor targets, Tensor weights) {
        NativeEngine.load();
        checkShapes(logits, targets, weights);
        long k = logits.size(1);
        Tensor logp = torch.log_softmax(logits, 1);
        Tensor valid = targets.ge(new Scalar(0L));
        Tensor index = targets.clamp(new ScalarOptional(new Scalar(0L)), new ScalarOptional(new Scalar(k - 1))).unsqueeze(1);
        Tensor picked = torch.gather(logp, 1, index).squeeze(1);
        Tensor w = weights.to(logits.scalar_type()).masked_fill(valid.logical_not(), new Scalar(0.0));
        Tensor total = w.sum();
        return w.mul(picked).sum().neg().div(total.clamp_min(new Scalar(MIN_WEIGHT_SUM)));
    }

    private static void checkShapes(Tensor logits, Tensor targets, Tensor weights) {
        if (logits.dim() != 4 || targets.dim() != 3 || weights.dim() != 3) {
            throw new IllegalArgumentException("expected logits [N,K,H,W], targets and weights [N,H,W]; got "
                    + shape(logits) + ", " + shape(targets) + ", " + shape(weights));
        }
        for (int d = 0; d < 3; d++) {
            long s = logits.size(d == 0 ? 0 : d + 1);
            if (targets.size(d) != s || weights.size(d) != s) {
                throw new IllegalArgumentException("shapes do not fit: logits " + shape(logits) + ", targets " + shape(targets)
                        + ", weights " + shape(weights));
            }
        }
        if (targets.scalar_type().value != torch.ScalarType.Long.value) {
            throw new IllegalArgumentException("targets must be int64 class indices, got " + targets.scalar_type());
        }
    }

    private static String shape(Tensor t) {
        return Arrays.toString(Tensors.shape(t)).replace(" ", "");
    }
}
