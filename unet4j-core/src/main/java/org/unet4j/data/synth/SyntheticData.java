package org.unet4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic microscopy with exact ground truth, for the demo, tests and benchmarks: no data to
 * download. Every sample is a pure function of its style, size and seed, the same bit for bit on
 * every platform and JDK (own random source, {@link StrictMath}, whole gray values).
 *
 * <pre>{@code
 * SyntheticSample one = SyntheticData.generate(SyntheticStyle.CELLS, 512, 512, 7);
 * List<SyntheticSample> train = SyntheticData.generateSet(SyntheticStyle.MEMBRANES, 30, 512, 1);
 * }</pre>
 */
public final class SyntheticData {
    /** The smallest side length a generator accepts. */
    public static final int MIN_SIZE = 16;

    private SyntheticData() {
    }

    /**
     * One sample of {@code height x width} pixels made from {@code seed}.
     *
     * @throws IllegalArgumentException if a side is below {@link #MIN_SIZE}
     */
    public static SyntheticSample generate(SyntheticStyle style, int height, int width, long seed) {
        if (height < MIN_SIZE || width < MIN_SIZE) {
            throw new IllegalArgumentException("synthetic images need at least " + MIN_SIZE + "x" + MIN_SIZE
                    + " pixels, got " + height + "x" + width);
        }
        String name = style.name().toLowerCase(Locale.ROOT);
        return switch (style) {
            case CELLS -> CellsGenerator.generate(name, height, width, seed);
            case MEMBRANES -> MembranesGenerator.generate(name, height, width, seed);
        };
    }

    /** One square sample of {@code size x size} pixels. */
    public static SyntheticSample generate(SyntheticStyle style, int size, long seed) {
        return generate(style, size, size, seed);
    }

    /**
     * {@code n} square samples; sample {@code i} is {@code generate(style, size, sampleSeed(seed, i))}
     * renamed {@code <style>-<i>}, so it depends only on {@code seed} and {@code i} (a longer set
     * starts with the shorter one).
     */
    public static List<SyntheticSample> generateSet(SyntheticStyle style, int n, int size, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("sample count must not be negative, got " + n);
        }
        List<SyntheticSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SyntheticSample s = generate(style, size, sampleSeed(seed, i));
            out.add(new SyntheticSample(String.format(Locale.ROOT, "%s-%03d", s.name(), i), style, s.image(), s.labels()));
        }
        return out;
    }

    /** The seed of sample {@code index} of the set made from {@code seed}. */
    public static long sampleSeed(long seed, int index) {
        return SynthRandom.derive(seed, index);
    }
}
