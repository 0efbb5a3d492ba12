package org.unet4j.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unet4j.InvalidInputException;
import org.unet4j.Phrase;
import org.unet4j.Setting;

/**
 * Pairs two sets of image files: images with labels for training, predictions with ground truth
 * for evaluation. The rules, tried in this order, are those of the reference scorer
 * ({@code shared/eval/io_utils.py}) without its last resort, pairing by sorted position, which
 * pairs wrong files silently when one is missing:
 * <ol>
 *   <li>identical file name ({@code 07.png <-> 07.png});
 *   <li>identical stem, the name without extension ({@code a.png <-> a.tif});
 *   <li>identical trailing number in the stem, compared as a number ({@code t007.tif <-> man_seg007.tif},
 *       {@code slice_7.png <-> mask_007.png}), the cell tracking challenge naming.
 * </ol>
 * A rule applies when it finds a partner for every file of the second set, each partner used once
 * and no key shared by two files of one side. Files of the first set without a partner are
 * returned (training refuses them, evaluation reports them). When no rule applies the error names
 * the files left without a partner under the rule that paired most.
 */
public final class FilePairing {
    /** How the files were paired. */
    public enum Rule {
        /** Two single files (stacks, paired page by page by the caller). */
        SINGLE_FILES("single files"),
        SAME_NAME("identical file name"),
        SAME_STEM("identical name without extension"),
        TRAILING_NUMBER("identical trailing number"),
        PATTERN("label pattern");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Two paired files. */
    public record Pair(Path first, Path second) {
    }

    /**
     * The result of pairing.
     *
     * @param pairs the pairs, sorted by the first file's name
     * @param rule the rule that paired them
     * @param unpairedFirst files of the first set without a partner
     */
    public record Pairing(List<Pair> pairs, Rule rule, List<Path> unpairedFirst) {
    }

    private static final Pattern TRAILING_DIGITS = Pattern.compile("(\\d+)(?!.*\\d)");

    private FilePairing() {
    }

    /**
     * Pairs two paths given on the command line: two files (one pair; stacks are paired page by
     * page by the caller), or two folders (their image files, by the rules above).
     *
     * @param firstOption the first path's option name, for messages (e.g. {@code --pred})
     * @param secondOption the second path's option name
     * @throws InvalidInputException for a missing path, a folder given with a file, or files that cannot be paired
     */
    public static Pairing pair(Path first, String firstOption, Path second, String secondOption) {
        return pair(Phrase.plain(firstOption + " " + first), first, Phrase.plain(secondOption + " " + second), second);
    }

    /**
     * {@link #pair(Path, String, Path, String)} for two paths that the user set, named in each
     * naming of the messages ("images /data/x", "--images /data/x").
     */
    public static Pairing pair(Path first, Setting firstSetting, Path second, Setting secondSetting) {
        return pair(firstSetting.is(first), first, secondSetting.is(second), second);
    }

    private static Pairing pair(Phrase firstNamed, Path first, Phrase secondNamed, Path second) {
        boolean firstDir = checkExists(first, firstNamed);
        boolean secondDir = checkExists(second, secondNamed);
        if (firstDir != secondDir) {
            throw InvalidInputException.of("%s is a %s but %s is a %s; give two folders (files paired by name) or two files (stacks paired"
                    + " page by page)", firstNamed, firstDir ? "folder" : "file", secondNamed, secondDir ? "folder" : "file");
        }
        if (!firstDir) {
            return new Pairing(List.of(new Pair(first, second)), Rule.SINGLE_FILES, List.of());
        }
        return pair(ImageFiles.listImages(first), ImageFiles.listImages(second));
    }

    /** Whether {@code p}, the value of {@code setting}, is a folder; an error if it does not exist. */
    static boolean checkExists(Path p, Setting setting) {
        return checkExists(p, setting.is(p));
    }

    /** Whether {@code p} ({@code named}: the path as messages name it) is a folder; an error if it does not exist. */
    private static boolean checkExists(Path p, Phrase named) {
        if (!Files.exists(p)) {
            throw InvalidInputException.of("%s: no such file or folder; check the path", named);
        }
        return Files.isDirectory(p);
    }

    /** Pairs two lists of files by name, stem or trailing number. */
    public static Pairing pair(List<Path> firsts, List<Path> seconds) {
        List<Attempt> attempts = List.of(
                attempt(Rule.SAME_NAME, firsts, seconds, p -> p.getFileName().toString()),
                attempt(Rule.SAME_STEM, firsts, seconds, p -> stem(p)),
                attempt(Rule.TRAILING_NUMBER, firsts, seconds, p -> trailingNumber(stem(p))));
        for (Attempt a : attempts) {
            if (a.complete()) {
                return a.pairing();
            }
        }
        Attempt best = attempts.stream().max(Comparator.comparingInt(a -> a.pairs.size())).orElseThrow();
        throw best.error(firsts, seconds);
    }

