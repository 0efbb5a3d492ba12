package org.unet4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unet4j.InvalidInputException;
import org.unet4j.Phrase;
import org.unet4j.Setting;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.Json;
import org.unet4j.io.OutputException;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.RunLayout;
import org.unet4j.model.UNet;

/**
 * The folder of a training run:
 *
 * <pre>
 * config.json          format "unet4j-run": the training configuration, the data, the network
 * train.csv            iteration, loss, lr, seconds, val_* metrics ({@link ValidationMetric}; validation rows only)
 * log.txt              what happened, with times
 * curves.png           loss and validation curves (redrawn during training)
 * checkpoints/last/    model folder + optimizer.pt + state.json: where --resume continues
 * checkpoints/best/    model folder of the best validation score
 * report.html          the report (written at the end)
 * </pre>
 *
 * A run folder is also a model folder for {@code unet predict --model RUN_DIR}
 * ({@link ModelFiles#resolve}). Checkpoints are written to a temporary folder and renamed, so a
 * killed run never leaves a corrupt one.
 */
public final class RunDirectory {
    public static final String OPTIMIZER = "optimizer.pt";
    public static final String STATE = "state.json";
    /**
     * Folder of a last checkpoint with the moving average of the weights ({@link TrainConfig#ema()}):
     * a model folder of its own, which a resumed run continues averaging.
     */
    public static final String AVERAGE = "average";
    /** Field of {@link #STATE} with the sha256 of {@link #OPTIMIZER}, checked before a resume. */
    static final String OPTIMIZER_SHA256 = "optimizer_sha256";
    /** The lock file of a run being trained ({@link #lock()}). */
    public static final String LOCK = ".lock";
    /**
     * The last column of train.csv: empty while the network learns, {@link Trainer#STALLED} while it
     * counts as having stopped learning ({@link StallDetector}).
     */
    public static final String STATE_COLUMN = "state";
    public static final List<String> CSV_COLUMNS = csvColumns();

    /** Where a run folder comes from, for the messages that ask for one. */
    private static final Phrase EARLIER_RUN = Phrase.format("the %s folder of an earlier 'unet train'", Setting.OUT)
            .cliOnly("the folder of an earlier training run");

    private final Path dir;
    private List<String> csvHeader;
    /** The lock this object holds, so that a nested {@link #lock()} (the command, then the trainer) succeeds. */
    private Lock held;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** A new run folder with {@code config} as its config.json; refuses a folder that exists and is not empty. */
    public static RunDirectory create(Path dir, RunConfig config) {
        return create(dir, (ObjectNode) Json.MAPPER.valueToTree(config));
    }

    /** A new run folder with any JSON object as its config.json (tests); refuses a folder that exists and is not empty. */
    static RunDirectory create(Path dir, ObjectNode config) {
        requireNew(dir);
        RunDirectory run = new RunDirectory(dir);
        boolean existed = Files.exists(dir);
        try {
            Files.createDirectories(dir.resolve(RunLayout.CHECKPOINTS));
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("format", ModelFiles.RUN_FORMAT);
            root.put("version", ModelFiles.VERSION);
            root.setAll(config);
            AtomicFiles.writeString(dir.resolve(ModelFiles.CONFIG), toJson(root));
            AtomicFiles.writeString(dir.resolve(RunLayout.CSV), String.join(",", CSV_COLUMNS) + "\n");
        } catch (IOException | UncheckedIOException e) {
            // a refused command leaves nothing: not a half-made run folder that --out and --resume would both refuse
            removeQuietly(dir, existed);
            UncheckedIOException failure = e instanceof UncheckedIOException u ? u
                    : AtomicFiles.failure(dir, (IOException) e);
            if (failure instanceof OutputException oe) {
                throw oe.withAdvice(Phrase.format("choose another %s", Setting.OUT));
            }
            throw failure;
        }
        return run;
    }

