package org.unet4j.fiji.engine;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Loader;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.api.Segmenter;
import org.unet4j.fiji.bridge.AugmentRequest;
import org.unet4j.fiji.bridge.AugmentResult;
import org.unet4j.fiji.bridge.Engine;
import org.unet4j.fiji.bridge.EngineException;
import org.unet4j.fiji.bridge.Listener;
import org.unet4j.fiji.bridge.Metrics;
import org.unet4j.fiji.bridge.Planes;
import org.unet4j.fiji.bridge.SegmentRequest;
import org.unet4j.fiji.bridge.SegmentResult;
import org.unet4j.fiji.bridge.TrainEvent;
import org.unet4j.fiji.bridge.TrainOutcome;
import org.unet4j.fiji.bridge.TrainRequest;
import org.unet4j.fiji.bridge.WeightMapRequest;
import org.unet4j.fiji.bridge.WeightMapResult;
import org.unet4j.model.NativeLoadException;

/**
 * The bridge on unet4j-core: every call is translated to the public API, and every library
 * exception to an {@link EngineException} (an input error's message in the words of a macro,
 * {@link Naming#MACRO}), so that no class of this class loader escapes to the plugins except as a cause.
 */
public final class CoreEngine implements Engine {
    /** Made by the plugins' loader through reflection. */
    public CoreEngine() {
    }

    @Override
    public String describe() {
        return guard(() -> "unet4j " + version(Segmenter.class) + ", JavaCPP " + javacppVersion() + " (" + where(Loader.class)
                + "), engine class loader " + CoreEngine.class.getClassLoader().getName());
    }

    @Override
    public SegmentResult segment(SegmentRequest request, Planes input, Listener listener) {
        return guard(() -> SegmentEngine.segment(request, input, listener));
    }

    @Override
    public TrainOutcome train(TrainRequest request, Listener listener, Consumer<TrainEvent> events) {
        return guard(() -> TrainEngine.train(request, listener, events));
    }

    @Override
    public Metrics evaluate(int[][] predicted, int[][] truth, int height, int width) {
        return guard(() -> EvaluateEngine.evaluate(predicted, truth, height, width));
    }

    @Override
    public Metrics evaluate(Path predicted, Path truth) {
        return guard(() -> EvaluateEngine.evaluate(predicted, truth));
    }

    @Override
    public WeightMapResult weightMap(WeightMapRequest request, int[][] labels, int height, int width) {
        return guard(() -> PreviewEngine.weightMap(request, labels, height, width));
    }

    @Override
    public AugmentResult augment(AugmentRequest request) {
        return guard(() -> PreviewEngine.augment(request));
    }

    /** Runs {@code work}, turning the library's exceptions into bridge exceptions. */
    static <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (EngineException | CancellationException e) {
            throw e;
        } catch (InvalidInputException e) {
            // rendered here, inside the core's class loader: the settings named by the plugin's macro keys
            throw new EngineException(EngineException.Kind.INVALID_INPUT, oneLine(e.message(Naming.MACRO)), e);
        } catch (NativeLoadException e) {
            throw new EngineException(EngineException.Kind.NATIVE_LOAD, oneLine(e.getMessage()), e);
        } catch (RuntimeException | LinkageError e) {
            throw new EngineException(EngineException.Kind.INTERNAL, "unet4j failed: " + oneLine(String.valueOf(e))
                    + " (a bug: please report it with the log of ImageJ's debug mode)", e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    /** The JavaCPP that this engine runs on (1.5.13), whatever the plugins' class path holds. */
    static String javacppVersion() {
        try {
            return Loader.getVersion();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String version(Class<?> c) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v != null ? v : "(" + where(c) + ")";
    }

    private static String where(Class<?> c) {
        var source = c.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "?" : Path.of(source.getLocation().getPath()).getFileName().toString();
    }
}
