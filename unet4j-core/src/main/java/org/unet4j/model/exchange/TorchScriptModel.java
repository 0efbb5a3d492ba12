package org.unet4j.model.exchange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.InvalidInputException;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.Tensors;

/**
 * A TorchScript model loaded with libtorch's JIT loader ({@code torch::jit::load}): one from a
 * bioimage.io package (written by unet4j or by PyTorch), run on plain float arrays.
 *
 * <p>Owns the loaded module (native memory): {@link #close()} it. Every {@link #forward} runs in
 * its own {@link PointerScope} without autograd; only plain arrays leave it. Not thread-safe.
 */
public final class TorchScriptModel implements AutoCloseable {
    private final Path file;
    private final JitModule module;

    private TorchScriptModel(Path file, JitModule module) {
        this.file = file;
        this.module = module;
    }

    /**
     * Loads {@code file} on the CPU in evaluation mode.
     *
     * @throws InvalidInputException if the file is missing or not a TorchScript archive libtorch can load
     */
    public static TorchScriptModel load(Path file) {
        NativeEngine.load();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " does not exist; give the TorchScript weights file of the model");
        }
        if (PointerScope.getInnerScope() != null) {
            throw new IllegalStateException("load the model outside a PointerScope: it owns long-lived native memory");
        }
        JitModule m;
        try {
            m = torch.load(file.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + " is not a TorchScript archive libtorch can load ("
                    + firstLine(e.getMessage()) + "); export it with torch.jit.script or torch.jit.save");
        }
        m.eval();
        return new TorchScriptModel(file, m);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }

    public Path file() {
        return file;
    }

    /** The result of one forward pass: its shape and values in C order. */
    public record Output(long[] shape, float[] values) {
    }

    /**
     * Runs the model on {@code values} of {@code shape} (e.g. [1, C, H, W], C order, float32).
     *
     * @throws InvalidInputException if the model fails on this input (wrong channel count, size it refuses)
     */
    public Output forward(float[] values, long[] shape) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard();
                FloatPointer staging = new FloatPointer(values)) {
            Tensor x = torch.from_blob(staging, shape).clone();
            IValueVector args = new IValueVector(new IValue(x));
            Tensor y;
            try {
                y = module.forward(args).toTensor().to(torch.ScalarType.Float).contiguous();
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + " failed on an input of shape " + Arrays.toString(shape) + ": "
                        + firstLine(e.getMessage()));
            }
            float[] out = new float[(int) y.numel()];
            y.data_ptr_float().get(out);
            return new Output(Tensors.shape(y), out);
        }
    }

    @Override
    public void close() {
        module.close();
    }
}
