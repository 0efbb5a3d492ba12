package org.unet4j.augment;

import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Mirror;
import org.unet4j.data.SegmentationSample;

/**
 * One resampling pass of a sample through a {@link CoordinateMap}: the image bicubically (or by
 * copying, when the map hits pixels exactly), class labels, instance ids and weights by nearest
 * neighbour, all from the same source positions. Positions outside the source image are mirrored
 * back into it ({@link Mirror}, reflect-101), so borders are never filled with zeros.
 *
 * <p>The image covers the whole tile (the network's input window); labels, instances and weights
 * cover its centre ({@code halo} pixels in from every side: the output window). Nearest neighbour
 * never blends labels, so a tile holds only label values and whole instance ids of the source, and
 * {@link SegmentationSample#IGNORE} pixels stay ignored. The weight of a tile pixel is the
 * precomputed weight of the very source pixel its labels come from, which keeps weights, classes
 * and the ignore mask consistent (see {@link Augmenter} for why weights are resampled, not
 * recomputed).
 *
 * <p>The inner loops run over plain arrays, row by row; a bicubic sample whose 4x4 neighbourhood
 * lies inside the image reads it without any index mirroring.
 */
final class Resampler {
    private Resampler() {
    }

    /** The resampled arrays; instances and weights are {@code null} when the source has none. */
    record Result(Image image, LabelImage classes, LabelImage instances, float[] weights) {
    }

    /**
     * Resamples {@code sample} through {@code map}; labels are taken over the tile's centre, the
     * {@code halo} pixels on each side excluded.
     */
    static Result resample(SegmentationSample sample, CoordinateMap map, int halo) {
        int th = map.height();
        int tw = map.width();
        int oh = th - 2 * halo;
        int ow = tw - 2 * halo;
        Image src = sample.image();
        int channels = src.channels();
        int h = src.height();
        int w = src.width();
        float[] image = new float[channels * th * tw];
        int[] classes = new int[oh * ow];
        int[] instances = sample.instances() == null ? null : new int[oh * ow];
        float[] weights = sample.weights() == null ? null : new float[oh * ow];
        double[] sy = new double[tw];
        double[] sx = new double[tw];
        boolean integral = map.isIntegral();
        for (int y = 0; y < th; y++) {
            map.fillRow(y, sy, sx);
            if (integral) {
                nearestImageRow(src, sy, sx, image, y * tw, th * tw);
            } else {
                bicubicRow(src, sy, sx, image, y * tw, th * tw);
            }
            int oy = y - halo;
            if (oy >= 0 && oy < oh) {
                int[] cls = sample.classes().labels();
                int[] ins = instances == null ? null : sample.instances().labels();
                float[] wts = sample.weights();
                for (int ox = 0; ox < ow; ox++) {
                    int x = ox + halo;
                    int i = Mirror.index((int) Math.floor(sy[x] + 0.5), h) * w + Mirror.index((int) Math.floor(sx[x] + 0.5), w);
                    int o = oy * ow + ox;
                    classes[o] = cls[i];
                    if (ins != null) {
                        instances[o] = ins[i];
                    }
                    if (weights != null) {
                        weights[o] = wts[i];
                    }
                }
            }
        }
        return new Result(new Image(channels, th, tw, image), new LabelImage(oh, ow, classes),
                instances == null ? null : new LabelImage(oh, ow, instances), weights);
    }

    private static void nearestImageRow(Image src, double[] sy, double[] sx, float[] out, int outRow, int outPlane) {
        int h = src.height();
        int w = src.width();
        int plane = h * w;
        float[] px = src.pixels();
        for (int x = 0; x < sx.length; x++) {
            int i = Mirror.index((int) Math.floor(sy[x] + 0.5), h) * w + Mirror.index((int) Math.floor(sx[x] + 0.5), w);
            for (int c = 0; c < src.channels(); c++) {
                out[c * outPlane + outRow + x] = px[c * plane + i];
            }
        }
    }

    private static void bicubicRow(Image src, double[] sy, double[] sx, float[] out, int outRow, int outPlane) {
        int channels = src.channels();
        int h = src.height();
        int w = src.width();
        int plane = h * w;
        float[] px = src.pixels();
        int[] rows = new int[4];
        int[] cols = new int[4];
        float[] r = new float[4];
        for (int x = 0; x < sx.length; x++) {
            double fx = sx[x];
            double fy = sy[x];
            int ix = (int) Math.floor(fx);
            int iy = (int) Math.floor(fy);
            float tx = (float) (fx - ix);
            float ty = (float) (fy - iy);
            // Cubic.weights, inlined in float: this loop runs for every pixel of every tile
            float tx2 = tx * tx;
            float ty2 = ty * ty;
            float wx0 = ((-0.5f * tx + 1f) * tx - 0.5f) * tx;
            float wx1 = (1.5f * tx - 2.5f) * tx2 + 1f;
            float wx2 = ((-1.5f * tx + 2f) * tx + 0.5f) * tx;
            float wx3 = (0.5f * tx - 0.5f) * tx2;
            float wy0 = ((-0.5f * ty + 1f) * ty - 0.5f) * ty;
            float wy1 = (1.5f * ty - 2.5f) * ty2 + 1f;
            float wy2 = ((-1.5f * ty + 2f) * ty + 0.5f) * ty;
            float wy3 = (0.5f * ty - 0.5f) * ty2;
            if (ix >= 1 && ix + 2 < w && iy >= 1 && iy + 2 < h) {
                int base = (iy - 1) * w + ix - 1;
                for (int c = 0; c < channels; c++) {
                    int i = c * plane + base;
                    float r0 = wx0 * px[i] + wx1 * px[i + 1] + wx2 * px[i + 2] + wx3 * px[i + 3];
                    i += w;
                    float r1 = wx0 * px[i] + wx1 * px[i + 1] + wx2 * px[i + 2] + wx3 * px[i + 3];
                    i += w;
                    float r2 = wx0 * px[i] + wx1 * px[i + 1] + wx2 * px[i + 2] + wx3 * px[i + 3];
                    i += w;
                    float r3 = wx0 * px[i] + wx1 * px[i + 1] + wx2 * px[i + 2] + wx3 * px[i + 3];
                    out[c * outPlane + outRow + x] = wy0 * r0 + wy1 * r1 + wy2 * r2 + wy3 * r3;
                }
            } else {
                for (int k = 0; k < 4; k++) {
                    rows[k] = Mirror.index(iy - 1 + k, h) * w;
                    cols[k] = Mirror.index(ix - 1 + k, w);
                }
                for (int c = 0; c < channels; c++) {
                    for (int k = 0; k < 4; k++) {
                        int i = c * plane + rows[k];
                        r[k] = wx0 * px[i + cols[0]] + wx1 * px[i + cols[1]] + wx2 * px[i + cols[2]] + wx3 * px[i + cols[3]];
                    }
                    out[c * outPlane + outRow + x] = wy0 * r[0] + wy1 * r[1] + wy2 * r[2] + wy3 * r[3];
                }
            }
        }
    }
}
