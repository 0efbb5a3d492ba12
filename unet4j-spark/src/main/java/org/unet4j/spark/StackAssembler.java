package org.unet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unet4j.app.PredictionFiles;
import org.unet4j.infer.Prediction;
import org.unet4j.io.AtomicFiles;

/**
 * On the driver: turns the part files of a stack's slices into the stack files {@code unet predict}
 * writes ({@link PredictionFiles#writeStack}: the same writer, pages and order, so the files are byte for byte the same), each renamed
 * into place when complete; then deletes the parts. Slices are streamed: one is in memory at a time.
 */
final class StackAssembler {
    private StackAssembler() {
    }

    /** Assembles the {@code slices} parts of the input named {@code stem} in {@code out}; returns the names written. */
    static List<String> assemble(Path out, String stem, int slices, JobSpec spec) throws IOException {
        Path parts = SlicePart.folder(out, stem);
        SlicePart first = SlicePart.read(SlicePart.file(parts, 0));
        int h = first.height();
        int w = first.width();
        int classes = first.prob().length;
        // unet predict's writer (no network: the outputs come from the parts; the overlay was made by its slice's task)
        PredictionFiles writer = PredictionFiles.writer(1, classes, out, spec.layout(), null, spec.instances(), false);
        try {
            writer.writeStack(stem, h, w, slices, s -> {
                SlicePart p;
                try {
                    p = s == 0 ? first : SlicePart.read(SlicePart.file(parts, s));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (p.height() != h || p.width() != w || p.prob().length != classes) {
                    throw new UncheckedIOException(new IOException(SlicePart.file(parts, s) + " does not belong to the other parts of " + stem));
                }
                return new PredictionFiles.SliceOutputs(new Prediction(h, w, p.prob()), p.foreground(), p.labelImage(), p.instanceImage());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<String> names = OutputNames.of(stem, spec);
        if (spec.overlay()) {
            Path target = out.resolve(names.get(names.size() - 1));
            Files.createDirectories(target.toAbsolutePath().getParent());
            AtomicFiles.move(parts.resolve(OutputNames.OVERLAY_PART), target);
        }
        AtomicFiles.deleteRecursively(parts);
        return names;
    }
}
