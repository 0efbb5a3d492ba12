package org.unet4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/**
 * A train/validation split by file, never by pixel: all samples of one file (all pages of a
 * multi-page file in a folder) go to the same side, so that validation measures images the network
 * has not seen. Pages of a stack pair ({@code --images volume.tif --labels labels.tif}) are split
 * page by page.
 *
 * <p>The split depends only on the set of file names and the seed (names are sorted before a
 * seeded shuffle), not on the order the files were listed in. With {@code fraction > 0}, at least
 * one file goes to each side.
 *
 * @param train the training samples, in input order
 * @param validation the validation samples, in input order
 * @param <T> the sample type
 */
public record Split<T>(List<T> train, List<T> validation) {
    /**
     * Splits samples by their file: the part of {@link SegmentationSample#name()} before {@code '#'}
     * (the training-set loader names pages of multi-page files {@code file#page}).
     */
    public static Split<SegmentationSample> byFile(List<SegmentationSample> samples, double fraction, long seed) {
        return byGroup(samples, Split::fileOf, fraction, seed);
    }

    /** The file part of a sample name: everything before the first {@code '#'}. */
    public static String fileOf(SegmentationSample s) {
        int i = s.name().indexOf('#');
        return i < 0 ? s.name() : s.name().substring(0, i);
    }

    /**
     * Splits {@code items} so that about {@code fraction} of the groups go to validation.
     *
     * @throws InvalidInputException if the fraction is outside [0, 1) or there are too few groups
     */
    public static <T> Split<T> byGroup(List<T> items, Function<? super T, String> groupOf, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw InvalidInputException.of("%s is not valid; expected 0 <= F < 1, e.g. 0.2", Setting.VAL_FRACTION.is(fraction));
        }
        if (fraction == 0) {
            return new Split<>(List.copyOf(items), List.of());
        }
        Map<String, List<T>> groups = new TreeMap<>();
        for (T item : items) {
            groups.computeIfAbsent(groupOf.apply(item), g -> new ArrayList<>()).add(item);
        }
        int n = groups.size();
        if (n < 2) {
            throw InvalidInputException.of("%s needs at least 2 image files to split into training and validation, found %d (%s); add"
                    + " images, or use %s to train without validation", Setting.VAL_FRACTION.is(fraction), n,
                    n == 0 ? "none" : groups.keySet().iterator().next(), Setting.VAL_FRACTION.is(0));
        }
        int nVal = (int) Math.max(1, Math.min(n - 1, Math.round(fraction * n)));
        List<String> names = new ArrayList<>(groups.keySet());
        Collections.shuffle(names, new Random(seed));
        Map<String, Boolean> isVal = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            isVal.put(names.get(i), i < nVal);
        }
        List<T> train = new ArrayList<>();
        List<T> val = new ArrayList<>();
        for (T item : items) {
            (isVal.get(groupOf.apply(item)) ? val : train).add(item);
        }
        return new Split<>(List.copyOf(train), List.copyOf(val));
    }
}
