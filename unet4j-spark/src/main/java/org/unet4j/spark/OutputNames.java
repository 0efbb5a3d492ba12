package org.unet4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The output files {@code unet predict} writes for one input, by the job's options and layout. */
final class OutputNames {
    /** The overlay of a stack's middle slice in its parts folder, until the stack is assembled. */
    static final String OVERLAY_PART = "overlay.png";

    private OutputNames() {
    }

    /** The names (relative to the output folder) of the outputs of the input named {@code stem}, in the order they are written. */
    static List<String> of(String stem, JobSpec spec) {
        List<String> names = new ArrayList<>();
        names.add(spec.layout().fileName(stem, "prob", "tif"));
        names.add(spec.layout().fileName(stem, "fg", "tif"));
        names.add(spec.layout().fileName(stem, "labels", "tif"));
        if (spec.instances()) {
            names.add(spec.layout().fileName(stem, "instances", "tif"));
        }
        if (spec.overlay()) {
            names.add(spec.layout().fileName(stem, "overlay", "png"));
        }
        return names;
    }

    /** Whether every output of {@code stem} is there (each is written atomically: there means complete). */
    static boolean complete(Path out, String stem, JobSpec spec) {
        for (String n : of(stem, spec)) {
            if (!Files.isRegularFile(out.resolve(n))) {
                return false;
            }
        }
        return true;
    }
}
