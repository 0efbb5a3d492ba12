package org.unet4j.fiji.bridge;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a training produced.
 *
 * @param runDir the run folder, a model for {@code unet4j Segment}
 * @param iterations steps done
 * @param seconds training time
 * @param stopped whether it was stopped before its end (a checkpoint was written)
 * @param lastValidation the last validation's metrics, empty without validation
 * @param summary one line
 */
public record TrainOutcome(Path runDir, long iterations, double seconds, boolean stopped, Map<String, Double> lastValidation,
        String summary) {
}
