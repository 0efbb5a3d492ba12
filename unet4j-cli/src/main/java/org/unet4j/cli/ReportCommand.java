package org.unet4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.app.RunInputs;
import org.unet4j.app.RunReport;
import org.unet4j.app.TrainingRun;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.RunLayout;
import org.unet4j.train.RunDirectory;
import org.unet4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code unet report}: (re)builds the report of a training run, as {@code unet train} writes it at
 * the end: from the run's {@code train.csv} and {@code config.json}, with a few of its validation
 * images (else training images) predicted by the run's best checkpoint.
 *
 * <p>When the run's data is no longer where {@code config.json} says, the report is still written
 * (curves, metrics of the log, configuration) without example images; the command then warns on
 * the error stream and a note in the report says why, and the exit status is 0: the report is
 * complete for what the run folder holds.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"(Re)build the report of a training run: RUN_DIR/report.html (self-contained HTML: summary, curves,"
                + " example images predicted by the best checkpoint with their errors, metrics, configuration) and"
                + " RUN_DIR/curves.png, as 'unet train' writes them at the end. Works on a finished, stopped or running run.",
            "The example images are the first validation images of the run (re-read from the folders in its config.json),"
                + " or training images when the run has no validation set; when those folders are gone the report is"
                + " written without examples."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder of 'unet train' (its --out).")
    Path runDir;

    @Option(names = "--images", paramLabel = "N", defaultValue = "" + TrainingRun.REPORT_EXAMPLES,
            description = "Example images to show (default: ${DEFAULT-VALUE}; 0 = none, the data is then not read).")
    int images;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the report (default: RUN_DIR/report.html; elsewhere, the run folder is left untouched).")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (images < 0 || images > 100) {
            throw new InvalidInputException("--images " + images + " is out of range; use 0 to 100 example images");
        }
        RunDirectory run = RunDirectory.open(runDir);
        Path checkpoint = RunReport.reportedCheckpoint(run);
        Path html = out != null ? out : run.dir().resolve(RunLayout.REPORT);
        if (Files.isDirectory(html)) {
            throw new InvalidInputException("--out " + html + " is a folder; give a file name such as " + html.resolve("report.html"));
        }
        TrainConfig config = RunInputs.trainConfig(run);
        DeviceChoice device = engine.apply();
        RunInputs.Data data = new RunInputs.Data(null, List.of(), List.of());
        List<String> notes = new ArrayList<>();
        if (images > 0) {
            w.println("loading " + RunInputs.describe(run) + " ...");
            w.flush();
            try {
                data = RunInputs.load(run, config.seed(), true);
                String changes = RunInputs.changes(run, data);
                if (changes != null) {
                    notes.add("Note: " + changes + ".");
                    err.println("unet report: warning: " + changes);
                }
            } catch (InvalidInputException e) {
                String why = e.message(Naming.CLI);
                notes.add("No example images: the run's data could not be read (" + why + ").");
                err.println("unet report: warning: the run's data cannot be read, so the report has no example images: " + why);
            }
            err.flush();
        }
        int shown = Math.min(images, data.validation().isEmpty() ? data.train().size() : data.validation().size());
        RunReport.writeRun(run, html, data.validation(), data.train(), images, notes, config.weightMaps(), device);
        w.println("report: " + html + " (" + shown + " example image" + (shown == 1 ? "" : "s")
                + (shown > 0 ? ", predicted by " + checkpoint : "") + ")");
        w.flush();
        return Main.EXIT_OK;
    }
}
