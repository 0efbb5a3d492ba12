package org.unet4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unet4j.Naming;
import org.unet4j.Progress;
import org.unet4j.data.LabelConvention;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.ImageFileInfo;
import org.unet4j.io.TrainingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code unet inspect}: what a training set holds and how unet4j reads it, without training. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Check a training set: pairs, sizes, bit depths, label convention, class fractions, instance counts.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--classes", paramLabel = "K", description = "Number of classes K for class-index labels (default: from the labels).")
    Integer classes;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "50",
            description = "Pairs listed one per line at most (default: ${DEFAULT-VALUE}; 0 for all).")
    int maxRows;

    @Override
    public Integer call() {
        TrainingSet set = data.loadRaw(classes == null ? 0 : classes, Progress.NONE);
        PrintWriter w = spec.commandLine().getOut();
        LabelConvention c = set.convention();
        List<SegmentationSample> samples = set.samples();
        w.printf(Locale.ROOT, "images     %s%n", set.images());
        w.printf(Locale.ROOT, "labels     %s%n", set.labels());
        w.printf(Locale.ROOT, "layout     %s, %d sample%s from %d image file%s, paired by %s%n",
                set.layout() == TrainingSet.Layout.STACKS ? "stack pair (page i <-> page i)" : "folders", samples.size(),
                samples.size() == 1 ? "" : "s", set.imageFiles(), set.imageFiles() == 1 ? "" : "s", set.rule().text());
        if (set.selectionSummary() != null) {
            w.printf(Locale.ROOT, "left out   %s%n", set.selectionSummary(Naming.CLI));
        }
        w.printf(Locale.ROOT, "image type %s%n", distinct(set, true));
        w.printf(Locale.ROOT, "label type %s%n", distinct(set, false));
        w.printf(Locale.ROOT, "sizes      %s%n", sizes(samples));
        w.printf(Locale.ROOT, "labels as  %s%n", c.describe(Naming.CLI));
        long[] perClass = new long[c.classes()];
        long ignored = 0;
        long total = 0;
        List<Integer> instances = new ArrayList<>();
        for (SegmentationSample s : samples) {
            for (int v : s.classes().labels()) {
                if (v == SegmentationSample.IGNORE) {
                    ignored++;
                } else {
                    perClass[v]++;
                }
                total++;
            }
            if (s.instances() != null) {
                instances.add(instanceCount(s));
            }
        }
        StringBuilder fractions = new StringBuilder();
        for (int k = 0; k < perClass.length; k++) {
            fractions.append(String.format(Locale.ROOT, "%s%d: %.1f %%", k == 0 ? "" : "   ", k, 100.0 * perClass[k] / Math.max(1, total - ignored)));
        }
        w.printf(Locale.ROOT, "classes    %d (pixel fractions of annotated pixels)  %s%n", c.classes(), fractions);
        if (c.ignore() != null) {
            w.printf(Locale.ROOT, "ignored    %d pixels (%.1f %%) with value %d%n", ignored, 100.0 * ignored / Math.max(1, total), c.ignore());
        }
        if (!instances.isEmpty()) {
            int[] sorted = instances.stream().mapToInt(Integer::intValue).sorted().toArray();
            w.printf(Locale.ROOT, "instances  %d objects; per image min %d, median %s, max %d%n", Arrays.stream(sorted).sum(), sorted[0],
                    median(sorted), sorted[sorted.length - 1]);
        }
        w.printf(Locale.ROOT, "normalize  %s (applied when training and predicting)%n", data.normalization().describe());
        w.println("pairs");
        int rows = maxRows <= 0 ? samples.size() : Math.min(maxRows, samples.size());
        for (int i = 0; i < rows; i++) {
            w.println("  " + row(samples.get(i), set.origins().get(i), c));
        }
        if (rows < samples.size()) {
            w.printf(Locale.ROOT, "  ... %d more (--max-rows 0 lists all)%n", samples.size() - rows);
        }
        w.flush();
        return 0;
    }

    private static String row(SegmentationSample s, TrainingSet.Origin o, LabelConvention c) {
        StringBuilder sb = new StringBuilder();
        String page = o.image().pages() > 1 ? " p" + (o.page() + 1) : "";
        sb.append(o.image().file().getFileName()).append(page).append(" <-> ").append(o.labels().file().getFileName()).append(page);
        sb.append(String.format(Locale.ROOT, "  %s", s.image().sizeText()));
        long[] counts = new long[c.classes()];
        long ignored = 0;
        for (int v : s.classes().labels()) {
            if (v == SegmentationSample.IGNORE) {
                ignored++;
            } else {
                counts[v]++;
            }
        }
        long annotated = s.classes().labels().length - ignored;
        for (int k = 1; k < counts.length; k++) {
            sb.append(String.format(Locale.ROOT, "  class %d %.1f %%", k, 100.0 * counts[k] / Math.max(1, annotated)));
        }
        if (s.instances() != null) {
            int objects = instanceCount(s);
            sb.append("  ").append(objects).append(objects == 1 ? " object" : " objects");
        }
        if (c.ignore() != null) {
            sb.append("  ").append(ignored).append(" ignored");
        }
        return sb.toString();
    }

    private static int instanceCount(SegmentationSample s) {
        return (int) Arrays.stream(s.instances().labels()).filter(v -> v != 0).distinct().count();
    }

    private static String median(int[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? String.valueOf(sorted[n / 2]) : String.valueOf((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0);
    }

    private static String sizes(List<SegmentationSample> samples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SegmentationSample s : samples) {
            counts.merge(s.image().sizeText(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((size, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" x ").append(size));
        return sb.toString();
    }

    private static String distinct(TrainingSet set, boolean images) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        set.origins().stream().map(o -> images ? o.image() : o.labels()).distinct().forEach(info -> counts.merge(typeText(info), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        counts.forEach((t, n) -> sb.append(sb.length() == 0 ? "" : "; ").append(t).append(" (").append(n).append(n == 1 ? " file)" : " files)"));
        return sb.toString();
    }

    private static String typeText(ImageFileInfo i) {
        return i.format() + " " + i.typeText() + " " + i.colour() + (i.hasAlpha() ? " (alpha ignored)" : "")
                + (i.channels() > 1 ? ", " + i.channels() + " channels" : "")
                + ("None".equalsIgnoreCase(i.compression()) || i.format().equals("PNG") ? "" : ", compression " + i.compression());
    }
}
