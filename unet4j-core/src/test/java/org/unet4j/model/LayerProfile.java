package org.unet4j.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Per-layer forward times of the paper net (diagnostic harness, not a test). */
public final class LayerProfile {
    public static void main(String[] args) {
        NativeEngine.load();
        torch.set_num_threads(Integer.parseInt(args.length > 2 ? args[2] : "2"));
        UNetConfig c = UNetConfig.paper().withBaseChannels(Integer.parseInt(args[0]));
        boolean nhwc = args[1].equals("nhwc");
        TileGeometry g = TileGeometry.of(c);
        Map<String, Double> best = new LinkedHashMap<>();
        try (UNet net = UNet.create(c)) {
            net.eval();
            if (nhwc) {
                net.setMemoryFormat(torch.MemoryFormat.ChannelsLast);
            }
            for (int rep = 0; rep < 4; rep++) {
                try (PointerScope s = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
                    Tensor x = torch.randn(1, 1, 572, 572);
                    long[] last = {System.nanoTime()};
                    long t0 = last[0];
                    net.forward(x, (name, t) -> {
                        long now = System.nanoTime();
                        double ms = (now - last[0]) / 1e6;
                        best.merge(name, ms, Math::min);
                        last[0] = System.nanoTime();
                        return t;
                    });
                    best.merge("TOTAL", (System.nanoTime() - t0) / 1e6, Math::min);
                }
            }
        }
        Map<String, Long> macs = new LinkedHashMap<>();
        for (TileGeometry.Layer l : g.layers(572, 572)) {
            macs.put(l.name(), 0L);
        }
        double total = 0;
        for (var e : best.entrySet()) {
            System.out.printf(Locale.ROOT, "%-16s %8.1f ms%n", e.getKey(), e.getValue());
            if (!e.getKey().equals("TOTAL")) {
                total += e.getValue();
            }
        }
        System.out.printf(Locale.ROOT, "sum %.1f ms, %.1f GFLOP%n", total, g.forwardFlops(572, 572) / 1e9);
    }
}
