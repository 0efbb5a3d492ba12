package org.unet4j.model.exchange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.InvalidInputException;
import org.unet4j.io.AtomicFiles;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;
import org.unet4j.model.UNetConfig.Norm;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig.Upsampling;
import org.unet4j.model.exchange.OnnxProto.Message;
import org.unet4j.model.exchange.OnnxProto.Node;

/**
 * Writes a network as an ONNX graph, opset {@value #OPSET} (ONNX Runtime 1.13, the one JDLL ships,
 * loads it), with the same input and output as the TorchScript export ({@link ExportGraph}): the
 * image [N, C, H, W] in, softmax class probabilities [N, K, H, W] out, N, H and W symbolic.
 *
 * <p>The graph uses only Pad (reflect), Conv, BatchNormalization or InstanceNormalization (for
 * normalised networks), Relu, MaxPool, ConvTranspose or Resize (bilinear up-sampling), Slice (the
 * centre crops, whose offsets are the same for every valid input size, and the final crop of
 * same-padded networks), Concat and Softmax, in the order of {@link UNet#forward}. Parameters are
 * initializers named as in unet4j ("down0.conv1.weight", ...).
 */
public final class OnnxWriter {
    public static final int OPSET = 17;
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";

    private final ExportGraph graph;
    private final Map<String, Message> initializers = new HashMap<>();
    private final List<Message> initializerList = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, float[]> values = new HashMap<>();
    private final long height;
    private final long width;
    private int counter;

    private OnnxWriter(ExportGraph graph, long height, long width) {
        this.graph = graph;
        this.height = height;
        this.width = width;
    }

    /** Writes {@code net} to {@code file}, atomically, for any batch and any accepted image size. */
    public static void write(UNet net, Path file, String producerVersion) {
        write(net, file, producerVersion, 0, 0);
    }

    /**
     * As {@link #write(UNet, Path, String)}, the input's size fixed to {@code height x width} (batch 1)
     * when both are positive: for runtimes that infer every shape when they load a graph (OpenCV's
     * DNN module, QuPath's ONNX route), which cannot follow symbolic sizes through the crops.
     */
    public static void write(UNet net, Path file, String producerVersion, int height, int width) {
        ExportGraph g = ExportGraph.of(net.config());
        if ((height > 0 || width > 0) && !(g.isValidSize(height) && g.isValidSize(width))) {
            throw new InvalidInputException("ONNX input size " + height + "x" + width + " is not accepted by the network; sizes are "
                    + g.minSize() + " + k x " + g.step() + ", e.g. " + g.validAtOrAbove(Math.max(height, width)));
        }
        OnnxWriter w = new OnnxWriter(g, Math.max(height, 0), Math.max(width, 0));
        w.readParameters(net);
        byte[] model = OnnxProto.model("unet4j", producerVersion, "U-Net (Ronneberger et al. 2015) exported by unet4j", OPSET, w.build());
        AtomicFiles.write(file, tmp -> Files.write(tmp, model));
    }

