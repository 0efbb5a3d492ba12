package org.unet4j.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The layout of a training run folder, defined once for the code that writes it
 * ({@code train.RunDirectory}) and the code that reads it as a model ({@link ModelFiles}):
 * {@code config.json}, {@code train.csv}, {@code log.txt}, {@code curves.png}, {@code report.html}
 * and {@code checkpoints/best|last}, each checkpoint a model folder.
 */
public final class RunLayout {
    /** The run's configuration (and, in a checkpoint, the model's). */
    public static final String CONFIG = ModelFiles.CONFIG;
    /** Iteration, loss, learning rate, seconds and the validation metrics, one row per iteration. */
    public static final String CSV = "train.csv";
    /** Per-layer network statistics, written with {@code unet train --diagnostics N}. */
    public static final String DIAGNOSTICS = "diagnostics.csv";
    /** The run's log lines. */
    public static final String LOG = "log.txt";
    /** The learning curves drawn from {@link #CSV}. */
    public static final String CURVES = "curves.png";
    /** The self-contained HTML report. */
    public static final String REPORT = "report.html";
    /** The folder of the checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** The checkpoints a run keeps. */
    public enum Checkpoint {
        /** The best validation score so far. */
        BEST,
        /** The latest state, with the optimizer's (what a resumed run continues from). */
        LAST;

        /** The folder name: {@code best}, {@code last}. */
        public String folderName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The order in which a run folder used as a model looks for a checkpoint: best, else last. */
    public static final List<Checkpoint> MODEL_ORDER = List.of(Checkpoint.BEST, Checkpoint.LAST);

    private RunLayout() {
    }

    /** {@code runDir/checkpoints/best} or {@code .../last}. */
    public static Path checkpoint(Path runDir, Checkpoint c) {
        return runDir.resolve(CHECKPOINTS).resolve(c.folderName());
    }
}
