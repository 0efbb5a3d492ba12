package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.Json;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.RunLayout;

/** {@code unet report RUN_DIR}: rebuilds a run's report.html and curves.png from the run folder and its data. */
class ReportCommandTest {
    @TempDir
    static Path shared;
    /** A short run with 3 of its 8 images held out for validation. */
    static Path validated;
    /** A short run without a validation set. */
    static Path unvalidated;

    @TempDir
    Path dir;

    private String stdout;
    private String stderr;

    @BeforeAll
    static void trainTwoShortRuns() {
        Path images = shared.resolve("images");
        Path labels = shared.resolve("labels");
        BlobFolders.write(images, labels, 8, 64, 3);
        validated = shared.resolve("validated");
        unvalidated = shared.resolve("unvalidated");
        for (Object[] run : List.of(new Object[] {validated, "0.4"}, new Object[] {unvalidated, "0"})) {
            StringWriter err = new StringWriter();
            int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(TrainCommandTest.args(
                    "train", "--images", images, "--labels", labels, "--out", run[0], "--val-fraction", run[1], "--iterations", 20,
                    "--validate-every", 0));
            assertThat(code).as(err.toString()).isZero();
        }
    }

    private int run(Object... parts) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            args[i] = parts[i].toString();
        }
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    private static int examples(Path html) throws IOException {
        Matcher m = Pattern.compile("<article class=\"example\">").matcher(Files.readString(html));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void rebuildsTheReportAndTheCurvesOfARun() throws IOException {
        Path run = copy(validated, "run");
        Files.delete(run.resolve(RunLayout.REPORT));
        Files.delete(run.resolve(RunLayout.CURVES));
        assertThat(run("report", run, "--images", 2, "--threads", 1)).as(stderr).isZero();
        assertThat(stderr).isEmpty();
        assertThat(stdout).contains("report: " + run.resolve(RunLayout.REPORT) + " (2 example images, predicted by "
                + run.resolve("checkpoints").resolve("best") + ")");
        assertThat(Files.size(run.resolve(RunLayout.CURVES))).isPositive();
        Path html = run.resolve(RunLayout.REPORT);
        assertThat(examples(html)).isEqualTo(2);
        String text = Files.readString(html);
        assertThat(text).contains("training run run", "validation images predicted by checkpoints/best", "Training curves",
                "validation at iteration 20");
    }

    @Test
    void writesElsewhereWithOutAndThenLeavesTheRunFolderAlone() throws IOException {
        Path run = copy(validated, "run");
        Files.delete(run.resolve(RunLayout.CURVES));
        String before = Files.readString(run.resolve(RunLayout.REPORT));
        Path html = dir.resolve("reports/mine.html");
        assertThat(run("report", run, "--out", html, "--images", 1, "--threads", 1)).as(stderr).isZero();
        assertThat(examples(html)).isEqualTo(1);
        assertThat(Files.readString(run.resolve(RunLayout.REPORT))).isEqualTo(before);
        assertThat(run.resolve(RunLayout.CURVES)).doesNotExist();

        assertThat(run("report", run, "--out", dir, "--threads", 1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--out " + dir + " is a folder; give a file name such as").hasLineCount(1);
    }

    @Test
    void showsTrainingImagesWhenTheRunHasNoValidationSet() throws IOException {
        assertThat(run("report", unvalidated, "--out", dir.resolve("r.html"), "--threads", 1)).as(stderr).isZero();
        assertThat(examples(dir.resolve("r.html"))).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("r.html"))).contains("Examples are training images")
                .contains("predicted by checkpoints/last");
    }

    @Test
    void warnsWhenTheDataChangedSinceTraining() throws IOException {
        Path run = copy(validated, "changed");
        ObjectNode config = (ObjectNode) Json.read(run.resolve(ModelFiles.CONFIG));
        ((ArrayNode) config.get("data").get("validationNames")).add("blob99");
        AtomicFiles.writeString(run.resolve(ModelFiles.CONFIG), Json.MAPPER.writeValueAsString(config));
        assertThat(run("report", run, "--threads", 1)).as(stderr).isZero();
        assertThat(stderr.strip()).isEqualTo("unet report: warning: the validation images changed since the run started"
                + " (4 then, 3 now; 0 new, 1 gone)");
        assertThat(Files.readString(run.resolve(RunLayout.REPORT))).contains("the validation images changed");
    }

    @Test
    void withoutItsDataTheReportHasNoExamplesAndSaysWhy() throws IOException {
        Path run = copy(validated, "moved");
        ObjectNode config = (ObjectNode) Json.read(run.resolve(ModelFiles.CONFIG));
        ((ObjectNode) config.get("data")).put("images", dir.resolve("gone/images").toString());
        AtomicFiles.writeString(run.resolve(ModelFiles.CONFIG), Json.MAPPER.writeValueAsString(config));
        assertThat(run("report", run, "--threads", 1)).as(stderr).isZero();
        assertThat(stderr).startsWith("unet report: warning: the run's data cannot be read, so the report has no example images: ")
                .contains(dir.resolve("gone/images").toString()).hasLineCount(1);
        assertThat(stdout).contains("(0 example images)");
        assertThat(examples(run.resolve(RunLayout.REPORT))).isZero();
        assertThat(Files.readString(run.resolve(RunLayout.REPORT))).contains("No example images", "Training curves");

        assertThat(run("report", run, "--images", 0, "--threads", 1)).as(stderr).isZero();
        assertThat(stderr).as("--images 0 reads no data").isEmpty();
        assertThat(stdout).doesNotContain("loading");
    }

    @Test
    void refusesWhatIsNotARunWithACheckpointInOneLine() throws IOException {
        assertThat(run("report", dir.resolve("nothing"))).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("not a training run folder (no config.json)").hasLineCount(1);
        assertThat(run("report", validated.resolve("checkpoints/best"))).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("config.json is not a training run's (format 'unet4j-model')").hasLineCount(1);

        Path empty = copy(validated, "empty");
        AtomicFiles.deleteRecursively(empty.resolve("checkpoints"));
        assertThat(run("report", empty)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("this training run has no checkpoint yet").hasLineCount(1);

        Path corrupt = copy(validated, "corrupt");
        Path weights = corrupt.resolve("checkpoints/best/weights.pt");
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThat(run("report", corrupt, "--threads", 1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains(weights + ": checksum mismatch").hasLineCount(1);

        assertThat(run("report", validated, "--images", -1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--images -1 is out of range").hasLineCount(1);
    }

    private Path copy(Path run, String name) throws IOException {
        Path copy = dir.resolve(name);
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = copy.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }
}
