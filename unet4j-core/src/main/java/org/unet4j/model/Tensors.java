package org.unet4j.model;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Plain Java arrays in and out of tensors. Tensors made here own their memory (a copy of the
 * array); call inside a {@link org.bytedeco.javacpp.PointerScope} so they are freed with it.
 */
public final class Tensors {
    private Tensors() {
    }

    /** A float32 CPU tensor of {@code shape} holding a copy of {@code data} (row-major). */
    public static Tensor fromFloats(float[] data, long... shape) {
        NativeEngine.load();
        checkSize(data.length, shape);
        Tensor t = torch.empty(shape);
        t.data_ptr_float().put(data);
        return t;
    }

    /** An int64 CPU tensor of {@code shape} holding {@code data} (row-major). */
    public static Tensor fromInts(int[] data, long... shape) {
        NativeEngine.load();
        checkSize(data.length, shape);
        long[] longs = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            longs[i] = data[i];
        }
        try (LongPointer p = new LongPointer(longs)) {
            return torch.from_blob(p, shape, new TensorOptions(torch.ScalarType.Long)).clone();
        }
    }

    /** The values of {@code t} (any device, any float type) as a row-major float array. */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.device().is_cpu() && t.scalar_type().value == torch.ScalarType.Float.value ? t.contiguous()
                : t.to(new Device(torch.DeviceType.CPU), torch.ScalarType.Float).contiguous();
        float[] out = new float[Math.toIntExact(c.numel())];
        FloatPointer p = c.data_ptr_float();
        p.get(out);
        return out;
    }

    /** The shape of {@code t}. */
    public static long[] shape(Tensor t) {
        long[] s = new long[(int) t.dim()];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.size(i);
        }
        return s;
    }

    private static void checkSize(int length, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException("array of " + length + " values does not fit shape " + Arrays.toString(shape));
        }
    }
}
