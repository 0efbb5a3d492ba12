package org.unet4j.fiji;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;

/** Runs ImageJ commands as IJ1 does for run("cmd", "options"), without menus or a display. */
final class Ij {
    private Ij() {
    }

    /** ImageJ's batch mode (as setBatchMode(true) in a macro): shown images are kept without windows and found by title. */
    static void batchMode(boolean on) {
        try {
            Method m = Interpreter.class.getDeclaredMethod("setBatchMode", boolean.class);
            m.setAccessible(true);
            m.invoke(null, on);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code plugin.run("")} on a thread named "Run$_..." with {@code options} as its macro options and {@code current} as the current image. */
    static void run(PlugIn plugin, String arg, String options, ImagePlus current) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Macro.setOptions(options);
                if (current != null) {
                    WindowManager.setTempCurrentImage(current);
                }
                plugin.run(arg);
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                Macro.setOptions(null);
                WindowManager.setTempCurrentImage(null);
            }
        }, "Run$_" + plugin.getClass().getSimpleName());
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw new AssertionError("the plugin threw instead of reporting", failure.get());
        }
    }
}
