package org.unet4j.model;

import java.io.File;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads libtorch (the JavaCPP presets' natives from the class path) once per JVM, robustly.
 *
 * <p><b>Why not just {@code Loader.load(torch.class)}.</b> The preset links {@code c10},
 * {@code torch}, {@code torch_cpu} in that order and JavaCPP extracts and loads them one at a
 * time. The bundled {@code libtorch.so} is a small stub that needs {@code libtorch_cpu.so} next to
 * itself ({@code RUNPATH $ORIGIN}); on an empty cache that file is not extracted yet, so the dynamic
 * linker takes a system one if there is one (Debian's {@code libtorch-dev}, a Recommends of
 * {@code python3-torch}, or a conda PyTorch on {@code LD_LIBRARY_PATH}). Two libtorch versions then
 * share process-wide singletons and the process crashes in {@code pthread_mutex_lock}. Measured
 * (docs/BENCHMARKS.md, {@code bench/fresh-load.sh}): plain loading crashed 5 of 5 first loads with
 * Debian's libtorch installed.
 *
 * <p><b>What this does.</b> (1) Extract the whole native folder of the preset into the JavaCPP
 * cache before anything is loaded, so every {@code $ORIGIN} dependency exists. (2) On Linux, load
 * OpenBLAS through its preset, then {@code libgomp.so.1}, {@code libc10.so} and
 * {@code libtorch_cpu.so} from that folder by absolute path, so the linker resolves the later
 * {@code NEEDED} entries to the already-loaded copies by soname instead of searching the library
 * path. (3) Let JavaCPP load the JNI library as usual.
 *
 * <p>The system property {@code unet4j.native.load=plain} switches back to JavaCPP's default
 * loading; it exists only so that {@code bench/fresh-load.sh} can show the difference.
 */
public final class NativeEngine {
    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    private static NativeLoadException failure;
    private static String nativeDir = "";

    private NativeEngine() {
    }

    /**
     * Loads the engine if it is not loaded yet.
     *
     * @throws NativeLoadException with a one-line explanation if the natives cannot be loaded
     */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                doLoad();
                loaded = true;
            } catch (Throwable t) { // UnsatisfiedLinkError, IOException, ...
                failure = new NativeLoadException("cannot load the native engine (libtorch 2.10.0 for "
                        + Loader.getPlatform() + "): " + firstLine(t)
                        + ". Fix: build on a supported platform (linux-x86_64, macosx-arm64, macosx-x86_64, windows-x86_64),"
                        + " remove other libtorch folders from LD_LIBRARY_PATH, or clear the cache folder "
                        + cacheDirText(), t);
                throw failure;
            }
        }
    }

    private static void doLoad() throws Exception {
        if ("plain".equals(System.getProperty("unet4j.native.load"))) {
            // diagnostic only (bench/fresh-load.sh): JavaCPP's default loading, to show the crash it avoids
            Loader.load(torch.class);
            return;
        }
        String platform = Loader.getPlatform();
        String folder = null;
        for (String p : List.of(platform + "-gpu", platform)) {
            if (torch.class.getResource("/org/bytedeco/pytorch/" + p + "/") != null) {
                folder = p;
                break;
            }
        }
        if (folder == null) {
            throw new UnsatisfiedLinkError("no natives for " + platform + " on the class path (is the pytorch jar with classifier "
                    + platform + " there?)");
        }
        File dir = Loader.cacheResource(torch.class, "/org/bytedeco/pytorch/" + folder);
        nativeDir = dir == null ? "" : dir.getPath();
        if (platform.startsWith("linux")) {
            Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            for (String lib : List.of("libgomp.so.1", "libc10.so", "libc10_cuda.so", "libtorch_cpu.so")) {
                File f = new File(dir, lib);
                if (f.isFile()) {
                    System.load(f.getAbsolutePath());
                }
            }
        }
        Loader.load(torch.class);
    }

    /** Whether the engine has been loaded in this JVM. */
    public static boolean isLoaded() {
        return loaded;
    }

    /** The folder the natives were extracted to (empty before loading). */
    public static String nativeDirectory() {
        return nativeDir;
    }

    /** Sets the number of intra-op threads libtorch uses ({@code <= 0}: leave libtorch's default). */
    public static void setThreads(int threads) {
        load();
        if (threads > 0) {
            torch.set_num_threads(threads);
        }
    }

    /** The number of intra-op threads libtorch uses. */
    public static int threads() {
        load();
        return torch.get_num_threads();
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    private static String cacheDirText() {
        try {
            return Loader.getCacheDir().getPath();
        } catch (Exception e) {
            return "~/.javacpp/cache";
        }
    }
}
