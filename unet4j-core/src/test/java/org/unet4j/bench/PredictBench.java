package org.unet4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.unet4j.data.Image;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.Precision;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.TileGrid;
import org.unet4j.infer.TileSizes;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/**
 * Prediction throughput of the paper's network (base 64, random weights) on a square random image,
 * through {@link Predictor} exactly as {@code unet predict} runs it (tile cutting, batches,
 * softmax, stitching). Arguments, all {@code key=value} and optional: {@code size=2048},
 * {@code threads=2}, {@code tiles=auto,572} (each an automatic or fixed tile size),
 * {@code precision=fp32} (or bf16, or fp32,bf16), {@code memory=2g}, {@code batch=1}, {@code base=64},
 * {@code reps=1}. Before timing a configuration, one forward pass of its tile shape warms up
 * libtorch. Prints one {@code RESULT {json}} line per configuration (median over reps) and a table.
 */
public final class PredictBench {
    private PredictBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>(Map.of("size", "2048", "threads", "2", "tiles", "auto,572", "precision", "fp32",
                "memory", "2g", "batch", "1", "base", "64", "reps", "1"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !a.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; use key=value with keys " + a.keySet());
            }
            a.put(kv[0], kv[1]);
        }
        int size = Integer.parseInt(a.get("size"));
        int reps = Integer.parseInt(a.get("reps"));
        NativeEngine.setThreads(Integer.parseInt(a.get("threads")));
        UNetConfig config = UNetConfig.paper().withBaseChannels(Integer.parseInt(a.get("base")));
        Image image = randomImage(size);
        List<String> rows = new ArrayList<>();
        for (String precisionText : a.get("precision").split(",")) {
            Precision precision = Precision.valueOf(precisionText.trim().toUpperCase(Locale.ROOT));
            UNet.seed(1);
            try (UNet net = UNet.create(config)) {
                for (String tileText : a.get("tiles").split(",")) {
                    int tile = tileText.equals("auto") ? PredictOptions.AUTO_TILE : Integer.parseInt(tileText);
                    PredictOptions options = PredictOptions.defaults().withTile(tile).withPrecision(precision)
                            .withBatch(Integer.parseInt(a.get("batch"))).withMemoryBytes(TileSizes.parseBytes(a.get("memory")));
                    Predictor predictor = new Predictor(net, options);
                    TileGrid grid = predictor.plan(size, size);
                    // warm-up: one tile of the same shape
                    new Predictor(net, options.withTile(PredictOptions.AUTO_TILE))
                            .predict(randomImageOf(grid.outputHeight(), grid.outputWidth()));
                    double[] seconds = new double[reps];
                    for (int r = 0; r < reps; r++) {
                        long t0 = System.nanoTime();
                        predictor.predict(image);
                        seconds[r] = (System.nanoTime() - t0) / 1e9;
                    }
                    Arrays.sort(seconds);
                    double median = seconds[reps / 2];
                    double mpx = (double) size * size / 1e6 / median;
                    double gflop = grid.count() * TileGeometry.of(config)
                            .forwardFlops(grid.tileHeight(), grid.tileWidth()) / 1e9;
                    String tileShape = grid.tileHeight() == grid.tileWidth() ? Integer.toString(grid.tileHeight())
                            : grid.tileHeight() + "x" + grid.tileWidth();
                    System.out.printf(Locale.ROOT, "RESULT {\"framework\": \"unet4j\", \"mode\": \"%s\", \"precision\": \"%s\", \"tile\": \"%s\","
                            + " \"tiles\": %d, \"image\": %d, \"seconds\": %.3f, \"mpx_per_s\": %.4f, \"gflop\": %.1f, \"gflops\": %.1f,"
                            + " \"times\": %s}%n", tileText, precisionText, tileShape, grid.count(), size, median, mpx, gflop, gflop / median,
                            Arrays.toString(seconds));
                    rows.add(String.format(Locale.ROOT, "%-6s %-5s %-10s %5d %9.1f %8.4f %8.1f", tileText, precisionText, tileShape,
                            grid.count(), median, mpx, gflop / median));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-6s %-5s %-10s %5s %9s %8s %8s%n", "tile", "prec", "chosen", "tiles", "seconds", "MPx/s", "GFLOP/s");
        rows.forEach(System.out::println);
    }

    private static Image randomImage(int size) {
        return randomImageOf(size, size);
    }

    private static Image randomImageOf(int h, int w) {
        Random r = new Random(0);
        float[] px = new float[h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextFloat();
        }
        return Image.gray(h, w, px);
    }
}
