package org.unet4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig.Upsampling;

class UNetTest {
    @BeforeAll
    static void engine() {
        NativeEngine.load();
        UNet.seed(1);
    }

    @Test
    void paperNetHasEveryLayerShapeOfTheFigureAndTheParameterCount() {
        UNetConfig config = UNetConfig.paper();
        List<TileGeometry.Layer> expected = TileGeometry.of(config).layers(572, 572);
        List<TileGeometry.Layer> actual = new ArrayList<>();
        try (UNet net = UNet.create(config); PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            net.eval();
            long params = 0;
            StringTensorDict named = net.namedParameters();
            for (long i = 0; i < named.size(); i++) {
                params += named.get(i).value().numel();
            }
            assertThat(params).isEqualTo(31_030_658L);
            Tensor out = net.forward(torch.randn(1, 1, 572, 572), (name, t) -> {
                actual.add(new TileGeometry.Layer(name, (int) t.size(1), (int) t.size(2), (int) t.size(3)));
                return t;
            });
            assertThat(Tensors.shape(out)).containsExactly(1, 2, 388, 388);
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        long convs = actual.stream().filter(l -> l.name().matches(".*(conv1|conv2|upconv|head)")).count();
        assertThat(convs).isEqualTo(23);
    }

    @Test
    void itsPartsChainedAreTheForwardPassLayerByLayer() {
        UNetConfig c = UNetConfig.paper().withDepth(2).withBaseChannels(4);
        try (UNet net = UNet.create(c); PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            net.eval();
            Tensor x = torch.randn(1, 1, 44, 44);
            List<String> traced = new ArrayList<>();
            Tensor expected = net.forward(x, new UNet.Trace() {
                @Override
                public Tensor layer(String name, Tensor t) {
                    traced.add(name);
                    return t;
                }

                @Override
                public Tensor operation(String name, Tensor t) {
                    traced.add(name);
                    return t;
                }
            });
            Map<String, Tensor> outputs = new HashMap<>();
            outputs.put(UNet.Part.INPUT, x);
            Tensor y = null;
            List<String> names = new ArrayList<>();
            for (UNet.Part p : net.parts()) {
                y = p.run(p.inputs().stream().map(outputs::get).toArray(Tensor[]::new));
                outputs.put(p.name(), y);
                names.add(p.name());
            }
            assertThat(names).containsExactlyElementsOf(traced).contains(UNet.DROPOUT);
            assertThat(Tensors.shape(y)).containsExactly(Tensors.shape(expected));
            assertThat(y.sub(expected).abs().max().item_double()).isZero();
        }
    }

    @Test
    void nchwAndChannelsLastGiveTheSameLogitsAndGradients() {
        // the layouts take different oneDNN kernels (and reorders): the same numbers up to rounding
        UNetConfig c = UNetConfig.paper().withDepth(2).withBaseChannels(4).withNumClasses(3).withDropout(0);
        try (UNet net = UNet.create(c); PointerScope scope = new PointerScope()) {
            net.train();
            Tensor x = torch.randn(2, 1, 44, 44);
            float[][] logits = new float[2][];
            float[][] grads = new float[2][];
            for (int layout = 0; layout < 2; layout++) {
                if (layout == 1) {
                    net.setMemoryFormat(torch.MemoryFormat.ChannelsLast);
                }
                Tensor y = net.forward(x);
                logits[layout] = Tensors.toFloats(y);
                y.mul(y).sum().backward();
                Tensor headWeight = null;
                StringTensorDict named = net.namedParameters();
                for (long i = 0; i < named.size(); i++) {
                    if (named.get(i).key().getString().equals("head.weight")) {
                        headWeight = named.get(i).value();
                    }
                }
                grads[layout] = Tensors.toFloats(headWeight.grad());
                try (NoGradGuard g = new NoGradGuard()) {
                    headWeight.grad().zero_();
                }
            }
            assertThat(logits[0].length).isEqualTo(2 * 3 * TileGeometry.of(c).outputSize(44) * TileGeometry.of(c).outputSize(44));
            for (int i = 0; i < logits[0].length; i++) {
                assertThat(logits[1][i]).isCloseTo(logits[0][i], within(1e-4f));
            }
            for (int i = 0; i < grads[0].length; i++) {
                assertThat(grads[1][i]).isCloseTo(grads[0][i], within(1e-3f * (1 + Math.abs(grads[0][i]))));
            }
        }
    }

    @Test
    void smallVariantsProduceTheGeometrysOutputSize() {
        for (UNetConfig c : List.of(
                new UNetConfig(1, 2, 2, 4, Padding.VALID, Upsampling.TRANSPOSED, UNetConfig.Norm.NONE, 0.5),
                new UNetConfig(3, 4, 3, 4, Padding.VALID, Upsampling.BILINEAR, UNetConfig.Norm.BATCH, 0.0),
                new UNetConfig(1, 2, 2, 4, Padding.SAME, Upsampling.TRANSPOSED, UNetConfig.Norm.NONE, 0.5),
                new UNetConfig(1, 3, 2, 4, Padding.VALID, Upsampling.TRANSPOSED, UNetConfig.Norm.INSTANCE, 0.5))) {
            TileGeometry g = TileGeometry.of(c);
            int in = g.validAtOrAbove(60);
            try (UNet net = UNet.create(c); PointerScope scope = new PointerScope()) {
                net.eval();
                long params = 0;
                StringTensorDict named = net.namedParameters();
                for (long i = 0; i < named.size(); i++) {
                    params += named.get(i).value().numel();
                }
                assertThat(params).as("parameters of %s", c).isEqualTo(c.parameterCount());
                Tensor out = net.forward(torch.randn(2, c.inChannels(), in, in));
                assertThat(Tensors.shape(out)).as("%s", c).containsExactly(2, c.numClasses(), g.outputSize(in), g.outputSize(in));
            }
        }
    }

    @Test
    void forwardReleasesItsIntermediatesButNotTheInput() {
        UNetConfig c = new UNetConfig(1, 2, 2, 4, Padding.VALID, Upsampling.BILINEAR, UNetConfig.Norm.BATCH, 0.5);
        try (UNet net = UNet.create(c); PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            net.eval();
            Tensor x = torch.randn(1, 1, 60, 60);
            float[] before = Tensors.toFloats(x);
            float[] first = Tensors.toFloats(net.forward(x));
            assertThat(Tensors.toFloats(x)).containsExactly(before);
            assertThat(Tensors.toFloats(net.forward(x))).containsExactly(first);
        }
    }

    /** The up-convolution against plain loops: out[o][2y+dy][2x+dx] = b[o] + sum_i in[i][y][x] * W[i][o][dy][dx]. */
    @Test
    void transposedConvolutionIsTwoByTwoStrideTwo() {
        int cin = 2;
        int cout = 3;
        int h = 3;
        int w = 4;
        Random r = new Random(5);
        float[] in = new float[cin * h * w];
        float[] wt = new float[cin * cout * 4];
        float[] b = new float[cout];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < wt.length; i++) {
            wt[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        float[] expected = new float[cout * 2 * h * 2 * w];
        for (int o = 0; o < cout; o++) {
            for (int y = 0; y < 2 * h; y++) {
                for (int x = 0; x < 2 * w; x++) {
                    double s = b[o];
                    for (int i = 0; i < cin; i++) {
                        s += in[(i * h + y / 2) * w + x / 2] * wt[((i * cout + o) * 2 + y % 2) * 2 + x % 2];
                    }
                    expected[(o * 2 * h + y) * 2 * w + x] = (float) s;
                }
            }
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            ConvTranspose2dImpl up = Layers.upConv(cin, cout);
            up.weight().copy_(Tensors.fromFloats(wt, cin, cout, 2, 2));
            up.bias().copy_(Tensors.fromFloats(b, cout));
            Tensor out = up.forward(Tensors.fromFloats(in, 1, cin, h, w));
            assertThat(Tensors.shape(out)).containsExactly(1, cout, 2 * h, 2 * w);
            float[] actual = Tensors.toFloats(out);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    @Test
    void heInitialisationHasStdSqrtTwoOverFanInAndZeroBiases() {
        UNetConfig config = UNetConfig.paper().withBaseChannels(16);
        try (UNet net = UNet.create(config); PointerScope scope = new PointerScope()) {
            StringTensorDict named = net.namedParameters();
            for (long i = 0; i < named.size(); i++) {
                String name = named.get(i).key().getString();
                Tensor p = named.get(i).value();
                if (name.endsWith(".bias")) {
                    assertThat(p.abs().max().item_double()).as(name).isZero();
                    continue;
                }
                long fanIn = paperFanIn(config, name);
                double expected = Math.sqrt(2.0 / fanIn);
                double std = p.std().item_double();
                // the sample std of n Gaussian values has a relative standard error of ~1/sqrt(2n)
                double tolerance = 5 / Math.sqrt(2.0 * p.numel());
                assertThat(std / expected).as("%s (n=%d)", name, p.numel()).isCloseTo(1.0, within(tolerance));
                assertThat(p.mean().item_double() / expected).as(name).isCloseTo(0.0, within(5 / Math.sqrt(p.numel())));
            }
        }
    }

    /**
     * The paper's N = k * k * C_in of a weight, from the network's description alone (not from the
     * tensor's shape): 3x3 convolutions over the level's input channels, 2x2 up-convolutions over
     * the level below's channels, the 1x1 head over the first level's channels.
     */
    private static long paperFanIn(UNetConfig c, String name) {
        String[] part = name.split("\\.");
        String block = part[0];
        if (block.equals("head")) {
            return c.channels(0);
        }
        if (block.equals("bottom")) {
            return 9L * (part[1].equals("conv1") ? c.channels(c.depth() - 1) : c.channels(c.depth()));
        }
        int level = Integer.parseInt(block.substring(block.startsWith("down") ? 4 : 2));
        if (block.startsWith("down")) {
            long in = part[1].equals("conv1") ? (level == 0 ? c.inChannels() : c.channels(level - 1)) : c.channels(level);
            return 9L * in;
        }
        if (part[1].equals("upconv")) {
            return 4L * c.channels(level + 1);
        }
        // up{level}.convs.conv1 sees the concatenation of the crop and the up-convolution
        return 9L * (part[2].equals("conv1") ? 2L * c.channels(level) : c.channels(level));
    }
}
