package org.unet4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.NativeLoadException;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.TilePlan;
import org.unet4j.model.UNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet info}: the shape and cost of a network, without running it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a network's layers, parameters, input -> output size, halo and memory estimates.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions net;

    @Option(names = "--tile", paramLabel = "N", description = "Input tile size (default: 572 for depth 4, else the nearest valid size).")
    Integer tile;

    @Option(names = "--batch", paramLabel = "N", description = "Tiles per batch for the memory estimates (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int batch;

    @Override
    public Integer call() {
        UNetConfig config = net.config();
        TileGeometry geometry = TileGeometry.of(config);
        int size = tile != null ? tile : TilePlan.defaultTile(geometry);
        int out = geometry.outputSize(size);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "network        U-Net, depth %d, base %d, %s padding, %s up-sampling, norm %s, dropout %s%n",
                config.depth(), config.baseChannels(), lower(config.padding()), lower(config.upsampling()), lower(config.norm()),
                config.dropout());
        w.printf(Locale.ROOT, "channels       %d in -> %s -> %d classes%n", config.inChannels(), channelList(config), config.numClasses());
        w.printf(Locale.ROOT, "conv layers    %d%n", config.convLayers());
        w.printf(Locale.US, "parameters     %,d%n", config.parameterCount());
        w.printf(Locale.ROOT, "tile           %dx%d -> %dx%d (halo %d px per side)%n", size, size, out, out, geometry.halo());
        w.printf(Locale.ROOT, "valid tiles    %s%n", validNear(geometry, size));
        w.printf(Locale.ROOT, "compute        %.1f GFLOP per forward pass%n", geometry.forwardFlops(size, size) / 1e9);
        w.printf(Locale.ROOT, "memory         training step ~%s, inference tile ~%s (float32, batch %d)%n",
                mib(geometry.trainingBytes(size, size, batch)), mib(geometry.inferenceBytes(size, size, batch)), batch);
        w.printf(Locale.ROOT, "engine         %s%n", engine());
        w.flush();
        return 0;
    }

    private static String validNear(TileGeometry g, int size) {
        StringBuilder sb = new StringBuilder();
        int m = g.validAtOrBelow(size - 1);
        for (int i = 0; i < 2 && m > 0; i++) {
            sb.insert(0, m + " ");
            m = g.validAtOrBelow(m - 1);
        }
        sb.append('[').append(size).append(']');
        m = size;
        for (int i = 0; i < 2; i++) {
            m = g.validAtOrAbove(m + 1);
            sb.append(' ').append(m);
        }
        return sb.append(" ...").toString();
    }

    private static String channelList(UNetConfig c) {
        StringBuilder sb = new StringBuilder();
        for (int level = 0; level <= c.depth(); level++) {
            sb.append(level == 0 ? "" : "-").append(c.channels(level));
        }
        return sb.toString();
    }

    private static String engine() {
        try {
            NativeEngine.load();
            return "libtorch 2.10.0 loaded, " + NativeEngine.threads() + " threads, CUDA "
                    + (DeviceChoice.cudaAvailable() ? "available" : "not available");
        } catch (NativeLoadException e) {
            return "NOT LOADABLE: " + e.getMessage();
        }
    }

    static String mib(long bytes) {
        return bytes >= 10L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", Math.round(bytes / (double) (1L << 20)));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
