package org.unet4j.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.io.FileSaver;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.unet4j.fiji.bridge.Listener;
import org.unet4j.fiji.bridge.TrainEvent;
import org.unet4j.fiji.bridge.TrainOutcome;
import org.unet4j.fiji.bridge.TrainRequest;
import org.unet4j.fiji.loader.EngineLoader;

/**
 * {@code unet4j Train}: trains a U-Net from an open image/stack and its label image/stack (or from
 * folders, as {@code unet train --images --labels}) into a run folder, the same folder as {@code
 * unet train} writes. Interactively it runs in a background thread with the learning curves in a
 * Plot window; Esc (or running the command again) stops it with a checkpoint. In a macro it runs
 * in the macro's thread, so the macro waits for it.
 *
 * <pre>run("unet4j Train", "images=cells.tif labels=cells-labels.tif out=[/runs/cells] minutes=10 base=16 depth=3");</pre>
 */
public class TrainCommand implements PlugIn {
    /** The command's name in ImageJ's menus. */
    public static final String COMMAND = "unet4j Train";

    private static volatile Listener running;
    private static volatile boolean stopRequested;
    private TrainOutcome last;

    @Override
    public void run(String arg) {
        last = null;
        if (running != null && !Ui.noDialog()) {
            if (IJ.showMessageWithCancel(COMMAND, "A training is running. Stop it? (a checkpoint is written, resume= continues it)")) {
                stopRequested = true;
            }
            return;
        }
        try {
            TrainParams p = Ui.options(TrainParams::parse, TrainParams::dialog);
            if (p == null) {
                return;
            }
            if (Ui.noDialog()) {
                last = train(p, listener(), new TrainCurves(!Ui.windowless()));
                report(last);
            } else {
                Thread t = new Thread(() -> {
                    try {
                        report(train(p, listener(), new TrainCurves(true)));
                    } catch (RuntimeException e) {
                        Ui.fail(COMMAND, e);
                    }
                }, "unet4j Train");
                t.setDaemon(false);
                t.start();
            }
        } catch (RuntimeException e) {
            Ui.fail(COMMAND, e);
        }
    }

    /** The outcome of the last synchronous (macro) run of this instance, or null. */
    public TrainOutcome lastOutcome() {
        return last;
    }

    private static void report(TrainOutcome o) {
        IJ.showProgress(1.0);
        IJ.log(COMMAND + ": " + o.summary() + (o.stopped() ? " (stopped: continue with resume=[" + o.runDir() + "])" : "")
                + "; segment with run(\"unet4j Segment\", \"model=[" + o.runDir() + "]\")");
        IJ.showStatus(COMMAND + ": done, " + o.runDir());
    }

    private static Listener listener() {
        Listener ij = Ui.progress(COMMAND);
        stopRequested = false;
        return new Listener() {
            @Override
            public void progress(long done, long total, String status) {
                ij.progress(done, total, status);
            }

            @Override
            public boolean cancelled() {
                return stopRequested || ij.cancelled();
            }
        };
    }

    /** Trains with {@code p}; open images named in {@code images=}/{@code labels=} are written to temporary TIFFs first. */
    public static TrainOutcome train(TrainParams p, Listener listener, Consumer<TrainEvent> events) {
        if (p.out().isEmpty() && p.resume().isEmpty()) {
            throw MacroOptions.bad("out= is missing; give a new (or empty) folder for the run (or resume= the folder of a stopped run)");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("unet4j-train");
            Path images = input("images", p.images(), tmp);
            Path labels = input("labels", p.labels(), tmp);
            Path out = p.out().isEmpty() ? Path.of(p.resume()) : Path.of(p.out());
            TrainRequest r = new TrainRequest(images, labels, out, p.minutes(), p.iterations(), p.base(), p.depth(), p.tile(),
                    p.augment(), p.w0(), p.sigma(), p.lr(), p.seed(), p.validate(), p.resume().isEmpty() ? null : Path.of(p.resume()));
            running = listener;
            return EngineLoader.engine().train(r, listener, events);
        } catch (IOException e) {
            throw MacroOptions.bad("cannot create a temporary folder (" + e.getMessage() + "); free some disk space");
        } finally {
            running = null;
            delete(tmp);
        }
    }

    /** An open image (by title) written as a TIFF into {@code tmp}, else the path itself. */
    static Path input(String key, String value, Path tmp) {
        if (value == null || value.isEmpty()) {
            throw MacroOptions.bad(key + "= is missing; give the title of an open image or a folder/stack file");
        }
        ImagePlus imp = WindowManager.getImage(value);
        if (imp != null) {
            Path file = tmp.resolve(key + ".tif");
            ImagePlus copy = imp.duplicate(); // FileSaver may set the file info of what it saves: never of the source
            copy.setTitle(key + ".tif");
            boolean ok = copy.getStackSize() > 1 ? new FileSaver(copy).saveAsTiffStack(file.toString())
                    : new FileSaver(copy).saveAsTiff(file.toString());
            if (!ok) {
                throw MacroOptions.bad(key + "=" + value + ": cannot write it to " + file + "; free some disk space");
            }
            return file;
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw MacroOptions.bad(key + "=" + value + " is neither an open image nor a file or folder; give a window title or a path");
        }
        return path;
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it
        }
    }
}
