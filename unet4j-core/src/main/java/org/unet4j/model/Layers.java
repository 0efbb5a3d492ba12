package org.unet4j.model;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dOptions;
import org.bytedeco.pytorch.InstanceNorm2dImpl;
import org.bytedeco.pytorch.InstanceNormOptions;

/**
 * The one place where libtorch option objects are built. The JavaCPP option setters write raw
 * memory: {@code opts.stride().put(2L, 2L)} is {@code put(index, value)} and silently writes past
 * the array (LIBTORCH.md). Here every array-valued option is set from a whole {@code long[]}, and
 * the tests check the resulting shapes and a transposed convolution against plain Java loops.
 */
final class Layers {
    private Layers() {
    }

    /** A {@code k x k} convolution, stride 1, zero padding {@code pad} on every side, with bias. */
    static Conv2dImpl conv(long in, long out, int k, int pad) {
        Conv2dOptions o = new Conv2dOptions(in, out, new LongPointer(new long[] {k, k}));
        o.stride().put(new long[] {1, 1});
        o.padding().put(new LongPointer(new long[] {pad, pad}));
        o.dilation().put(new long[] {1, 1});
        o.bias().put(true);
        return new Conv2dImpl(o);
    }

    /** The paper's up-convolution: a 2x2 transposed convolution with stride 2, with bias. */
    static ConvTranspose2dImpl upConv(long in, long out) {
        ConvTranspose2dOptions o = new ConvTranspose2dOptions(in, out, new LongPointer(new long[] {2, 2}));
        o.stride().put(new long[] {2, 2});
        o.padding().put(new long[] {0, 0});
        o.output_padding().put(new long[] {0, 0});
        o.dilation().put(new long[] {1, 1});
        o.bias().put(true);
        return new ConvTranspose2dImpl(o);
    }

    static BatchNorm2dImpl batchNorm(long channels) {
        return new BatchNorm2dImpl(new BatchNormOptions(channels));
    }

    /** Instance normalisation with a learned scale and shift per channel and no running statistics. */
    static InstanceNorm2dImpl instanceNorm(long channels) {
        InstanceNormOptions o = new InstanceNormOptions(channels);
        o.affine().put(true);
        o.track_running_stats().put(false);
        return new InstanceNorm2dImpl(o);
    }
}
