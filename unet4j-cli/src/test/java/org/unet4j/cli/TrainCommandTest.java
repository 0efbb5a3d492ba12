package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.infer.Bf16Support;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.Json;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.RunLayout;
import org.unet4j.train.TrainerTest;

/**
 * {@code unet train} end to end through the command line, on a tiny net (depth 2, base 8, tile 60)
 * and 64 px images of touching blobs: it learns, writes every file it promises, resumes after
 * SIGKILL and Ctrl-C exactly where its checkpoint was, and refuses bad input and damaged
 * checkpoints with one line and exit status 2.
 */
class TrainCommandTest {
    /** The tiny recipe of every run here, options and values (CPU, one thread: reproducible across processes). */
    static final List<String> TINY = List.of("--depth", "2", "--base", "8", "--tile", "60", "--batch", "2", "--seed", "1",
            "--device", "cpu", "--threads", "1", "--workers", "1");

    @TempDir
    static Path shared;
    static Path images;
    static Path labels;
    static Path valImages;
    static Path valLabels;
    /**
     * A finished run of 300 iterations with separate validation folders, trained once for the class;
     * the cosine schedule settles the tiny net's noisy SGD (the constant rate ends anywhere between
     * IoU 0.3 and 0.95 depending on the seed).
     */
    static Path trained;
    static int trainedCode;
    static String trainedErr;

    @TempDir
    Path dir;

    private String stdout;
    private String stderr;

