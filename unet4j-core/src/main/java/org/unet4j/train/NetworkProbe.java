package org.unet4j.train;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.unet4j.model.UNet;

/**
 * What the network does inside one training step, as plain numbers: for every layer the mean and
 * spread of its output, the fraction of zero activations and of <em>dead channels</em> (channels
 * whose ReLU output is zero at every pixel of the batch), the spread of the output's class-score
 * difference over the pixels (0 = the network predicts the same everywhere), and for every
 * parameter tensor its norm and its gradient's norm.
 *
 * <p>A {@link UNet.Trace}: pass it to {@link TrainStep#step} and the statistics are computed on the
 * step's own tensors as the forward pass produces them (no second pass), under a
 * {@link NoGradGuard} so that they add nothing to the autograd graph. Only Java numbers leave the
 * step. Used by {@code unet train --diagnostics N} (diagnostics.csv) and by the dead-network check
 * of {@link Trainer}.
 */
public final class NetworkProbe implements UNet.Trace {
    /** The name of the network's output (logits) in a trace. */
    public static final String HEAD = "head";

    /**
     * One layer's output in one step.
     *
     * @param layer the layer's name ({@code down0.conv1}, ..., {@code up0.conv2}, {@code head})
     * @param mean mean of the output
     * @param std standard deviation of the output
     * @param zeroFraction fraction of exactly zero values (after ReLU: inactive units); NaN for the head
     * @param deadChannels fraction of channels that are zero at every pixel of the batch; NaN for the head
     */
    public record LayerStats(String layer, double mean, double std, double zeroFraction, double deadChannels) {
    }

    /**
     * One parameter tensor in one step (after the backward pass, before the update).
     *
     * @param name the parameter ({@code down0.conv1.weight}, ...)
     * @param norm its L2 norm
     * @param gradNorm the L2 norm of its gradient (NaN when it has none)
     */
    public record ParameterStats(String name, double norm, double gradNorm) {
    }

    private final boolean parameters;
    private final List<LayerStats> layers = new ArrayList<>();
    private final List<ParameterStats> params = new ArrayList<>();
    private double outputSpread = Double.NaN;
    private double gradNorm = Double.NaN;

    /**
     * @param parameters whether to record the gradients too (every parameter's norms and the total
     *     gradient norm, after the backward pass); without, only the forward pass is measured
     */
    public NetworkProbe(boolean parameters) {
        this.parameters = parameters;
    }

    @Override
    public Tensor layer(String name, Tensor output) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            Tensor t = output.detach();
            double mean = t.mean().item_double();
            double std = t.numel() > 1 ? t.std().item_double() : 0;
            if (HEAD.equals(name)) {
                // the class-score difference decides the label: its spread over the pixels is 0 when
                // the network outputs the same at every pixel (a dead or collapsed network)
                Tensor diff = t.size(1) >= 2 ? t.select(1, 1).sub(t.select(1, 0)) : t.select(1, 0);
                outputSpread = diff.numel() > 1 ? diff.std().item_double() : 0;
                layers.add(new LayerStats(name, mean, std, Double.NaN, Double.NaN));
            } else {
                double zeros = 1 - t.count_nonzero().item_double() / t.numel();
                Tensor channelMax = t.amax(new long[] {0, 2, 3}, false);
                double dead = channelMax.le(new Scalar(0.0)).sum().item_double() / t.size(1);
                layers.add(new LayerStats(name, mean, std, zeros, dead));
            }
        }
        return output;
    }

    /** Whether {@link #recordGradients} is to be called. */
    boolean recordsGradients() {
        return parameters;
    }

    /** Records the gradients of {@code net} (call after the backward pass, before the optimizer's step). */
    void recordGradients(UNet net) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            StringTensorDict named = net.namedParameters();
            double sq = 0;
            for (long i = 0; i < named.size(); i++) {
                Tensor p = named.get(i).value();
                Tensor g = p.grad();
                double gn = g.defined() ? g.norm().item_double() : Double.NaN;
                if (!Double.isNaN(gn)) {
                    sq += gn * gn;
                }
                params.add(new ParameterStats(named.get(i).key().getString(), p.norm().item_double(), gn));
            }
            gradNorm = Math.sqrt(sq);
        }
    }

    /** The layers of the last step, in the order of the forward pass. */
    public List<LayerStats> layers() {
        return List.copyOf(layers);
    }

    /** The parameters of the last step (empty unless the probe records gradients). */
    public List<ParameterStats> parameters() {
        return List.copyOf(params);
    }

    /** Standard deviation over the pixels of the output's class-score difference (0: constant output). */
    public double outputSpread() {
        return outputSpread;
    }

    /** The L2 norm of all gradients together (NaN unless the probe records gradients). */
    public double gradientNorm() {
        return gradNorm;
    }

    /** The layer with the largest fraction of inactive (zero) units, or null when nothing was recorded. */
    public LayerStats quietest() {
        LayerStats worst = null;
        for (LayerStats l : layers) {
            if (!Double.isNaN(l.zeroFraction()) && (worst == null || l.zeroFraction() > worst.zeroFraction())) {
                worst = l;
            }
        }
        return worst;
    }

    /** Clears the statistics for the next step. */
    void reset() {
        layers.clear();
        params.clear();
        outputSpread = Double.NaN;
        gradNorm = Double.NaN;
    }
}
