package org.unet4j.fiji.engine;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.data.Image;
import org.unet4j.fiji.bridge.Listener;
import org.unet4j.fiji.bridge.Planes;
import org.unet4j.fiji.bridge.SegmentRequest;
import org.unet4j.fiji.bridge.SegmentResult;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Precision;

/** {@code unet4j Segment} on {@link Segmenter}: plane by plane, cancellable between tiles. */
final class SegmentEngine {
    private SegmentEngine() {
    }

    static SegmentResult segment(SegmentRequest r, Planes in, Listener listener) {
        SegmentOptions options = options(r);
        int n = in.slices().length;
        int pixels = in.height() * in.width();
        try (Segmenter seg = Segmenter.open(r.model(), options)) {
            float[][][] prob = new float[n][][];
            int[][] labels = new int[n][];
            float[][] fg = new float[n][];
            int[][] instances = r.instances() ? new int[n][] : null;
            for (int i = 0; i < n; i++) {
                if (listener.cancelled()) {
                    throw new CancellationException("cancelled");
                }
                Segmentation s = seg.segment(new Image(in.channels(), in.height(), in.width(), in.slices()[i]), new Tiles(listener, i, n));
                prob[i] = s.probabilities();
                labels[i] = s.labels().labels();
                fg[i] = s.foreground();
                if (instances != null) {
                    instances[i] = s.instances().labels();
                }
                assert labels[i].length == pixels;
            }
            listener.progress(n, n, "done");
            String model = seg.modelDir() + ": " + seg.inChannels() + " channel(s), " + seg.numClasses() + " classes";
            return new SegmentResult(model, seg.numClasses(), in.height(), in.width(), prob, labels, fg, instances);
        }
    }

    static SegmentOptions options(SegmentRequest r) {
        if (r.model() == null) {
            throw new InvalidInputException("model= is missing; give a run folder of unet train, a model folder or a bioimage.io package");
        }
        SegmentOptions o = SegmentOptions.defaults().withTile(r.tile() == 0 ? SegmentOptions.AUTO_TILE : r.tile()).withTta(r.tta())
                .withMinSize(r.minSize()).withInstances(r.instances())
                .withThresholds(nullIfNaN(r.seedThreshold()), nullIfNaN(r.floodThreshold())); // NaN = auto: the model's default
        String precision = r.precision() == null ? "fp32" : r.precision().trim().toLowerCase(Locale.ROOT);
        o = switch (precision) {
            case "fp32" -> o.withPrecision(Precision.FP32);
            case "bf16" -> o.withPrecision(Precision.BF16);
            default -> throw new InvalidInputException("precision=" + r.precision() + " is not known; use fp32 or bf16");
        };
        String post = r.postprocess() == null ? "none" : r.postprocess().trim().toLowerCase(Locale.ROOT);
        return switch (post) {
            case "none" -> o.withPostProcess(PostProcessing.Method.NONE);
            case "watershed" -> o.withPostProcess(PostProcessing.Method.WATERSHED);
            default -> throw new InvalidInputException("postprocess=" + r.postprocess() + " is not known; use none or watershed");
        };
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Tiles of plane {@code plane} of {@code planes} as per-mille of the whole; throws when cancelled. */
    private static final class Tiles implements Progress {
        private final Listener listener;
        private final int plane;
        private final int planes;
        private long total = 1;

        Tiles(Listener listener, int plane, int planes) {
            this.listener = listener;
            this.plane = plane;
            this.planes = planes;
        }

        @Override
        public void start(String task, long total) {
            this.total = Math.max(1, total);
        }

        @Override
        public void step(long done, String status) {
            if (listener.cancelled()) {
                throw new CancellationException("cancelled");
            }
            double fraction = (plane + Math.min(1.0, done / (double) total)) / planes;
            listener.progress(Math.round(fraction * 1000), 1000, "plane " + (plane + 1) + "/" + planes);
        }

        @Override
        public void done() {
        }
    }
}
