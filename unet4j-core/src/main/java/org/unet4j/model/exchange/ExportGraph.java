package org.unet4j.model.exchange;

import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig;
import org.unet4j.model.UNetConfig.Padding;

/**
 * The shape of an exported network: an image in, class probabilities of the same size out.
 *
 * <p>Consumers of bioimage.io models (deepImageJ and QuPath through JDLL, bioimageio.core) tile an
 * image by the output's {@code halo}; JDLL computes output sizes given as an offset from the input
 * wrongly, so the exported graph returns an output as large as its input: an unpadded ("valid")
 * network gets its own context ({@link #pad()}, 92 px for the paper's net) reflect-padded inside the
 * graph, and declares that context as the halo. The reflect padding needs the input larger than the
 * pad, and bioimage.io requires something to be left of the smallest output after the halo is cut
 * from both sides, so the smallest input is the smallest valid size of at least {@code 2 * halo + 1}
 * (196 for the paper's net); sizes grow in steps of {@code 2^depth}. A zero-padded ("same") network is padded by its contamination depth
 * ({@link TilePlan#contaminationDepth}, rounded up to {@code 2^depth}) and its output cropped by as
 * much ({@link #crop()}): as unet4j predicts it, every output pixel is then that of a run on the
 * mirror-extended image, unaffected by the zero padding of the convolutions.
 *
 * @param config the network
 * @param pad pixels reflect-padded on each side inside the graph
 * @param crop pixels cropped from each side of the network's output (same padding), else 0
 * @param halo pixels on each side of an output tile that a consumer should discard
 * @param minSize smallest input size along y and x
 * @param step input sizes are {@code minSize + k * step}
 */
public record ExportGraph(UNetConfig config, int pad, int crop, int halo, int minSize, int step) {
    /** The exported shape of {@code config}. */
    public static ExportGraph of(UNetConfig config) {
        int step = 1 << config.depth();
        if (config.padding() == Padding.SAME) {
            int pad = (TilePlan.contaminationDepth(config) + step - 1) / step * step;
            return new ExportGraph(config, pad, pad, pad, 2 * pad + step, step);
        }
        TileGeometry g = TileGeometry.of(config);
        int pad = g.halo();
        int n = 2 * pad + 1;
        while (!g.isValidInput(n + 2 * pad)) {
            n++;
        }
        return new ExportGraph(config, pad, 0, pad, n, step);
    }

    /** Whether {@code n} is an input size the graph accepts. */
    public boolean isValidSize(int n) {
        return n >= minSize && (n - minSize) % step == 0;
    }

    /** The smallest accepted size {@code >= n}. */
    public int validAtOrAbove(int n) {
        if (n <= minSize) {
            return minSize;
        }
        return minSize + (n - minSize + step - 1) / step * step;
    }
}
