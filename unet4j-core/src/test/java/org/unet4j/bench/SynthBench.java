package org.unet4j.bench;

import java.util.Arrays;
import java.util.Locale;
import org.unet4j.data.synth.SyntheticData;
import org.unet4j.data.synth.SyntheticSample;
import org.unet4j.data.synth.SyntheticStyle;

/**
 * Speed and content of the synthetic data generators, one thread. Arguments: {@code [runs]}
 * (default 10, after 3 warm-up samples). Prints a table: style, size, ms median / min, objects
 * (cells) or membrane fraction (membranes), averaged over the timed samples.
 */
public final class SynthBench {
    private SynthBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.printf(Locale.ROOT, "%-10s %-10s %10s %8s %5s  %s%n", "style", "size", "median ms", "min ms", "runs", "content");
        for (SyntheticStyle style : SyntheticStyle.values()) {
            for (int size : new int[] {256, 512, 1024}) {
                for (int i = 0; i < 3; i++) {
                    SyntheticData.generate(style, size, 1000 + i);
                }
                double[] ms = new double[runs];
                double content = 0;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    SyntheticSample s = SyntheticData.generate(style, size, SyntheticData.sampleSeed(1, i));
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    content += style == SyntheticStyle.CELLS ? s.labels().max() : zeros(s.labels().labels());
                }
                Arrays.sort(ms);
                String what = style == SyntheticStyle.CELLS ? String.format(Locale.ROOT, "%.0f cells", content / runs)
                        : String.format(Locale.ROOT, "%.1f%% membrane", 100 * content / runs);
                System.out.printf(Locale.ROOT, "%-10s %-10s %10.0f %8.0f %5d  %s%n", style.name().toLowerCase(Locale.ROOT),
                        size + "x" + size, ms[runs / 2], ms[0], runs, what);
            }
        }
    }

    private static double zeros(int[] labels) {
        int n = 0;
        for (int v : labels) {
            if (v == 0) {
                n++;
            }
        }
        return n / (double) labels.length;
    }
}
