package org.unet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.unet4j.InvalidInputException;
import org.unet4j.data.LabelImage;
import org.unet4j.data.synth.SyntheticData;
import org.unet4j.data.synth.SyntheticSample;
import org.unet4j.data.synth.SyntheticStyle;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.Json;
import org.unet4j.io.SyntheticFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet synth}: a synthetic training set with exact labels, in the standard folder layout. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic data set with exact ground truth, the same for the same options on every machine:",
            "cells: phase-contrast-like images of many touching cells; labels are 16-bit instance images"
                + " (0 = background, 1..n = one id per cell).",
            "membranes: EM-like images of dense tissue; labels are 8-bit, 0 = membrane, 255 = interior (as ISBI 2012).",
            "Writes OUT/images/NNN.png (8-bit gray), OUT/labels/NNN.png and OUT/synth.json (the options)."})
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--style", paramLabel = "cells|membranes", defaultValue = "cells",
            description = "What to make (default: ${DEFAULT-VALUE}).")
    SyntheticStyle style;

    @Option(names = "--n", paramLabel = "N", defaultValue = "30", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "512",
            description = "Side of the square images in pixels, at least " + SyntheticData.MIN_SIZE + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Random seed; image i depends only on the seed and i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created; may already hold this command's files).")
    Path out;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new InvalidInputException("--n " + n + " is not a number of images; use 1 or more");
        }
        if (size < SyntheticData.MIN_SIZE) {
            throw new InvalidInputException("--size " + size + " is too small; use at least " + SyntheticData.MIN_SIZE + " pixels");
        }
        Path images = out.resolve("images");
        Path labels = out.resolve("labels");
        int digits = Math.max(3, String.valueOf(n - 1).length());
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format(Locale.ROOT, "%0" + digits + "d.png", i));
        }
        refuseForeignFiles(images, names);
        refuseForeignFiles(labels, names);

        PrintWriter w = spec.commandLine().getOut();
        int instances = 0;
        double membrane = 0;
        int i = 0;
        for (String name : names) {
            SyntheticSample s = SyntheticData.generate(style, size, SyntheticData.sampleSeed(seed, i++));
            SyntheticFiles.write(out, name, s);
            if (style == SyntheticStyle.CELLS) {
                instances += s.labels().max();
            } else {
                membrane += zeroFraction(s.labels());
            }
        }
        writeOptions();
        String what = style == SyntheticStyle.CELLS
                ? String.format(Locale.ROOT, "%d cells in all", instances)
                : String.format(Locale.ROOT, "%.1f%% membrane pixels", 100 * membrane / n);
        w.printf(Locale.ROOT, "wrote %d %s images of %dx%d (%s) to %s%n", n, style.name().toLowerCase(Locale.ROOT), size, size, what,
                out);
        w.flush();
        return 0;
    }

    /** Refuses a folder holding files this run would not write (a mixed data set), naming one. */
    private static void refuseForeignFiles(Path dir, Set<String> names) {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new InvalidInputException(dir + " exists and is not a folder; choose another --out");
            }
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(f -> !names.contains(f)).sorted().findFirst().ifPresent(f -> {
                throw new InvalidInputException(dir + " already holds " + f + ", which this run would not write;"
                        + " choose an empty --out folder or remove it");
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static double zeroFraction(LabelImage l) {
        int zeros = 0;
        for (int v : l.labels()) {
            if (v == 0) {
                zeros++;
            }
        }
        return zeros / (double) l.labels().length;
    }

    private void writeOptions() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("generator", "unet4j synth");
        o.put("style", style.name().toLowerCase(Locale.ROOT));
        o.put("n", n);
        o.put("size", size);
        o.put("seed", seed);
        o.put("images", "images/NNN.png, 8-bit gray");
        o.put("labels", style == SyntheticStyle.CELLS ? "labels/NNN.png, 16-bit instance ids, 0 = background"
                : "labels/NNN.png, 8-bit, 0 = membrane, 255 = interior");
        try {
            String json = Json.MAPPER.writeValueAsString(o);
            AtomicFiles.writeString(out.resolve("synth.json"), json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("synth.json") + ": " + e.getMessage(), e);
        }
    }
}
