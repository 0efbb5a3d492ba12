package org.unet4j.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unet4j.io.DataSpec;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Json;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.RunLayout;
import org.unet4j.report.CurvePoint;
import org.unet4j.report.TrainLog;
import org.unet4j.train.RunConfig;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.RunState;

/**
 * What a model's training run says about it, for documentation (an exported package's README): the
 * run's record, its last checkpoint's state and its last validation; all null for a model folder
 * without its run.
 *
 * @param dir the run folder, or null
 * @param config the run's config.json, or null
 * @param state the last checkpoint's state, or null
 * @param lastValidation the last train.csv row with validation, or null
 * @param bestValidation the train.csv row of the best checkpoint, or null
 */
public record RunSummary(Path dir, RunConfig config, RunState state, CurvePoint lastValidation, CurvePoint bestValidation) {
    /** The run behind {@code model}: itself (a run folder), the run around a checkpoint folder, or none. */
    public static RunSummary of(Path model) {
        Path run = runOf(model);
        if (run == null) {
            return new RunSummary(null, null, null, null, null);
        }
        RunDirectory r = RunDirectory.open(run);
        RunConfig config = r.runConfig();
        Path last = run.resolve(RunLayout.CHECKPOINTS).resolve("last");
        RunState state = Files.isRegularFile(last.resolve(RunDirectory.STATE)) ? RunDirectory.readState(last) : null;
        CurvePoint lastVal = null;
        CurvePoint bestVal = null;
        Path csv = run.resolve(RunLayout.CSV);
        if (Files.isRegularFile(csv)) {
            List<CurvePoint> rows = TrainLog.read(csv);
            for (CurvePoint p : rows) {
                if (p.hasValidation()) {
                    lastVal = p;
                    if (state != null && p.iteration() == state.bestIteration()) {
                        bestVal = p;
                    }
                }
            }
        }
        return new RunSummary(run, config, state, lastVal, bestVal);
    }

    /** {@code model} itself if it is a run folder, the run of a checkpoint folder ({@code RUN/checkpoints/best}), else null. */
    private static Path runOf(Path model) {
        Path m = model.toAbsolutePath().normalize();
        Path up = m.getParent() == null ? null : m.getParent();
        Path run = up != null && up.getFileName() != null && up.getFileName().toString().equals(RunLayout.CHECKPOINTS) ? up.getParent() : null;
        for (Path p : new Path[] {m, run}) {
            if (p != null && Files.isRegularFile(p.resolve(ModelFiles.CONFIG))
                    && ModelFiles.RUN_FORMAT.equals(Json.read(p.resolve(ModelFiles.CONFIG)).path("format").asText())) {
                return p;
            }
        }
        return null;
    }

    /** The first validation image of the run, else its first training image (a file, or a stack); null without a run. */
    public Path testImage() {
        if (config == null || config.data() == null) {
            return null;
        }
        DataSpec d = config.data();
        for (String where : new String[] {d.valImages(), d.images()}) {
            if (where == null) {
                continue;
            }
            Path p = Path.of(where);
            if (Files.isRegularFile(p)) {
                return p;
            }
            if (Files.isDirectory(p)) {
                List<Path> files = ImageFiles.listImages(p);
                if (!files.isEmpty()) {
                    return files.get(0);
                }
            }
        }
        return null;
    }
}
