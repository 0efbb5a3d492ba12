package org.unet4j.loss;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The paper's energy: a pixel-wise softmax over the class axis combined with the cross-entropy,
 * each pixel weighted by the precomputed map w(x):
 * {@code E = -sum_x w(x) log p_l(x)(x) / sum_x w(x)}.
 *
 * <p><b>Normalisation.</b> The sum is divided by the sum of the weights, so the loss is a weighted
 * mean: its scale does not depend on the tile size, the batch size or w0, and one learning rate
 * works across them. Pixels with weight 0 (ignored, partially annotated) contribute nothing.
 *
 * <p>Computed stably from the logits with {@code log_softmax}. Ignored pixels must carry weight 0
 * and any valid class index as target (the data code maps {@code SegmentationSample.IGNORE} to
 * class 0 with weight 0).
 */
public final class WeightedSoftmaxCrossEntropy {
    private WeightedSoftmaxCrossEntropy() {
    }

    /**
     * @param logits [N, K, H, W] class scores
     * @param targets [N, H, W] int64 class indices in 0..K-1
     * @param weights [N, H, W] float pixel weights (>= 0)
     * @return the scalar loss
     */
    public static Tensor compute(Tensor logits, Tensor targets, Tensor weights) {
        Tensor logp = torch.log_softmax(logits, 1);
        Tensor picked = logp.gather(1, targets.unsqueeze(1)).squeeze(1);
        return picked.mul(weights).sum().neg().div(weights.sum().clamp_min(new org.bytedeco.pytorch.Scalar(1e-12)));
    }
}
