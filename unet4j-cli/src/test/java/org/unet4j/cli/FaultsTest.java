package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.ImageFiles;
import org.unet4j.io.Tmpfs;
import org.unet4j.io.Json;
import org.unet4j.train.RunDirectory;

/**
 * The faults of issue 20 through the command line: a full disk during training, full and
 * read-only outputs of augment, evaluate and predict, refused resumes that must change nothing, a
 * run killed before its first checkpoint, NaN pixels, a header that lies about its size. Each is
 * one line on stderr with exit status 2 and nothing left behind. The file-system cases mount a
 * small tmpfs and are skipped where the tests do not run as root.
 */
class FaultsTest {
    @TempDir
    static Path shared;
    static Path images;
    static Path labels;
    /** A finished tiny run of 6 iterations with a checkpoint every 3. */
    static Path trained;

    @TempDir
    Path dir;

    private String stdout;
    private String stderr;

    @BeforeAll
    static void trainOnce() {
        images = shared.resolve("images");
        labels = shared.resolve("labels");
        BlobFolders.write(images, labels, 3, 64, 1);
        trained = shared.resolve("run");
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(TrainCommandTest.args("train",
                "--images", images, "--labels", labels, "--out", trained, "--iterations", 6, "--checkpoint-every", 3, "--val-fraction", 0));
        assertThat(code).as(err.toString()).isZero();
    }