    /**
     * Pairs each first file with the second file named by {@code template}, in which {@code {stem}}
     * stands for the first file's name without extension and {@code {num}} for the digits at the
     * end of that stem, as written (zero padding kept). A template with an extension must match
     * a file name exactly; one without matches any image extension ({@code man_seg{num}} finds
     * {@code man_seg007.tif} for {@code t007.tif}).
     */
    public static Pairing byPattern(List<Path> firsts, List<Path> seconds, String template) {
        if (!template.contains("{stem}") && !template.contains("{num}")) {
            throw InvalidInputException.of("%s has neither {stem} nor {num}; e.g. 'man_seg{num}' or '{stem}_mask'", pattern(template));
        }
        boolean withExtension = ImageFiles.isImageFile(Path.of(template.replace("{stem}", "x").replace("{num}", "0")));
        Map<String, List<Path>> byKey = new HashMap<>();
        for (Path s : seconds) {
            String key = withExtension ? s.getFileName().toString() : stem(s);
            byKey.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(s);
        }
        List<Pair> pairs = new ArrayList<>();
        List<Path> unpaired = new ArrayList<>();
        for (Path f : firsts) {
            String stem = stem(f);
            Matcher m = TRAILING_DIGITS.matcher(stem);
            if (template.contains("{num}") && !m.find()) {
                throw InvalidInputException.of("%s: the name has no number for {num} in %s; use {stem}, or rename the images (e.g. t000.tif)",
                        f, pattern(template));
            }
            String wanted = template.replace("{stem}", stem).replace("{num}", template.contains("{num}") ? m.group(1) : "");
            List<Path> found = byKey.getOrDefault(wanted.toLowerCase(Locale.ROOT), List.of());
            if (found.size() > 1) {
                throw InvalidInputException.of("%s: %s gives '%s', which matches %d files (%s, %s); remove one, or put the extension in the"
                        + " pattern", f, pattern(template), wanted, found.size(), found.get(0).getFileName(), found.get(1).getFileName());
            }
            if (found.isEmpty()) {
                unpaired.add(f);
            } else {
                pairs.add(new Pair(f, found.get(0)));
            }
        }
        return new Pairing(pairs, Rule.PATTERN, unpaired);
    }

    /** The label pattern as messages quote it: {@code --label-pattern 'man_seg{num}'}. */
    private static Phrase pattern(String template) {
        return Setting.LABEL_PATTERN.is("'" + template + "'");
    }

    /** A file name without its extension. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The number at the end of {@code stem} as a canonical decimal text (no leading zeros), or null. */
    static String trailingNumber(String stem) {
        Matcher m = TRAILING_DIGITS.matcher(stem);
        if (!m.find()) {
            return null;
        }
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        return digits;
    }

    private record Attempt(Rule rule, List<Pair> pairs, List<Path> unpairedFirst, List<Path> unpairedSecond, String conflict) {
        boolean complete() {
            return conflict == null && unpairedSecond.isEmpty();
        }

        Pairing pairing() {
            return new Pairing(pairs, rule, unpairedFirst);
        }

        InvalidInputException error(List<Path> firsts, List<Path> seconds) {
            Path firstDir = firsts.get(0).toAbsolutePath().getParent();
            Path secondDir = seconds.get(0).toAbsolutePath().getParent();
            String detail = conflict != null ? conflict
                    : "no partner in " + firstDir + " for " + names(unpairedSecond)
                    + (unpairedFirst.isEmpty() ? "" : ", and none in " + secondDir + " for " + names(unpairedFirst));
            return new InvalidInputException("cannot pair " + firsts.size() + " files in " + firstDir + " with " + seconds.size()
                    + " in " + secondDir + " (best rule: " + rule.text() + "): " + detail
                    + "; add the missing files, remove the extra ones, or name partners alike (same name, or same trailing number)");
        }
    }

    private static String names(List<Path> files) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(3, files.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(files.get(i).getFileName());
        }
        return sb + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : "");
    }

    private static Attempt attempt(Rule rule, List<Path> firsts, List<Path> seconds, Function<Path, String> key) {
        Map<String, Path> firstByKey = new LinkedHashMap<>();
        String conflict = null;
        for (Path f : firsts) {
            String k = key.apply(f);
            if (k != null && firstByKey.put(k, f) != null && conflict == null) {
                conflict = "files " + firstByKey.get(k).getFileName() + " and " + f.getFileName() + " share the key '" + k + "'";
            }
        }
        Map<String, Path> secondByKey = new HashMap<>();
        List<Pair> pairs = new ArrayList<>();
        List<Path> unpairedSecond = new ArrayList<>();
        for (Path s : seconds) {
            String k = key.apply(s);
            Path partner = k == null ? null : firstByKey.get(k);
            if (k != null && secondByKey.put(k, s) != null && conflict == null) {
                conflict = "files " + secondByKey.get(k).getFileName() + " and " + s.getFileName() + " share the key '" + k + "'";
            }
            if (partner == null) {
                unpairedSecond.add(s);
            } else {
                pairs.add(new Pair(partner, s));
            }
        }
        List<Path> unpairedFirst = new ArrayList<>();
        for (Path f : firsts) {
            String k = key.apply(f);
            if (k == null || !secondByKey.containsKey(k)) {
                unpairedFirst.add(f);
            }
        }
        pairs.sort(Comparator.comparing(p -> p.first().getFileName().toString()));
        return new Attempt(rule, pairs, unpairedFirst, unpairedSecond, conflict);
    }
}