    private void readParameters(UNet net) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            for (StringTensorDict dict : new StringTensorDict[] {net.namedParameters(), net.namedBuffers()}) {
                for (long i = 0; i < dict.size(); i++) {
                    String name = dict.get(i).key().getString();
                    Tensor t = dict.get(i).value().detach().to(torch.ScalarType.Float).cpu().contiguous();
                    if (name.endsWith("num_batches_tracked")) {
                        continue;
                    }
                    long[] shape = t.sizes().vec().get();
                    float[] v = new float[(int) t.numel()];
                    t.data_ptr_float().get(v);
                    shapes.put(name, shape);
                    values.put(name, v);
                }
            }
        }
    }

    private Message build() {
        UNetConfig c = graph.config();
        int[] crops = skipCrops(graph);
        String x = INPUT;
        if (graph.pad() > 0) {
            long p = graph.pad();
            x = node(new Node("Pad", "pad").in(x, constant("pad.pads", new long[] {0, 0, p, p, 0, 0, p, p})).text("mode", "reflect"));
        }
        String[] skip = new String[c.depth()];
        for (int i = 0; i < c.depth(); i++) {
            x = doubleConv(x, "down" + i);
            skip[i] = x;
            x = node(new Node("MaxPool", "down" + i + ".pool").in(x).ints("kernel_shape", 2, 2).ints("strides", 2, 2));
        }
        x = doubleConv(x, "bottom");
        for (int i = c.depth() - 1; i >= 0; i--) {
            String up = "up" + i;
            if (c.upsampling() == Upsampling.TRANSPOSED) {
                x = node(new Node("ConvTranspose", up + ".upconv").in(x, param(up + ".upconv.weight"), param(up + ".upconv.bias"))
                        .ints("kernel_shape", 2, 2).ints("strides", 2, 2));
            } else {
                x = node(new Node("Resize", up + ".upsample").in(x, "", constant(up + ".scales", new float[] {1, 1, 2, 2}))
                        .text("mode", "linear").text("coordinate_transformation_mode", "half_pixel"));
                x = conv(x, up + ".reduce", 1, 0);
            }
            String s = crops[i] == 0 ? skip[i] : crop(skip[i], crops[i], up + ".crop");
            x = node(new Node("Concat", up + ".concat").in(s, x).integer("axis", 1));
            x = doubleConv(x, up + ".convs");
        }
        x = conv(x, "head", 1, 0);
        if (graph.crop() > 0) {
            x = crop(x, graph.crop(), "crop");
        }
        Node softmax = new Node("Softmax", "softmax").in(x).out(OUTPUT).integer("axis", 1);
        nodes.add(softmax);

        Message g = new Message();
        nodes.forEach(n -> g.message(1, n.encode()));
        g.string(2, "unet4j_unet");
        initializerList.forEach(t -> g.message(5, t));
        Object n = height > 0 ? (Object) 1L : "batch";
        Object h = height > 0 ? (Object) height : "height";
        Object w = width > 0 ? (Object) width : "width";
        g.message(11, OnnxProto.floatValue(INPUT, n, (long) c.inChannels(), h, w));
        g.message(12, OnnxProto.floatValue(OUTPUT, n, (long) c.numClasses(), h, w));
        return g;
    }

    /**
     * The centre-crop offset of each level's skip connection. For an unpadded network the offset is
     * the same for every valid input size (each level loses a fixed number of pixels), so it is read
     * off the layer sizes of one input size and checked on the next.
     */
    static int[] skipCrops(ExportGraph graph) {
        UNetConfig c = graph.config();
        int[] crops = new int[c.depth()];
        if (c.padding() == Padding.SAME) {
            return crops;
        }
        TileGeometry g = TileGeometry.of(c);
        int[] first = null;
        for (int n = graph.minSize() + 2 * graph.pad(); ; n += graph.step()) {
            Map<String, Integer> size = new HashMap<>();
            for (TileGeometry.Layer l : g.layers(n, n)) {
                size.put(l.name(), l.height());
            }
            for (int i = 0; i < c.depth(); i++) {
                crops[i] = (size.get("down" + i + ".conv2") - size.get("up" + i + ".upconv")) / 2;
            }
            if (first != null) {
                if (!Arrays.equals(first, crops)) {
                    throw new IllegalStateException("skip crops depend on the input size: " + Arrays.toString(first)
                            + " vs " + Arrays.toString(crops));
                }
                return crops;
            }
            first = crops.clone();
        }
    }

    private String doubleConv(String x, String block) {
        UNetConfig c = graph.config();
        int pad = c.padding() == Padding.SAME ? 1 : 0;
        for (int k = 1; k <= 2; k++) {
            x = conv(x, block + ".conv" + k, 3, pad);
            if (c.norm() == Norm.BATCH) {
                String n = block + ".bn" + k;
                x = node(new Node("BatchNormalization", n).in(x, param(n + ".weight"), param(n + ".bias"), param(n + ".running_mean"),
                        param(n + ".running_var")).real("epsilon", 1e-5f));
            } else if (c.norm() == Norm.INSTANCE) {
                String n = block + ".in" + k;
                x = node(new Node("InstanceNormalization", n).in(x, param(n + ".weight"), param(n + ".bias")).real("epsilon", 1e-5f));
            }
            x = node(new Node("Relu", block + ".relu" + k).in(x));
        }
        return x;
    }

    private String conv(String x, String layer, int k, int pad) {
        return node(new Node("Conv", layer).in(x, param(layer + ".weight"), param(layer + ".bias")).ints("kernel_shape", k, k)
                .ints("pads", pad, pad, pad, pad).ints("strides", 1, 1));
    }

    /** {@code x} without {@code c} pixels on each side of its spatial axes. */
    private String crop(String x, int c, String name) {
        return node(new Node("Slice", name).in(x, constant(name + ".starts", new long[] {c, c}), constant(name + ".ends", new long[] {-c, -c}),
                constant(name + ".axes", new long[] {2, 3})));
    }

    /** Adds {@code n} with a fresh output name and returns that name. */
    private String node(Node n) {
        String out = n.name + ".out" + (counter++);
        nodes.add(n.out(out));
        return out;
    }

    private String param(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("the network has no parameter " + name);
        }
        return initializer(name, () -> OnnxProto.tensor(name, shape, values.get(name)));
    }

    private String constant(String name, long[] v) {
        return initializer(name, () -> OnnxProto.tensor(name, new long[] {v.length}, v));
    }

    private String constant(String name, float[] v) {
        return initializer(name, () -> OnnxProto.tensor(name, new long[] {v.length}, v));
    }

    private String initializer(String name, Supplier<Message> tensor) {
        if (!initializers.containsKey(name)) {
            Message t = tensor.get();
            initializers.put(name, t);
            initializerList.add(t);
        }
        return name;
    }
}
