package org.unet4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.ImageJTiff.PixelType;
import org.unet4j.io.ImageJTiff.StackWriter;

/**
 * On the driver: turns the part files of a stack's slices into the stack files {@code unet predict}
 * writes (the same writer, pages and order, so the files are byte for byte the same), each renamed
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
        List<String> names = OutputNames.of(stem, spec);
        try (StackWriter prob = open(out, names.get(0), h, w, PixelType.FLOAT32, classes, slices, 0, 1);
                StackWriter fg = open(out, names.get(1), h, w, PixelType.FLOAT32, 1, slices, 0, 1);
                StackWriter labels = open(out, names.get(2), h, w, PixelType.UINT8, 1, slices, 0, classes - 1);
                StackWriter inst = spec.instances() ? open(out, names.get(3), h, w, PixelType.UINT16, 1, slices, Double.NaN, Double.NaN)
                        : null) {
            for (int s = 0; s < slices; s++) {
                SlicePart p = s == 0 ? first : SlicePart.read(SlicePart.file(parts, s));
                if (p.height() != h || p.width() != w || p.prob().length != classes) {
                    throw new IOException(SlicePart.file(parts, s) + " does not belong to the other parts of " + stem);
                }
                for (float[] plane : p.prob()) {
                    prob.write(plane);
                }
                fg.write(p.foreground());
                labels.write(p.labelImage());
                if (inst != null) {
                    inst.write(p.instanceImage());
                }
            }
            prob.commit();
            fg.commit();
            labels.commit();
            if (inst != null) {
                inst.commit();
            }
        }
        if (spec.overlay()) {
            Path target = out.resolve(names.get(names.size() - 1));
            Files.createDirectories(target.toAbsolutePath().getParent());
            AtomicFiles.move(parts.resolve(OutputNames.OVERLAY_PART), target);
        }
        AtomicFiles.deleteRecursively(parts);
        return names;
    }

    private static StackWriter open(Path out, String name, int h, int w, PixelType type, int channels, int slices, double min,
            double max) {
        return ImageFiles.openStack(out.resolve(name), h, w, type, channels, slices, min, max);
    }
}
