package org.unet4j.data;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Phrase;
import org.unet4j.Setting;

/**
 * Turns raw label values into classes (and instances), by a convention given by the user or
 * detected over the whole training set (never per file, so that every file is read the same way).
 *
 * <p>Detection rule ({@link LabelOptions.Mode#AUTO}), on the values of all label files without
 * the ignore value:
 * <ol>
 *   <li>{@link Setting#CLASSES} K given: values only {0, 255} or only {0, 1} and K = 2 give
 *       <b>binary</b>; anything else gives <b>classes</b> 0..K-1.
 *   <li>values only {0, 255} or only {0, 1}: <b>binary</b> (0 is class 0, the other class 1; for
 *       ISBI 2012 membranes 0 = membrane = class 0 and 255 = interior = class 1, the challenge's
 *       "1 = interior" orientation).
 *   <li>8-bit files whose values are 0..m with m &lt;= 15: <b>classes</b> 0..m (K = m + 1).
 *   <li>otherwise (16/32-bit files, or values above 15): <b>instances</b>, 0 = background and
 *       every other value one object, as the cell tracking challenge, cellpose and StarDist write
 *       them.
 * </ol>
 * The reason is kept in {@link LabelConvention#reason()} together with the way to override it.
 * Values that do not fit the convention (negative values, classes outside 0..K-1) are input
 * errors naming the file, the value and its pixel count.
 */
public final class LabelConventions {
    /** Largest value of a detected class map. */
    static final int MAX_DETECTED_CLASS = 15;

    /**
     * The facts about one label file that the convention is chosen from.
     *
     * @param name the file (and page), for messages
     * @param bitsPerSample bits per sample as stored (8, 16, 32 ...)
     * @param values its values and their pixel counts
     */
    public record Source(String name, int bitsPerSample, LabelValues values) {
    }

    private LabelConventions() {
    }

    /**
     * The convention for a set of label files, checked against every file.
     *
     * @throws InvalidInputException naming the first file with a value that does not fit
     */
    public static LabelConvention resolve(LabelOptions options, List<Source> sources) {
        Integer ignore = options.ignore();
        List<LabelValues> parts = new ArrayList<>();
        int maxBits = 0;
        for (Source s : sources) {
            parts.add(s.values().without(ignore));
            maxBits = Math.max(maxBits, s.bitsPerSample());
        }
        LabelValues all = LabelValues.merge(parts);
        boolean binaryLike = all.within(0, 255) || all.within(0, 1);
        String seen = "values " + all.text();
        int k = options.classes();
        LabelConvention c = switch (options.mode()) {
            case BINARY -> new LabelConvention(LabelConvention.Kind.BINARY, 2, ignore, false, seen);
            case INSTANCES -> new LabelConvention(LabelConvention.Kind.INSTANCES, 2, ignore, false,
                    seen + ", " + Math.max(0, all.distinct() - (all.contains(0) ? 1 : 0)) + " distinct ids");
            case CLASSES -> new LabelConvention(LabelConvention.Kind.CLASSES, k > 0 ? k : Math.max(2, all.max() + 1), ignore, false,
                    Phrase.format("%s, %s", seen, k > 0 ? Setting.CLASSES.is(k) : "K = largest value + 1"));
            case AUTO -> detect(all, binaryLike, k, maxBits, ignore);
        };
        for (Source s : sources) {
            check(s, c);
        }
        return c;
    }

    private static LabelConvention detect(LabelValues all, boolean binaryLike, int k, int maxBits, Integer ignore) {
        String only = "every label file holds only " + (all.within(0, 1) ? "0 and 1" : "0 and 255");
        if (k > 0) {
            if (k == 2 && binaryLike) {
                return new LabelConvention(LabelConvention.Kind.BINARY, 2, ignore, true, only);
            }
            return new LabelConvention(LabelConvention.Kind.CLASSES, k, ignore, true, Phrase.format("%s given, values %s",
                    Setting.CLASSES.is(k), all.text()));
        }
        if (binaryLike) {
            return new LabelConvention(LabelConvention.Kind.BINARY, 2, ignore, true, only);
        }
        if (all.min() >= 0 && all.max() <= MAX_DETECTED_CLASS && maxBits <= 8) {
            return new LabelConvention(LabelConvention.Kind.CLASSES, all.max() + 1, ignore, true, Phrase.format("8-bit labels with few"
                    + " values %s; use %s if each value is one object", all.text(), Setting.LABELS_AS.is("instances")));
        }
        String why = maxBits > 8 ? maxBits + "-bit labels" : "values up to " + all.max();
        return new LabelConvention(LabelConvention.Kind.INSTANCES, 2, ignore, true, Phrase.format("%s, %d distinct ids; use %s if the"
                + " values are classes", why, Math.max(0, all.distinct() - (all.contains(0) ? 1 : 0)),
                Phrase.format("%s %s", Setting.LABELS_AS.is("classes"), Setting.CLASSES.is("K")).cliOnly("label mode classes with K classes")));
    }

    private static void check(Source s, LabelConvention c) {
        LabelValues v = s.values().without(c.ignore());
        if (v.distinct() > 0 && v.min() < 0) {
            int bad = v.min();
            throw InvalidInputException.of("%s: label value %d (%d pixels) is negative, expected 0 or more; use %s to exclude those pixels"
                    + " from the loss, or correct the labels", s.name(), bad, v.count(bad), Setting.IGNORE.is(bad));
        }
        if (c.kind() == LabelConvention.Kind.CLASSES && v.max() >= c.classes()) {
            int bad = v.max();
            for (int x : v.values()) {
                if (x >= c.classes()) {
                    bad = x;
                    break;
                }
            }
            Phrase binary = Setting.LABELS_AS.is("binary");
            throw InvalidInputException.of("%s: label value %d (%d pixels) is outside the classes 0..%d (values found: %s); %sif %d is a"
                    + " class use %s, to exclude those pixels from the loss use %s%s, for object ids %s", s.name(), bad, v.count(bad),
                    c.classes() - 1, v.text(), v.within(0, 255) ? Phrase.format("for a 0/255 mask use %s; ", binary) : "", bad,
                    Setting.CLASSES.is(v.max() + 1), Setting.IGNORE.is(bad), v.within(0, 255) ? "" : Phrase.format(", for masks use %s", binary),
                    Setting.LABELS_AS.is("instances"));
        }
    }

    /**
     * A training sample: {@code raw} labels turned into classes (and, for instance labels, the
     * instance map), the ignore value into {@link SegmentationSample#IGNORE}. The values must have
     * been checked by {@link #resolve}.
     */
    public static SegmentationSample sample(String name, Image image, LabelImage raw, LabelConvention c) {
        int[] r = raw.labels();
        int[] classes = new int[r.length];
        for (int i = 0; i < r.length; i++) {
            classes[i] = c.classOf(r[i]);
        }
        LabelImage instances = null;
        if (c.kind() == LabelConvention.Kind.INSTANCES) {
            int[] ids = r.clone();
            for (int i = 0; i < ids.length; i++) {
                if (classes[i] == SegmentationSample.IGNORE) {
                    ids[i] = 0;
                }
            }
            instances = new LabelImage(raw.height(), raw.width(), ids);
        }
        return new SegmentationSample(name, image, new LabelImage(raw.height(), raw.width(), classes), instances, null);
    }
}