    /** Deletes what {@link #create} made: the folder, or only its contents when it existed (empty) before. */
    private static void removeQuietly(Path dir, boolean existed) {
        try {
            if (existed) {
                try (var s = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        AtomicFiles.deleteRecursively(p);
                    }
                }
            } else {
                AtomicFiles.deleteRecursively(dir);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /**
     * Checks that {@code dir} can become a new run folder, so that a command can fail before it
     * loads its data.
     *
     * @throws InvalidInputException if {@code dir} is a file, or a folder that is not empty
     */
    public static void requireNew(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of("%s is a file; choose a new folder for the run", Setting.OUT.is(dir));
        }
        boolean empty;
        try (var s = Files.list(dir)) {
            // what a run killed while its folder was being created leaves counts as empty
            empty = s.allMatch(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().contains(".tmp")
                    || p.getFileName().toString().equals("checkpoints") && emptyFolder(p));
        } catch (IOException e) {
            throw InvalidInputException.of("%s exists and is not a readable folder; choose another %s", Setting.OUT.is(dir), Setting.OUT);
        }
        if (!empty) {
            throw InvalidInputException.of("%s exists and is not empty; choose a new folder, or continue that run %s", Setting.OUT.is(dir),
                    Phrase.format("with %s", Setting.RESUME.is(dir)).inLibrary("by resuming it"));
        }
    }

    private static boolean emptyFolder(Path p) {
        try (var s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** An existing run folder (for {@code --resume} and {@code unet report}). */
    public static RunDirectory open(Path dir) {
        Path config = dir.resolve(ModelFiles.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw InvalidInputException.of("%s: not a training run folder (no config.json); pass %s", dir, EARLIER_RUN);
        }
        JsonNode root = Json.read(config);
        if (!ModelFiles.RUN_FORMAT.equals(root.path("format").asText())) {
            throw InvalidInputException.of("%s: config.json is not a training run's (format '%s'); pass %s", dir,
                    root.path("format").asText(), EARLIER_RUN);
        }
        return new RunDirectory(dir);
    }

    public Path dir() {
        return dir;
    }

    public ObjectNode config() {
        return (ObjectNode) Json.read(dir.resolve(ModelFiles.CONFIG));
    }

    /**
     * The run's config.json as a record.
     *
     * @throws InvalidInputException if the file is unreadable or a section is damaged
     */
    public RunConfig runConfig() {
        ObjectNode root = config();
        try {
            RunConfig c = Json.MAPPER.treeToValue(root, RunConfig.class);
            if (c == null) {
                throw new IllegalArgumentException("empty");
            }
            return c;
        } catch (IOException | RuntimeException e) {
            // a refused value keeps its words in every naming
            Phrase why = e.getCause() instanceof InvalidInputException i ? i
                    : Phrase.plain(e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0]);
            throw InvalidInputException.of("%s: a section is damaged (%s); restore the file or start a new run",
                    dir.resolve(ModelFiles.CONFIG), why);
        }
    }

    /** Replaces config.json, keeping its format and version (e.g. to record a longer --iterations on resume). */
    public void writeConfig(RunConfig config) {
        ObjectNode root = config();
        root.setAll((ObjectNode) Json.MAPPER.valueToTree(config));
        AtomicFiles.writeString(dir.resolve(ModelFiles.CONFIG), toJson(root));
    }

    /** {@code checkpoints/best} or {@code checkpoints/last} of this run. */
    public Path checkpoint(RunLayout.Checkpoint name) {
        return RunLayout.checkpoint(dir, name);
    }

    /**
     * The last checkpoint, or its previous version if a crash happened while it was replaced.
     *
     * @throws InvalidInputException if there is none, or it is incomplete
     */
    public Path lastCheckpoint() {
        for (Path p : List.of(checkpoint(RunLayout.Checkpoint.LAST), AtomicFiles.previousVersion(checkpoint(RunLayout.Checkpoint.LAST)))) {
            if (Files.isDirectory(p)) {
                for (String f : List.of(ModelFiles.CONFIG, ModelFiles.WEIGHTS, OPTIMIZER, STATE)) {
                    if (!Files.isRegularFile(p.resolve(f))) {
                        throw new InvalidInputException(p + ": checkpoint is incomplete (" + f + " is missing); it cannot be resumed,"
                                + " start a new run or restore the file");
                    }
                }
                return p;
            }
        }
        throw InvalidInputException.of("%s: no checkpoint to resume from (checkpoints/last is missing); the run stopped before its first"
                + " checkpoint: %s starts it again from iteration 0", Setting.RESUME.is(dir),
                Phrase.format("'unet train %s'", Setting.RESUME.is(dir)).cliOnly("resuming it"));
    }

    /** Whether the run has a last checkpoint (or its previous version) to resume from. */
    public boolean hasCheckpoint() {
        return Files.isDirectory(checkpoint(RunLayout.Checkpoint.LAST)) || Files.isDirectory(AtomicFiles.previousVersion(checkpoint(RunLayout.Checkpoint.LAST)));
    }

    /**
     * Everything a resume checks before it changes the run: a complete last checkpoint whose
     * weights match their checksum, iterations and minutes left to train.
     *
     * @param iterations the iterations the resumed run is to reach
     * @param minutes the whole run's time budget (0 = none)
     * @throws InvalidInputException naming the file or value and the ways out
     */
    public RunState checkResumable(int iterations, double minutes) {
        Path last = lastCheckpoint();
        RunState state = resumeState(iterations);
        Path weights = last.resolve(ModelFiles.WEIGHTS);
        requireChecksum(weights, Json.read(last.resolve(ModelFiles.CONFIG)).path("weights").path("sha256").asText(""), last);
        requireChecksum(last.resolve(OPTIMIZER), Json.read(last.resolve(STATE)).path(OPTIMIZER_SHA256).asText(""), last);
        if (runConfig().training().averagesWeights()) {
            Path average = last.resolve(AVERAGE);
            if (!Files.isRegularFile(average.resolve(ModelFiles.WEIGHTS)) || !Files.isRegularFile(average.resolve(ModelFiles.CONFIG))) {
                throw new InvalidInputException(last + ": the checkpoint lacks the moving average of the weights (" + AVERAGE
                        + "/) that this run keeps; it cannot be resumed, restore it or start a new run");
            }
            requireChecksum(average.resolve(ModelFiles.WEIGHTS),
                    Json.read(average.resolve(ModelFiles.CONFIG)).path("weights").path("sha256").asText(""), last);
        }
        if (minutes > 0 && state.elapsedSeconds() >= minutes * 60) {
            throw InvalidInputException.of("run %s has already trained %.1f of its %.1f minutes; give a larger %s to continue it", dir,
                    state.elapsedSeconds() / 60, minutes, Setting.MINUTES);
        }
        return state;
    }

    /** Refuses {@code file} when its sha256 is not {@code expected} (nothing expected: checkpoints written before checksums). */
    private void requireChecksum(Path file, String expected, Path last) {
        if (expected.isEmpty() || expected.equalsIgnoreCase(ModelFiles.sha256(file))) {
            return;
        }
        List<Phrase> ways = new ArrayList<>();
        Path old = AtomicFiles.previousVersion(checkpoint(RunLayout.Checkpoint.LAST));
        if (!last.equals(old) && Files.isRegularFile(old.resolve(STATE))) {
            ways.add(Phrase.plain("resume from the previous checkpoint by renaming " + old + " to " + checkpoint(RunLayout.Checkpoint.LAST)));
        }
        if (Files.isRegularFile(checkpoint(RunLayout.Checkpoint.BEST).resolve(ModelFiles.CONFIG))) {
            ways.add(Phrase.format("predict with its best checkpoint (%s)", Setting.MODEL.is(dir)));
        }
        ways.add(Phrase.format("start a new run with %s", Setting.OUT).inLibrary("start a new run"));
        throw InvalidInputException.of("%s: checksum mismatch (the file is truncated or corrupt), so the run cannot be resumed from it; %s",
                file, Phrase.join(", or ", ways));
    }

    /**
     * The state of the last checkpoint, where a resumed run continues.
     *
     * @param iterations the iterations the resumed run is to reach
     * @throws InvalidInputException if there is no usable checkpoint, or it has done {@code iterations} already
     */
    public RunState resumeState(int iterations) {
        RunState state = readState(lastCheckpoint());
        if (state.iteration() >= iterations) {
            throw InvalidInputException.of("%s: the run has already done %d of its %d iterations; give a larger %s to train on%s", dir,
                    state.iteration(), iterations, Setting.ITERATIONS, Phrase.of("", " (its report: 'unet report " + dir + "')"));
        }
        return state;
    }

    /** The state saved with a checkpoint. */
    public static RunState readState(Path checkpoint) {
        JsonNode s = Json.read(checkpoint.resolve(STATE));
        if (s instanceof ObjectNode o) {
            o.remove(OPTIMIZER_SHA256);
        }
        try {
            return Json.MAPPER.treeToValue(s, RunState.class);
        } catch (IOException e) {
            throw new InvalidInputException(checkpoint.resolve(STATE) + ": damaged (" + e.getMessage().split("\n")[0]
                    + "); restore it or start a new run");
        }
    }

    /** Writes checkpoint {@code name}: the model folder plus, when given, optimizer state and run state. */
    public void saveCheckpoint(RunLayout.Checkpoint name, UNet net, ObjectNode metadata, TrainStep step, RunState state) {
        saveCheckpoint(name, net, metadata, step, state, null);
    }

    /**
     * As {@link #saveCheckpoint(RunLayout.Checkpoint, UNet, ObjectNode, TrainStep, RunState)}, with
     * the moving average of the weights (may be null) in the checkpoint's {@link #AVERAGE} folder.
     */
    public void saveCheckpoint(RunLayout.Checkpoint name, UNet net, ObjectNode metadata, TrainStep step, RunState state, UNet average) {
        ModelFiles.save(net, checkpoint(name), metadata, tmp -> {
            if (average != null) {
                ModelFiles.save(average, tmp.resolve(AVERAGE), metadata);
            }
            String optimizerSha = null;
            if (step != null) {
                step.saveState(tmp.resolve(OPTIMIZER));
                optimizerSha = ModelFiles.sha256(tmp.resolve(OPTIMIZER));
            }
            if (state != null) {
                ObjectNode json = Json.MAPPER.valueToTree(state);
                if (optimizerSha != null) {
                    json.put(OPTIMIZER_SHA256, optimizerSha);
                }
                Files.writeString(tmp.resolve(STATE), toJson(json));
            }
        });
    }

    /** iteration, loss, lr, seconds, then {@code val_} + every {@link ValidationMetric}'s key. */
    private static List<String> csvColumns() {
        List<String> c = new ArrayList<>(List.of("iteration", "loss", "lr", "seconds"));
        for (ValidationMetric m : ValidationMetric.values()) {
            c.add(m.column());
        }
        c.add(STATE_COLUMN);
        return List.copyOf(c);
    }

    /**
     * Appends one row to train.csv (values in the order of its header: {@link #CSV_COLUMNS}, or
     * the shorter header of a run created before a column was added; null for empty).
     */
    public void appendCsv(long iteration, double loss, double lr, double seconds, Map<String, Double> validation) {
        appendCsv(iteration, loss, lr, seconds, validation, "");
    }

    /**
     * Appends one row to train.csv with the run's {@code state} in the last column: empty while the
     * network learns, {@link Trainer#STALLED} while it counts as having stopped learning.
     */
    public void appendCsv(long iteration, double loss, double lr, double seconds, Map<String, Double> validation, String state) {
        StringBuilder sb = new StringBuilder();
        sb.append(iteration).append(',').append(num(loss)).append(',').append(num(lr)).append(',')
                .append(String.format(Locale.ROOT, "%.3f", seconds));
        List<String> columns = csvHeader();
        for (String c : columns.subList(4, columns.size())) {
            if (c.equals(STATE_COLUMN)) {
                sb.append(',').append(state == null ? "" : state);
                continue;
            }
            Double v = validation == null ? null : validation.get(c.substring(ValidationMetric.COLUMN_PREFIX.length()));
            sb.append(',').append(v == null ? "" : num(v));
        }
        append(dir.resolve(RunLayout.CSV), sb.append('\n').toString());
    }

    /** The columns of this run's train.csv header (read once). */
    private List<String> csvHeader() {
        if (csvHeader == null) {
            List<String> h = CSV_COLUMNS;
            try (BufferedReader r = Files.newBufferedReader(dir.resolve(RunLayout.CSV), StandardCharsets.UTF_8)) {
                String line = r.readLine();
                if (line != null && line.startsWith("iteration,")) {
                    h = List.of(line.strip().split(","));
                }
            } catch (IOException e) {
                h = CSV_COLUMNS;
            }
            csvHeader = h;
        }
        return csvHeader;
    }

    /**
     * Appends the network statistics of the step at {@code iteration} (0-based: before its update) to
     * {@code diagnostics.csv}: one row per layer ({@code kind} {@code activation}: mean, std, zero
     * fraction, dead channels), one per parameter ({@code parameter}: norm, gradient norm), and one for
     * the output ({@code output}: the spread of the class-score difference, the total gradient norm).
     */
    public void appendDiagnostics(long iteration, double lr, double loss, NetworkProbe probe) {
        Path file = dir.resolve(RunLayout.DIAGNOSTICS);
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(file)) {
            sb.append("iteration,lr,loss,kind,name,mean,std,zero_fraction,dead_channels,norm,grad_norm\n");
        }
        String head = iteration + "," + num(lr) + "," + num(loss) + ",";
        for (NetworkProbe.LayerStats l : probe.layers()) {
            sb.append(head).append("activation,").append(l.layer()).append(',').append(num(l.mean())).append(',')
                    .append(num(l.std())).append(',').append(num(l.zeroFraction())).append(',').append(num(l.deadChannels()))
                    .append(",,\n");
        }
        for (NetworkProbe.ParameterStats p : probe.parameters()) {
            sb.append(head).append("parameter,").append(p.name()).append(",,,,,").append(num(p.norm())).append(',')
                    .append(num(p.gradNorm())).append('\n');
        }
        sb.append(head).append("output,spread,,").append(num(probe.outputSpread())).append(",,,,").append(num(probe.gradientNorm()))
                .append('\n');
        append(file, sb.toString());
    }

    /**
     * Drops train.csv rows after {@code iteration}, and diagnostics.csv rows of the steps after it
     * (rows a killed run wrote after its last checkpoint).
     */
    public void truncateCsv(long iteration) {
        truncate(dir.resolve(RunLayout.CSV), iteration);
        Path diagnostics = dir.resolve(RunLayout.DIAGNOSTICS);
        if (Files.exists(diagnostics)) {
            truncate(diagnostics, iteration - 1); // its rows name the step before its update: 0 .. iteration - 1
        }
    }

    /** Keeps the header and the rows whose first column is at most {@code last}. */
    private static void truncate(Path csv, long last) {
        try {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                int comma = line.indexOf(',');
                if (keep.isEmpty()) {
                    keep.add(line);
                    continue;
                }
                if (comma < 0) {
                    continue; // a torn last line (cut inside its iteration number) or an empty line
                }
                try {
                    if (Long.parseLong(line.substring(0, comma)) <= last) {
                        keep.add(line);
                    }
                } catch (NumberFormatException e) {
                    // a torn last line: drop it
                }
            }
            AtomicFiles.writeString(csv, String.join("\n", keep) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes the run folder for this process: a lock on {@code .lock} in it, released by
     * {@link Lock#close()} or by the operating system when the process ends, also when it is killed.
     * Then deletes what killed writes left behind (temporary files and checkpoint folders).
     *
     * @throws InvalidInputException if another training holds the folder
     */
    public Lock lock() {
        if (held != null) {
            return new Lock(null, null); // nested: this object holds the folder already; the outer lock releases it
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidInputException(dir + ": another training is writing this run folder right now; wait until it"
                        + " ends (or stop it) before resuming it");
            }
            deleteLeftovers(dir);
            deleteLeftovers(dir.resolve(RunLayout.CHECKPOINTS));
            held = new Lock(channel, this);
            return held;
        } catch (IOException e) {
            throw AtomicFiles.failure(dir.resolve(LOCK), e);
        }
    }

    /** The lock of {@link #lock()}. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final RunDirectory owner;

        private Lock(FileChannel channel, RunDirectory owner) {
            this.channel = channel;
            this.owner = owner;
        }

        @Override
        public void close() {
            if (channel == null) {
                return;
            }
            owner.held = null;
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes the temporary files and folders of {@link AtomicFiles} writes that did not finish. */
    private static void deleteLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> leftovers;
        try (var s = Files.list(folder)) {
            leftovers = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".") && (n.endsWith(".tmp") || n.contains(".tmp-"));
            }).toList();
        }
        for (Path p : leftovers) {
            AtomicFiles.deleteRecursively(p);
        }
    }

    /** Appends a time-stamped line to log.txt. */
    public void log(String message) {
        append(dir.resolve(RunLayout.LOG), LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "  " + message + "\n");
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, e);
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    static String toJson(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
