package org.unet4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import org.unet4j.app.PredictionFiles;
import org.unet4j.data.Image;
import org.unet4j.data.Region;
import org.unet4j.infer.Prediction;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFiles;

/**
 * On the driver: stitches the tile parts of a split single image into its class probabilities
 * and writes the image's outputs with {@code unet predict}'s writer and post-processing
 * ({@link PredictionFiles#write(Path, Prediction, Image, String, long)}), so that instances and
 * the watershed see the whole image, not a part; then deletes the parts. Holds the image's
 * probabilities (classes x height x width floats) while it writes them, as {@code unet predict} does.
 */
final class TileStitcher {
    private TileStitcher() {
    }

    /**
     * Writes the outputs of {@code in} from its parts in the output folder.
     *
     * @return the network tiles the parts ran
     * @throws IOException if a part is missing or unreadable
     */
    static long write(PredictJob.Plan plan, PredictJob.Input in) throws IOException {
        JobSpec spec = plan.spec();
        Path out = Path.of(spec.out());
        Path parts = SlicePart.folder(out, in.stem());
        int h = in.height();
        int w = in.width();
        float[][] prob = new float[plan.classes()][h * w];
        long tiles = 0;
        for (Region r : in.parts()) {
            Path f = TilePart.file(parts, r);
            if (!TilePart.isComplete(f, plan.fingerprint(), r)) {
                throw new IOException(f + " is missing or belongs to another job");
            }
            TilePart p = TilePart.read(f);
            if (p.prob().length != plan.classes()) {
                throw new IOException(f + " has " + p.prob().length + " classes, the model " + plan.classes());
            }
            for (int k = 0; k < plan.classes(); k++) {
                for (int y = 0; y < r.height(); y++) {
                    System.arraycopy(p.prob()[k], y * r.width(), prob[k], (r.y() + y) * w + r.x(), r.width());
                }
            }
            tiles += p.tiles();
        }
        Image raw = spec.overlay() ? ImageFiles.readPage(in.file(), 0) : null;
        PredictionFiles writer = PredictionFiles.writer(plan.inChannels(), plan.classes(), out, spec.layout(), plan.post(), spec.instances(),
                spec.overlay());
        writer.write(in.file(), new Prediction(h, w, prob), raw, "-", tiles);
        AtomicFiles.deleteRecursively(parts);
        return tiles;
    }
}