    @BeforeAll
    static void trainOnce() {
        images = shared.resolve("train/images");
        labels = shared.resolve("train/labels");
        valImages = shared.resolve("val/images");
        valLabels = shared.resolve("val/labels");
        BlobFolders.write(images, labels, 8, 64, 1);
        BlobFolders.write(valImages, valLabels, 3, 64, 2);
        trained = shared.resolve("run");
        StringWriter err = new StringWriter();
        trainedCode = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args(
                "train", "--images", images, "--labels", labels, "--val-images", valImages, "--val-labels", valLabels,
                "--out", trained, "--iterations", 300, "--validate-every", 100, "--checkpoint-every", 100, "--schedule", "cosine"));
        trainedErr = err.toString();
    }

    static String[] args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            out.add(p.toString());
        }
        if (out.get(0).equals("train") && !out.contains("--resume")) {
            for (int i = 0; i < TINY.size(); i += 2) {
                if (!out.contains(TINY.get(i))) {
                    out.add(TINY.get(i));
                    out.add(TINY.get(i + 1));
                }
            }
        }
        return out.toArray(new String[0]);
    }

    private int run(Object... parts) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args(parts));
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    /** train.csv as rows of cells (header left out). */
    static List<String[]> csv(Path run) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(run.resolve(RunLayout.CSV));
        assertThat(lines.get(0)).startsWith("iteration,loss,lr,seconds,val_loss,val_iou");
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    private static double meanLoss(List<String[]> rows) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r[1])).average().orElseThrow();
    }

    /** The validation IoU of a run's last validation (train.csv). */
    private static double lastIou(Path run) throws IOException {
        double iou = Double.NaN;
        for (String[] r : csv(run)) {
            if (!r[5].isEmpty()) {
                iou = Double.parseDouble(r[5]);
            }
        }
        return iou;
    }

    @Test
    void fineTuningStartsAtTheParentsValidationScoreAndRecordsItsParent() throws IOException {
        assertThat(trainedCode).as(trainedErr).isZero();
        double parentIou = lastIou(trained);
        Path tuned = dir.resolve("tuned");
        // one step at a vanishing learning rate: the score is the starting network's
        assertThat(run("train", "--init", trained, "--images", images, "--labels", labels, "--val-images", valImages, "--val-labels",
                valLabels, "--out", tuned, "--iterations", 1, "--validate-every", 1, "--lr", "1e-12", "--warmup", 0)).as(stderr).isZero();
        assertThat(stdout).contains("fine-tuning " + trained);
        Path fresh = dir.resolve("fresh");
        assertThat(run("train", "--images", images, "--labels", labels, "--val-images", valImages, "--val-labels", valLabels,
                "--out", fresh, "--iterations", 1, "--validate-every", 1, "--lr", "1e-12", "--warmup", 0)).as(stderr).isZero();
        assertThat(lastIou(tuned)).as("fine-tuned run at step 1 vs the parent's last validation").isCloseTo(parentIou, within(0.01));
        assertThat(lastIou(fresh)).as("a random network").isLessThan(parentIou - 0.2);

        JsonNode parent = Json.read(tuned.resolve("config.json")).path("parent");
        assertThat(parent.path("model").asText()).isEqualTo(trained.toAbsolutePath().normalize().toString());
        assertThat(parent.path("sha256").asText()).isEqualTo(
                Json.read(trained.resolve("checkpoints/best/config.json")).path("weights").path("sha256").asText());
        assertThat(Files.readString(tuned.resolve("log.txt"))).contains("initialised from the weights of");

        // another architecture is refused before anything is written, naming the difference
        Path wider = dir.resolve("wider");
        assertThat(run("train", "--init", trained, "--images", images, "--labels", labels, "--out", wider, "--base", 16)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).contains("the parent has --base 8, this run asks for 16").doesNotContain("\n");
        assertThat(wider).doesNotExist();
        assertThat(run("train", "--init", dir.resolve("nothing"), "--images", images, "--labels", labels, "--out", wider))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(wider).doesNotExist();
    }

    @Test
    void anExportedPackagePredictsAsItsRunAndFineTunes() throws IOException {
        assertThat(trainedCode).as(trainedErr).isZero();
        Path zip = dir.resolve("blobs.zip");
        assertThat(run("export", "--model", trained, "--out", zip, "--author", "Ada Lovelace;EMBL;0000-0002-1825-0097", "--tag", "blobs"))
                .as(stderr).isZero();
        assertThat(stderr).contains("no --license given; the package says CC-BY-4.0");
        assertThat(stdout).contains("wrote " + zip, "TorchScript + ONNX opset 17");
        assertThat(zip).isRegularFile();

        Path viaRun = dir.resolve("via-run");
        Path viaZip = dir.resolve("via-zip");
        assertThat(run("predict", "--model", trained, "--input", valImages, "--out", viaRun, "--instances")).as(stderr).isZero();
        assertThat(run("predict", "--model", zip, "--input", valImages, "--out", viaZip, "--instances")).as(stderr).isZero();
        assertThat(stdout).contains("model " + zip + " (its unet4j model)");
        try (Stream<Path> files = Files.list(viaRun)) {
            for (Path f : files.toList()) {
                assertThat(Files.readAllBytes(viaZip.resolve(f.getFileName()))).as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
            }
        }

        Path tuned = dir.resolve("tuned-from-zip");
        assertThat(run("train", "--init", zip, "--images", images, "--labels", labels, "--val-images", valImages, "--val-labels", valLabels,
                "--out", tuned, "--iterations", 1, "--validate-every", 1, "--lr", "1e-12", "--warmup", 0)).as(stderr).isZero();
        assertThat(lastIou(tuned)).isCloseTo(lastIou(trained), within(0.01));

        // refused in one line, nothing written
        Path bad = dir.resolve("bad.tar");
        assertThat(run("export", "--model", trained, "--out", bad, "--author", "A")).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).contains("a bioimage.io package is a .zip").doesNotContain("\n");
        assertThat(run("export", "--model", trained, "--out", dir.resolve("c.zip"), "--author", "A;B;12")).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("ORCID");
        assertThat(run("export", "--model", trained, "--out", dir.resolve("d.zip"))).isEqualTo(Main.EXIT_INPUT);
        assertThat(bad).doesNotExist();
        assertThat(dir.resolve("c.zip")).doesNotExist();
        assertThat(dir.resolve("d.zip")).doesNotExist();
    }

    @Test
    void aMovingAverageOfTheWeightsIsRecordedKeptAndPredictedWith() throws IOException {
        Path out = dir.resolve("ema");
        assertThat(run("train", "--images", images, "--labels", labels, "--out", out, "--ema", 1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).isEqualTo("unet train: --ema 1.0 is out of range; use 0 (no average) or a decay below 1, e.g. 0.999"
                + " (about the last 1,000 steps)");
        assertThat(out).doesNotExist();
        assertThat(run("train", "--images", images, "--labels", labels, "--out", out, "--iterations", 3, "--ema", 0.9,
                "--val-fraction", 0, "--threads", 1)).as(stderr).isZero();
        assertThat(Json.read(out.resolve("config.json")).path("training").path("ema").asDouble()).isEqualTo(0.9);
        Path last = out.resolve("checkpoints/last");
        assertThat(last.resolve("average/weights.pt")).isRegularFile();
        // no validation data: checkpoints/best, what predict takes, is the average
        assertThat(TrainerTest.parameters(out.resolve("checkpoints/best")))
                .containsExactly(TrainerTest.parameters(last.resolve("average")));
        assertThat(run("train", "--resume", out, "--iterations", 5, "--ema", 0)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--ema cannot be changed");
    }

    @Test
    void bf16TrainingIsRecordedAndWarnedAboutOnACpuWithoutTheInstructions() throws IOException {
        Path out = dir.resolve("bf16");
        String before = System.getProperty(Bf16Support.PROPERTY);
        System.setProperty(Bf16Support.PROPERTY, "false");
        try {
            assertThat(run("train", "--images", images, "--labels", labels, "--out", out, "--iterations", 3, "--precision", "bf16",
                    "--val-fraction", 0)).as(stderr).isZero();
        } finally {
            if (before == null) {
                System.clearProperty(Bf16Support.PROPERTY);
            } else {
                System.setProperty(Bf16Support.PROPERTY, before);
            }
        }
        assertThat(stderr).contains("unet train: warning: this CPU reports no bf16 instructions");
        assertThat(Json.read(out.resolve("config.json")).path("training").path("precision").asText()).isEqualTo("BF16");
        assertThat(csv(out)).hasSize(3).allSatisfy(r -> assertThat(Double.parseDouble(r[1])).isFinite());
        // a resumed run keeps its precision; --precision is not one of the settings --resume may change
        assertThat(run("train", "--resume", out, "--precision", "fp32")).isEqualTo(Main.EXIT_INPUT);
    }

    @Test
    void aTinyNetLearnsToSegmentTouchingBlobs() throws IOException {
        assertThat(trainedCode).as(trainedErr).isZero();
        List<String[]> rows = csv(trained);
        assertThat(rows).hasSize(300);
        double first = meanLoss(rows.subList(0, 20));
        double last = meanLoss(rows.subList(rows.size() - 20, rows.size()));
        assertThat(last).as("mean loss of the last 20 iterations vs the first 20").isLessThan(0.6 * first); // 0.38 to 0.48 with seeds 1-4
        List<Double> iou = new ArrayList<>();
        for (String[] r : rows) {
            if (!r[5].isEmpty()) {
                iou.add(Double.parseDouble(r[5]));
            }
        }
        assertThat(iou).as("validations at 100, 200, 300").hasSize(3);
        assertThat(iou.get(2)).as("final validation IoU").isGreaterThan(0.85); // 0.94 to 0.95 with seeds 1-4
        assertThat(Files.readString(trained.resolve(RunLayout.LOG))).contains("finished 300 iterations");
    }

    @Test
    void theRunFolderHoldsEveryPromisedFileAndIsAModelForPredict() throws IOException {
        assertThat(trainedCode).as(trainedErr).isZero();
        for (String f : List.of("config.json", "train.csv", "log.txt", "curves.png", "report.html", "checkpoints/last/config.json",
                "checkpoints/last/weights.pt", "checkpoints/last/optimizer.pt", "checkpoints/last/state.json",
                "checkpoints/best/config.json", "checkpoints/best/weights.pt")) {
            assertThat(trained.resolve(f)).as(f).isRegularFile();
            assertThat(Files.size(trained.resolve(f))).as(f).isPositive();
        }
        JsonNode config = Json.read(trained.resolve("config.json"));
        assertThat(config.path("format").asText()).isEqualTo(ModelFiles.RUN_FORMAT);
        assertThat(config.path("data").path("valImages").asText()).isEqualTo(valImages.toAbsolutePath().normalize().toString());
        assertThat(config.path("training").path("seed").asLong()).isEqualTo(1);
        assertThat(config.path("command").asText()).startsWith("unet train --images ");
        assertThat(config.path("data").path("labelKind").asText()).isEqualTo("INSTANCES");
        assertThat(Json.read(trained.resolve("checkpoints/last/state.json")).path("iteration").asLong()).isEqualTo(300);
        assertThat(Files.readString(trained.resolve("report.html"))).contains("validation images predicted by checkpoints/best");
        try (Stream<Path> s = Files.list(trained.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("best", "last");
        }

        Path out = dir.resolve("pred");
        assertThat(run("predict", "--model", trained, "--input", valImages, "--out", out, "--threads", "1")).as(stderr).isZero();
        assertThat(stdout).contains("checkpoints" + File.separator + "best");
        assertThat(out.resolve("blob0_labels.tif")).isRegularFile();
    }

    @Test
    void aRunKilledWithSigkillResumesAtItsLastCheckpointAndEndsLikeAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight");
        assertThat(run("train", "--images", images, "--labels", labels, "--out", straight, "--iterations", 60,
                "--validate-every", 0, "--checkpoint-every", 10, "--warmup", 0)).as(stderr).isZero();

        Path killed = dir.resolve("killed");
        Process child = startChild(dir.resolve("child.log"), "train", "--images", images, "--labels", labels, "--out", killed,
                "--iterations", 100_000, "--validate-every", 0, "--checkpoint-every", 10, "--warmup", 0);
        long at;
        try {
            at = waitForCheckpoint(child, killed, 20, dir.resolve("child.log"));
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        long checkpointed = Json.read(killed.resolve("checkpoints/last/state.json")).path("iteration").asLong();
        assertThat(checkpointed).isBetween(at, 50L);
        ModelFiles.load(killed.resolve("checkpoints/last")).close(); // intact after SIGKILL

        assertThat(run("train", "--resume", killed, "--iterations", 60, "--threads", "1")).as(stderr).isZero();
        assertThat(stdout).contains("done after 60 iterations");
        assertThat(Files.readString(killed.resolve(RunLayout.LOG)))
                .contains("at iteration " + checkpointed).contains("finished 60 iterations");
        List<String[]> rows = csv(killed);
        assertThat(rows).hasSize(60);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(Long.parseLong(rows.get(i)[0])).isEqualTo(i + 1);
        }
        List<String[]> straightRows = csv(straight);
        for (int i = 0; i < 60; i++) {
            assertThat(rows.get(i)[1]).as("loss at iteration %d", i + 1).isEqualTo(straightRows.get(i)[1]);
        }
        assertThat(TrainerTest.parameters(killed.resolve("checkpoints/last"))).containsExactly(TrainerTest.parameters(straight.resolve("checkpoints/last")));
        assertThat(Json.read(killed.resolve("config.json")).path("training").path("iterations").asInt()).isEqualTo(60);
        try (Stream<Path> s = Files.list(killed.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no leftovers of the killed writes")
                    .containsExactlyInAnyOrder("best", "last");
        }
    }

    @Test
    void ctrlCStopsAfterTheStepWithACheckpointAndExitStatus130() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "needs kill(1) to send SIGINT");
        Assumptions.assumeTrue(!DEFAULT_SIGINT.isEmpty() || !sigintIgnored(), "SIGINT is ignored here and GNU env cannot restore it");
        Path interrupted = dir.resolve("interrupted");
        Path log = dir.resolve("child.log");
        Process child = startChild(log, "train", "--images", images, "--labels", labels, "--out", interrupted, "--iterations", 100_000,
                "--validate-every", 0, "--checkpoint-every", 1000);
        try {
            waitFor(child, () -> csvRows(interrupted) >= 5, log);
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child stops").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(Main.EXIT_INTERRUPTED);
        long stoppedAt = Json.read(interrupted.resolve("checkpoints/last/state.json")).path("iteration").asLong();
        assertThat(stoppedAt).isGreaterThanOrEqualTo(5).isLessThan(1000);
        assertThat(Files.readString(interrupted.resolve(RunLayout.LOG))).contains("stopped on request at iteration " + stoppedAt);
        assertThat(Files.readString(log)).contains("continue with: unet train --resume");
        assertThat(csvRows(interrupted)).isEqualTo(stoppedAt);

        assertThat(run("train", "--resume", interrupted, "--iterations", stoppedAt + 3, "--threads", "1")).as(stderr).isZero();
        assertThat(Files.readString(interrupted.resolve(RunLayout.LOG))).contains("at iteration " + stoppedAt);
        assertThat(csvRows(interrupted)).isEqualTo(stoppedAt + 3);
    }

    @Test
    void resumeKeepsTheRunsSettingsAndRefusesAFinishedRun() {
        assertThat(trainedCode).as(trainedErr).isZero();
        assertThat(run("train", "--resume", trained, "--lr", "0.1")).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).isEqualTo("unet train: --resume continues a run with its own settings; --lr cannot be changed"
                + " (start a new run with --out instead)");
        assertThat(run("train", "--resume", trained)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("has already done 300 of its 300 iterations; give a larger --iterations").hasLineCount(1);
        assertThat(run("train", "--resume", trained, "--iterations", 200)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("already done 300 of its 200 iterations");
        assertThat(Json.read(trained.resolve("config.json")).path("training").path("iterations").asInt())
                .as("a refused resume leaves config.json alone").isEqualTo(300);
        assertThat(run("train", "--resume", dir.resolve("nothing"))).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("not a training run folder").hasLineCount(1);
    }

    @Test
    void aDamagedOrMissingCheckpointIsAOneLineErrorWithStatus2() throws IOException {
        assertThat(trainedCode).as(trainedErr).isZero();
        Path weights = copyOfTrained("weights").resolve("checkpoints/last/weights.pt");
        truncate(weights);
        assertThat(run("train", "--resume", weights.getParent().getParent().getParent(), "--iterations", 310, "--threads", "1"))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains(weights + ": checksum mismatch (the file is truncated or corrupt)").hasLineCount(1);

        Path optimizer = copyOfTrained("optimizer").resolve("checkpoints/last/optimizer.pt");
        truncate(optimizer);
        assertThat(run("train", "--resume", optimizer.getParent().getParent().getParent(), "--iterations", 310, "--threads", "1"))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains(optimizer + ": checksum mismatch (the file is truncated or corrupt)").hasLineCount(1);
        // a flipped byte that libtorch would read without complaint is caught by the checksum in state.json
        Path flipped = copyOfTrained("flipped").resolve("checkpoints/last/optimizer.pt");
        byte[] bytes = Files.readAllBytes(flipped);
        bytes[bytes.length - 9] ^= 0x10;
        Files.write(flipped, bytes);
        assertThat(run("train", "--resume", flipped.getParent().getParent().getParent(), "--iterations", 310, "--threads", "1"))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains(flipped + ": checksum mismatch").contains("predict with its best checkpoint").hasLineCount(1);

        Path incomplete = copyOfTrained("incomplete");
        Files.delete(incomplete.resolve("checkpoints/last/state.json"));
        assertThat(run("train", "--resume", incomplete, "--iterations", 310)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("checkpoint is incomplete (state.json is missing)").hasLineCount(1);

        Path best = copyOfTrained("best").resolve("checkpoints/best/weights.pt");
        truncate(best);
        assertThat(run("predict", "--model", best.getParent().getParent().getParent(), "--input", valImages, "--out",
                dir.resolve("pred"), "--threads", "1")).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains(best + ": checksum mismatch").hasLineCount(1);
    }

    @Test
    void badOptionsAreOneLineErrorsWithStatus2BeforeAnyDataIsLoaded() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        assertThat(run("train", "--images", images, "--labels", labels, "--out", used)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--out " + used + " exists and is not empty; choose a new folder, or continue that run with"
                + " --resume " + used).hasLineCount(1);

        Path out = dir.resolve("out");
        assertThat(run("train", "--labels", labels, "--out", out)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("missing --images and --labels").hasLineCount(1);
        assertThat(run("train", "--images", images, "--labels", labels, "--val-images", valImages, "--out", out))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--val-images and --val-labels go together").hasLineCount(1);
        assertThat(run("train", "--images", images, "--labels", labels, "--out", out, "--tile", 61)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--tile 61 is not valid for depth 2; nearest valid sizes are 60 and 64").hasLineCount(1);
        assertThat(run("train", "--images", images, "--labels", labels, "--out", out, "--lr", -1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--lr -1.0 is out of range").hasLineCount(1);
        assertThat(run("train", "--images", dir.resolve("no-such-folder"), "--labels", labels, "--out", out))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("no-such-folder").hasLineCount(1);
        assertThat(out).as("no run folder is left by refused commands").doesNotExist();
    }

    @Test
    void presetsSetDefaultsThatExplicitOptionsOverrideAndSparseFoldersTrainWithSkipAndExclude() throws IOException {
        // a folder of frames of which only some have masks, one of them to be left out
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path masks = Files.createDirectories(dir.resolve("masks"));
        try (Stream<Path> s = Files.list(images)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, frames.resolve(p.getFileName()));
            }
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(labels)) {
            all = s.sorted().toList();
        }
        for (Path p : all.subList(0, 4)) {
            Files.copy(p, masks.resolve(p.getFileName()));
        }
        String partial = all.get(3).getFileName().toString();
        Path sparse = dir.resolve("sparse");
        assertThat(run("train", "--images", frames, "--labels", masks, "--out", sparse, "--iterations", 2)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("no label file for this image").contains("--unlabelled skip").hasLineCount(1);
        assertThat(sparse).doesNotExist();
        assertThat(run("train", "--images", frames, "--labels", masks, "--out", sparse, "--unlabelled", "skip", "--exclude", partial,
                "--iterations", 2, "--val-fraction", 0, "--preset", "cells", "--validate-every", 0)).as(stderr).isZero();
        // image and mask share the name here: the pattern leaves out both, the pair goes, the frame is not "unlabelled"
        assertThat(stdout).contains("files: skipped 4 images without a label file").contains("left out 2 files by --exclude")
                .contains("train: 3 images");
        JsonNode config = Json.read(sparse.resolve(RunLayout.CONFIG));
        assertThat(config.path("network").path("norm").asText()).isEqualTo("BATCH");
        assertThat(config.path("training").path("schedule").path("kind").asText()).isEqualTo("POLY");
        assertThat(config.path("training").path("schedule").path("warmup").asInt()).as("a tenth of 2 iterations").isZero();
        assertThat(config.path("training").path("optimizer").path("clipNorm").asDouble()).isEqualTo(1.0);
        assertThat(config.path("training").path("onStall").asText()).isEqualTo("RESTART");

        Path explicit = dir.resolve("explicit");
        assertThat(run("train", "--images", images, "--labels", labels, "--out", explicit, "--iterations", 30, "--val-fraction", 0,
                "--preset", "cells", "--norm", "none", "--schedule", "step", "--validate-every", 0)).as(stderr).isZero();
        JsonNode c2 = Json.read(explicit.resolve(RunLayout.CONFIG));
        assertThat(c2.path("network").path("norm").asText()).isEqualTo("NONE");
        assertThat(c2.path("training").path("schedule").path("kind").asText()).isEqualTo("STEP");
        assertThat(c2.path("training").path("schedule").path("warmup").asInt()).isEqualTo(3);
        assertThat(run("train", "--images", images, "--labels", labels, "--out", dir.resolve("bad"), "--on-stall", "later"))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("--on-stall").hasLineCount(1);
    }

    @Test
    void theNucleiPresetTrainsAContourModelWhoseInstancesAreGrownInteriors() throws IOException {
        Path run = dir.resolve("nuclei");
        assertThat(run("train", "--images", images, "--labels", labels, "--val-images", valImages, "--val-labels", valLabels,
                "--out", run, "--iterations", 120, "--validate-every", 60, "--preset", "nuclei"))
                .as(stderr).isZero();
        assertThat(stdout).contains("target: contours (network classes 0 background, 1 interior, 2 contour of each object)");
        JsonNode config = Json.read(run.resolve(RunLayout.CONFIG));
        assertThat(config.path("network").path("numClasses").asInt()).isEqualTo(3);
        assertThat(config.path("network").path("norm").asText()).isEqualTo("BATCH");
        assertThat(config.path("training").path("weightMaps").path("target").asText()).isEqualTo("CONTOURS");
        JsonNode model = Json.read(run.resolve("checkpoints/best").resolve(ModelFiles.CONFIG));
        assertThat(model.path("labels").path("target").asText()).isEqualTo("CONTOURS");
        assertThat(csv(run).get(59)[10]).as("validation AP of the grown interiors").isNotEmpty();
        assertThat(Files.readString(run.resolve(RunLayout.LOG))).as("auto picks AP for a contour target").contains("best ap");

        Path out = dir.resolve("pred");
        assertThat(run("predict", "--model", run, "--input", valImages, "--out", out, "--instances")).as(stderr).isZero();
        assertThat(stdout).contains("contour model: interiors (p > 0.8) grown into objects (p > 0.7), seeds >= 3 px");
        try (Stream<Path> s = Files.list(out)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).filteredOn(n -> n.endsWith("_instances.tif")).hasSize(3);
            assertThat(names).filteredOn(n -> n.endsWith("_prob.tif")).hasSize(3);
        }
    }

    @Test
    void contourTargetsWithoutInstanceLabelsAreRefusedBeforeTheRunFolderExists() {
        Path out = dir.resolve("refused");
        assertThat(run("train", "--images", images, "--labels", labels, "--out", out, "--iterations", 2, "--labels-as", "binary",
                "--target", "contours")).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).hasLineCount(1).contains("--target contours needs instance labels").contains("read as binary");
        assertThat(out).doesNotExist();
    }

    // --- helpers ---

    private Path copyOfTrained(String name) throws IOException {
        Path copy = dir.resolve(name);
        try (Stream<Path> all = Files.walk(trained)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = copy.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
    }

    private static long csvRows(Path run) {
        try {
            return Files.readAllLines(run.resolve(RunLayout.CSV)).stream().skip(1).filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A child started from a background shell inherits an ignored SIGINT, and a JVM then leaves
     * Ctrl-C ignored; GNU env restores the default where it can.
     */
    private static final List<String> DEFAULT_SIGINT = defaultSigint();

    private static List<String> defaultSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); false where unknown. */
    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** {@code unet ARGS} in a new JVM on this test's class path, output to {@code log}. */
    private static Process startChild(Path log, Object... parts) throws IOException {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args(parts)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until checkpoints/last of {@code run} is at iteration {@code k} or later; returns that iteration. */
    private static long waitForCheckpoint(Process child, Path run, long k, Path log) throws Exception {
        Path state = run.resolve("checkpoints/last/state.json");
        long[] seen = {-1};
        waitFor(child, () -> {
            if (!Files.isRegularFile(state)) {
                return false;
            }
            try {
                seen[0] = Json.MAPPER.readTree(state.toFile()).path("iteration").asLong();
            } catch (IOException e) {
                return false; // replaced while read
            }
            return seen[0] >= k;
        }, log);
        return seen[0];
    }

    private static void waitFor(Process child, BooleanSupplier done, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!done.getAsBoolean()) {
            if (!child.isAlive()) {
                throw new AssertionError("the child ended early (" + child.exitValue() + "): " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child made no progress in 180 s: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
    }
}
