package org.unet4j.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link Training} run produced. The run folder is a model: {@link Segmenter#open} and
 * {@code unet predict --model RUN_DIR} use its best checkpoint (else the last).
 *
 * @param runDir the run folder ({@code config.json}, {@code train.csv}, {@code checkpoints/}, {@code report.html})
 * @param iterations steps done
 * @param seconds training time
 * @param stopped whether the run was cancelled before its end (a checkpoint was written)
 * @param lastValidation the last validation's metrics; empty without validation images
 * @param bestIteration the iteration of {@code checkpoints/best}, -1 if none was chosen
 * @param report the report written, or null when {@link Training#withReport(boolean)} turned it off
 * @param summary one line that sums the run up
 */
public record TrainingResult(Path runDir, long iterations, double seconds, boolean stopped, Map<String, Double> lastValidation,
        long bestIteration, Path report, String summary) {
    /** Copies the validation map. */
    public TrainingResult {
        lastValidation = lastValidation == null ? Map.of() : Map.copyOf(lastValidation);
    }
}
