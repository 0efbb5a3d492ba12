package org.unet4j.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.unet4j.fiji.bridge.EngineException;
import org.unet4j.fiji.bridge.Listener;

/**
 * What the commands share with ImageJ: whether to build a dialog, showing results, the progress bar
 * with Esc, and errors (one line; a stack trace only in ImageJ's debug mode).
 */
public final class Ui {
    private static volatile String lastError;

    private Ui() {
    }

    /** Whether to read {@link Macro#getOptions()} instead of building a dialog: a macro runs, or there is no display. */
    public static boolean noDialog() {
        return Macro.getOptions() != null || GraphicsEnvironment.isHeadless();
    }

    /** The macro options of this thread, or "" (a headless call without options takes the defaults). */
    /**
     * A command's options: read from the macro when one runs or there is no display, else from its
     * dialog (null: the dialog was cancelled).
     */
    static <T> T options(Function<MacroOptions, T> parse, Supplier<T> dialog) {
        return noDialog() ? parse.apply(macroOptions()) : dialog.get();
    }

    /** The current image; without one, a one-line refusal ending with {@code whatToOpen}. */
    static ImagePlus currentImage(String whatToOpen) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            throw MacroOptions.bad("no image is open; " + whatToOpen);
        }
        return imp;
    }

    static MacroOptions macroOptions() {
        return new MacroOptions(Macro.getOptions());
    }

    /** Whether ImageJ shows no windows: headless, or a macro in batch mode. */
    static boolean windowless() {
        return GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode();
    }

    /** Shows {@code imp} (in batch mode ImageJ keeps it without a window; headless outside batch mode it stays a return value). */
    static void show(ImagePlus imp) {
        if (Interpreter.isBatchMode() || (IJ.isMacro() && IJ.getInstance() == null) || !GraphicsEnvironment.isHeadless()) {
            imp.show();
        }
    }

    /** ImageJ's progress bar and status line; Esc cancels. */
    static Listener progress(String command) {
        IJ.resetEscape();
        return new Listener() {
            @Override
            public void progress(long done, long total, String status) {
                if (total > 0) {
                    IJ.showProgress((double) Math.min(done, total) / total);
                }
                IJ.showStatus(command + ": " + status);
            }

            @Override
            public boolean cancelled() {
                return IJ.escapePressed();
            }
        };
    }

    /**
     * Reports a failure of {@code command}: the one-line message in an error dialog, or in the log
     * when headless (then the macro is aborted); the stack trace only in ImageJ's debug mode.
     */
    static void fail(String command, Throwable e) {
        IJ.showProgress(1.0);
        if (e instanceof CancellationException) {
            IJ.showStatus(command + ": cancelled");
            IJ.log(command + ": cancelled");
            return;
        }
        String message = message(e);
        lastError = message;
        if (IJ.debugMode) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            IJ.log(trace.toString());
        }
        if (GraphicsEnvironment.isHeadless()) {
            IJ.log(message);
            Macro.abort();
        } else {
            IJ.error(command, message);
        }
    }

    /** The one line shown for {@code e}: the engine's (the library's) message, else the exception itself. */
    static String message(Throwable e) {
        if (e instanceof EngineException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "unet4j failed: " + e + " (a bug: please report it with the log of ImageJ's debug mode)";
    }

    /** The message of the last failure reported by a unet4j command in this JVM (for scripts and tests), or null. */
    public static String lastError() {
        return lastError;
    }

    /** Forgets {@link #lastError()}. */
    public static void clearLastError() {
        lastError = null;
    }

    /** The title without its extension ({@code cells.tif} -&gt; {@code cells}). */
    static String baseName(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
    }
}
