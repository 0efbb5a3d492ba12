package org.unet4j.model.exchange;

import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.io.AtomicFiles;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;
import org.unet4j.model.UNetConfig.Norm;
import org.unet4j.model.UNetConfig.Padding;
import org.unet4j.model.UNetConfig.Upsampling;

/**
 * Writes a network as a TorchScript archive from Java, without Python: a {@code torch::jit::Module}
 * gets the trained parameters (and batch norm's running statistics) as attributes and a
 * {@code forward} method compiled from TorchScript source that this class writes from the
 * network's configuration, layer by layer as in {@link UNet#forward}. The archive loads with
 * {@code torch.jit.load} in Python and {@code torch::jit::load} in C++ (DJL, JDLL).
 *
 * <p>The scripted forward takes the image [N, C, H, W] (float32, normalised as for training),
 * reflect-pads it by {@link ExportGraph#pad()} (crops same-padded outputs by as much) and returns the softmax class probabilities
 * [N, K, H, W] ({@link ExportGraph}). It is evaluation mode: no dropout, batch norm with running
 * statistics, instance norm with the tile's own statistics as in unet4j.
 */
public final class TorchScriptWriter {
    /** The class name the archive carries. */
    public static final String CLASS_NAME = "__torch__.unet4j.UNet";

    private TorchScriptWriter() {
    }

    /** Writes {@code net} (float32 weights on any device) to {@code file}, atomically. */
    public static void write(UNet net, Path file) {
        ExportGraph graph = ExportGraph.of(net.config());
        String source = source(graph);
        AtomicFiles.write(file, tmp -> {
            try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
                JitModule module = new JitModule(new QualifiedName(CLASS_NAME));
                for (boolean buffers : new boolean[] {false, true}) {
                    StringTensorDict dict = buffers ? net.namedBuffers() : net.namedParameters();
                    for (long i = 0; i < dict.size(); i++) {
                        String name = dict.get(i).key().getString();
                        if (name.endsWith("num_batches_tracked")) {
                            continue;
                        }
                        Tensor value = dict.get(i).value().detach().to(torch.ScalarType.Float).cpu().contiguous().clone();
                        if (buffers) {
                            module.register_buffer(attribute(name), value);
                        } else {
                            module.register_parameter(attribute(name), value, false);
                        }
                    }
                }
                module.define(source);
                module.eval();
                module.save(tmp.toString());
            }
        });
    }

    /** The attribute name of a parameter: "down0.conv1.weight" becomes "down0_conv1_weight". */
    static String attribute(String parameter) {
        return parameter.replace('.', '_');
    }

    /** The TorchScript source of the forward pass. */
    public static String source(ExportGraph graph) {
        UNetConfig c = graph.config();
        StringBuilder s = new StringBuilder();
        s.append("def forward(self, input: Tensor) -> Tensor:\n");
        int p = graph.pad();
        s.append(p > 0 ? line("x = torch.reflection_pad2d(input, [%d, %d, %d, %d])", p, p, p, p) : line("x = input"));
        for (int i = 0; i < c.depth(); i++) {
            doubleConv(s, c, "down" + i);
            s.append(line("s%d = x", i));
            s.append(line("x = torch.max_pool2d(x, [2, 2], [2, 2])"));
        }
        doubleConv(s, c, "bottom");
        for (int i = c.depth() - 1; i >= 0; i--) {
            String up = "up" + i;
            if (c.upsampling() == Upsampling.TRANSPOSED) {
                s.append(line("x = torch.conv_transpose2d(x, self.%s_upconv_weight, self.%s_upconv_bias, [2, 2])", up, up));
            } else {
                s.append(line("x = torch.upsample_bilinear2d(x, [x.size(2) * 2, x.size(3) * 2], False)"));
                s.append(conv(up + "_reduce", 0));
            }
            s.append(line("top = (s%d.size(2) - x.size(2)) // 2", i));
            s.append(line("left = (s%d.size(3) - x.size(3)) // 2", i));
            s.append(line("x = torch.cat([s%d[:, :, top:top + x.size(2), left:left + x.size(3)], x], 1)", i));
            doubleConv(s, c, up + ".convs");
        }
        s.append(conv("head", 0));
        int crop = graph.crop();
        if (crop > 0) {
            s.append(line("x = x[:, :, %d:x.size(2) - %d, %d:x.size(3) - %d]", crop, crop, crop, crop));
        }
        s.append(line("return torch.softmax(x, 1)"));
        return s.toString();
    }

    private static void doubleConv(StringBuilder s, UNetConfig c, String block) {
        String b = attribute(block);
        int pad = c.padding() == Padding.SAME ? 1 : 0;
        for (int k = 1; k <= 2; k++) {
            s.append(conv(b + "_conv" + k, pad));
            if (c.norm() == Norm.BATCH) {
                String n = b + "_bn" + k;
                s.append(line("x = torch.batch_norm(x, self.%s_weight, self.%s_bias, self.%s_running_mean, self.%s_running_var,"
                        + " False, 0.1, 1e-05, False)", n, n, n, n));
            } else if (c.norm() == Norm.INSTANCE) {
                String n = b + "_in" + k;
                s.append(line("x = torch.instance_norm(x, self.%s_weight, self.%s_bias, None, None, True, 0.1, 1e-05, False)", n, n));
            }
            s.append(line("x = torch.relu(x)"));
        }
    }

    private static String conv(String name, int pad) {
        return line("x = torch.conv2d(x, self.%s_weight, self.%s_bias, [1, 1], [%d, %d], [1, 1], 1)", name, name, pad, pad);
    }

    private static String line(String format, Object... args) {
        return "    " + String.format(Locale.ROOT, format, args) + "\n";
    }
}