    private int run(Object... parts) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(TrainCommandTest.args(parts));
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    @Test
    void aFullDiskDuringTrainingIsAnInputErrorThatKeepsTheRunResumable() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(dir.resolve("full"), "size=8m")) {
            Path run = fs.dir().resolve("run");
            // a first session with a checkpoint at 3, then a disk that fills up
            assertThat(run("train", "--images", images, "--labels", labels, "--out", run, "--iterations", 3, "--checkpoint-every", 3,
                    "--val-fraction", 0)).as(stderr).isZero();
            byte[] weights = Files.readAllBytes(run.resolve("checkpoints/last/weights.pt"));
            fs.fill(8 << 10);
            assertThat(run("train", "--resume", run, "--iterations", 9)).isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr.strip()).as("one line naming what and how to go on").startsWith("unet train: no space left on device writing")
                    .endsWith("free space and run 'unet train --resume " + run + "' (the last checkpoint is intact)").hasLineCount(1);
            assertThat(Files.readAllBytes(run.resolve("checkpoints/last/weights.pt"))).isEqualTo(weights);
            assertThat(hidden(run)).as("no temporary files or folders are left").isEmpty();
            fs.free();
            assertThat(run("train", "--resume", run, "--iterations", 9)).as(stderr).isZero();
            assertThat(Json.read(run.resolve("checkpoints/last/state.json")).path("iteration").asInt()).isEqualTo(9);
        }
    }

    @Test
    void fullAndReadOnlyOutputsNameThePathAndTheReason() throws Exception {
        try (Tmpfs ro = Tmpfs.mount(dir.resolve("ro"), "size=1m,ro"); Tmpfs full = Tmpfs.mount(dir.resolve("full"), "size=1m")) {
            full.fill(4 << 10);
            Path png = ro.dir().resolve("a.png");
            assertThat(run("augment", "--images", images, "--labels", labels, "--out", png, "--n", 2, "--tile", 60)).isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr.strip()).isEqualTo("unet augment: read-only file system writing " + png + "; write to another place");
            Path fullPng = full.dir().resolve("a.png");
            assertThat(run("augment", "--images", images, "--labels", labels, "--out", fullPng, "--n", 2, "--tile", 60))
                    .isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr.strip()).isEqualTo("unet augment: no space left on device writing " + fullPng + "; free some space or write"
                    + " elsewhere");
            Path json = ro.dir().resolve("s.json");
            assertThat(run("evaluate", "--pred", labels, "--gt", labels, "--json", json)).isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr.strip()).isEqualTo("unet evaluate: read-only file system writing " + json + "; write to another place");
            assertThat(run("predict", "--model", trained, "--input", images, "--out", ro.dir().resolve("p"), "--threads", 1))
                    .isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr.strip()).isEqualTo("unet predict: read-only file system writing " + ro.dir().resolve("p")
                    + "; choose another --out");
            Files.createDirectories(full.dir().resolve("p"));
            assertThat(run("predict", "--model", trained, "--input", images, "--out", full.dir().resolve("p"), "--threads", 1))
                    .isEqualTo(Main.EXIT_INPUT);
            assertThat(lastLine(stderr)).startsWith("unet predict: no space left on device writing " + full.dir().resolve("p"));
            assertThat(hidden(full.dir())).isEmpty();
            Path fresh = full.dir().resolve("q/r");
            assertThat(run("predict", "--model", trained, "--input", images, "--out", fresh, "--threads", 1)).isEqualTo(Main.EXIT_INPUT);
            assertThat(full.dir().resolve("q")).as("the folders a failed predict created are gone again").doesNotExist();
            assertThat(run("train", "--images", images, "--labels", labels, "--out", ro.dir().resolve("run"))).isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr.strip()).isEqualTo("unet train: read-only file system writing " + ro.dir().resolve("run")
                    + "; choose another --out");
        }
    }

    @Test
    void anOutputWhereNoFileCanBeCreatedSaysWhy() {
        Path proc = Path.of("/proc/unet4j-test");
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return; // not Linux
        }
        assertThat(run("train", "--images", images, "--labels", labels, "--out", proc)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).isEqualTo("unet train: no new files can be created in /proc writing " + proc + "; choose another --out");
    }

    @Test
    void aRefusedResumeChangesNothingInTheRun() throws IOException {
        Path run = copy(trained, dir.resolve("busy"));
        byte[] config = Files.readAllBytes(run.resolve("config.json"));
        byte[] log = Files.readAllBytes(run.resolve("log.txt"));
        try (RunDirectory.Lock lock = RunDirectory.open(run).lock()) {
            assertThat(run("train", "--resume", run, "--iterations", 400)).isEqualTo(Main.EXIT_INPUT);
            assertThat(stderr).contains("another training is writing this run folder").hasLineCount(1);
        }
        assertThat(Files.readAllBytes(run.resolve("config.json"))).as("config.json").isEqualTo(config);
        assertThat(Files.readAllBytes(run.resolve("log.txt"))).as("log.txt").isEqualTo(log);

        assertThat(run("train", "--resume", run, "--iterations", 400, "--minutes", 0.0001)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr).contains("give a larger --minutes").hasLineCount(1);
        assertThat(Files.readAllBytes(run.resolve("config.json"))).as("config.json").isEqualTo(config);

        Path weights = run.resolve("checkpoints/last/weights.pt");
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThat(run("train", "--resume", run, "--iterations", 400)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).isEqualTo("unet train: " + weights + ": checksum mismatch (the file is truncated or corrupt), so the"
                + " run cannot be resumed from it; start a new run with --out");
        assertThat(Files.readAllBytes(run.resolve("config.json"))).as("config.json").isEqualTo(config);
        assertThat(Files.readAllBytes(run.resolve("log.txt"))).as("log.txt").isEqualTo(log);
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointResumesFromTheStart() throws IOException {
        Path run = copy(trained, dir.resolve("early"));
        AtomicFiles.deleteRecursively(run.resolve("checkpoints/last"));
        assertThat(run("train", "--resume", run)).as(stderr).isZero();
        assertThat(stdout).contains("no checkpoint yet, starting again from iteration 0");
        assertThat(TrainCommandTest.csv(run)).hasSize(6);
        assertThat(Json.read(run.resolve("checkpoints/last/state.json")).path("iteration").asInt()).isEqualTo(6);
        assertThat(org.unet4j.train.TrainerTest.parameters(run.resolve("checkpoints/last")))
                .as("the same run again: same seed, same settings")
                .containsExactly(org.unet4j.train.TrainerTest.parameters(trained.resolve("checkpoints/last")));
    }

    @Test
    void whatARunKilledWhileCreatingItsFolderLeavesCountsAsEmpty() throws IOException {
        Path half = Files.createDirectories(dir.resolve("half/checkpoints"));
        Files.writeString(half.getParent().resolve(".config.json.999999999.1.tmp"), "{");
        RunDirectory.requireNew(half.getParent());
        Files.writeString(half.resolve("x"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunDirectory.requireNew(half.getParent()))
                .hasMessageContaining("exists and is not empty");
    }

    @Test
    void allBackgroundLabelsAndASingleImageWithoutValidationAreSaid() throws IOException {
        Path im = dir.resolve("one/images");
        Path lab = dir.resolve("one/labels");
        BlobFolders.write(im, lab, 1, 64, 4);
        String name;
        try (Stream<Path> s = Files.list(lab)) {
            name = s.findFirst().orElseThrow().getFileName().toString();
        }
        ImageFiles.writePng(lab.resolve(name), new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_BYTE_GRAY));
        assertThat(run("train", "--images", im, "--labels", lab, "--out", dir.resolve("r"), "--iterations", 1)).as(stderr).isZero();
        assertThat(stderr).contains("unet train: warning: 1 of 1 label images are all background (" + name
                + "); check the label files and the label convention ('unet inspect')");
        assertThat(stderr).contains("unet train: note: a single training image cannot be split, so nothing is held out for validation");
    }

    @Test
    void predictRefusesNanPixelsAndLyingHeaders() throws IOException {
        Path nan = dir.resolve("nan.tif");
        float[] px = new float[32 * 32];
        px[5] = Float.NaN;
        px[40] = Float.POSITIVE_INFINITY;
        ImageFiles.writeFloatTiff(nan, List.of(px), 32, 32);
        Path out = dir.resolve("out");
        assertThat(run("predict", "--model", trained, "--input", nan, "--out", out, "--threads", 1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).isEqualTo("unet predict: " + nan + ": 2 pixels are NaN or infinite (first at x=5 y=0); replace them"
                + " with numbers (Fiji: Process > Noise > Remove NaNs)");
        assertThat(out).as("a refused predict leaves no empty --out behind").doesNotExist();

        Path huge = dir.resolve("huge.tif");
        Files.write(huge, tinyTiffClaiming(46000, 46000));
        assertThat(run("predict", "--model", trained, "--input", huge, "--out", out, "--threads", 1)).isEqualTo(Main.EXIT_INPUT);
        assertThat(stderr.strip()).isEqualTo("unet predict: " + huge + ": the header declares 1 page(s) of 46000x46000 pixels"
                + " (2,116,000,000 bytes of 8-bit samples) but the file has only 1,024 bytes; the file is truncated or corrupt: re-export it");
        assertThat(out).doesNotExist();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    /** An uncompressed 8-bit gray TIFF header declaring {@code w x h} in a file of 1 KiB. */
    static byte[] tinyTiffClaiming(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        int[][] entries = {{256, 4, w}, {257, 4, h}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1}, {273, 4, 200}, {277, 3, 1}, {278, 4, h},
            {279, 4, 800}};
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) e[2]).putShort((short) 0);
            } else {
                b.putInt(e[2]);
            }
        }
        b.putInt(0);
        return b.array();
    }

    /** Hidden entries (temporary files and folders) anywhere under {@code root}, the lock file left out. */
    private static List<Path> hidden(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals(RunDirectory.LOCK))
                    .toList();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(all::add);
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
        return to;
    }
}
