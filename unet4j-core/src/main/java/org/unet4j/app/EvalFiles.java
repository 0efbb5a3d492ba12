package org.unet4j.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.unet4j.InvalidInputException;
import org.unet4j.io.ImageFiles;

/**
 * Listing and pairing of the files that {@code unet evaluate} scores, with the rules of the
 * reference scorer ({@code ../shared/eval/io_utils.py}), so both score the same pairs:
 *
 * <ul>
 *   <li>a path is a file, or a folder whose image files (by extension, sorted by name) are used;
 *   <li>prediction and ground-truth files are paired by identical file name; else by the last
 *       number in the name (Cell Tracking Challenge {@code maskTTT.tif} with
 *       {@code man_segTTT.tif}; predictions without a ground-truth partner are then left out);
 *       else by sorted position when both sides have as many files.
 * </ul>
 *
 * Kept here rather than using {@link org.unet4j.io.FilePairing}: that one leaves out the scorer's
 * last resort (sorted position) and adds a same-stem rule, so it would pair some folders
 * differently from the scorer or refuse them. Pairing by position is reported as a warning.
 */
public final class EvalFiles {
    /** The image files {@link ImageFiles} reads (no .pgm: it cannot read it, so listing it only led to a read error). */
    private static final List<String> EXTENSIONS = ImageFiles.EXTENSIONS.stream().map(e -> "." + e).toList();
    /** The rule text of pairing by sorted position. */
    static final String BY_POSITION = "sorted position";
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    /** A prediction file and its ground-truth file. */
    public record Pair(Path pred, Path gt) {
    }

    /**
     * @param pairs the pairs, in the order of the ground-truth files
     * @param unused prediction files without a ground-truth partner (left out)
     * @param rule how the files were paired
     */
    public record Pairing(List<Pair> pairs, List<Path> unused, String rule) {
    }

    private EvalFiles() {
    }

    /**
     * The image files of {@code path}: the file itself, or a folder's image files sorted by name.
     *
     * @param role "prediction" or "ground truth", for messages
     */
    public static List<Path> list(Path path, String role) {
        if (Files.isDirectory(path)) {
            List<Path> out = new ArrayList<>();
            try (Stream<Path> s = Files.list(path)) {
                s.filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p))
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
            }
            if (out.isEmpty()) {
                throw new InvalidInputException(role + " folder " + path + " holds no image files (.tif, .tiff, .png);"
                        + " point --" + (role.startsWith("pred") ? "pred" : "gt") + " at the folder of images or at one file");
            }
            return out;
        }
        if (!Files.exists(path)) {
            throw new InvalidInputException(role + " " + path + ": no such file or folder; check the path");
        }
        return List.of(path);
    }

    /** Pairs the prediction and ground-truth files of two paths (see the class comment). */
    public static Pairing pair(Path predPath, Path gtPath) {
        List<Path> pf = list(predPath, "prediction");
        List<Path> gf = list(gtPath, "ground truth");
        if (pf.size() == 1 && gf.size() == 1) {
            return new Pairing(List.of(new Pair(pf.get(0), gf.get(0))), List.of(), "single files");
        }
        Map<String, Path> pb = byName(pf);
        Map<String, Path> gb = byName(gf);
        if (pb.keySet().equals(gb.keySet())) {
            List<Pair> pairs = new ArrayList<>();
            new TreeMap<>(gb).forEach((name, g) -> pairs.add(new Pair(pb.get(name), g)));
            return new Pairing(pairs, List.of(), "same file names");
        }
        Map<BigInteger, Path> pn = byNumber(pf);
        Map<BigInteger, Path> gn = byNumber(gf);
        boolean gtNumbered = gn != null && !gn.containsKey(null);
        if (gtNumbered && pn != null && pn.keySet().containsAll(gn.keySet())) {
            List<Pair> pairs = new ArrayList<>();
            new TreeMap<>(gn).forEach((k, g) -> pairs.add(new Pair(pn.get(k), g)));
            Set<Path> used = new LinkedHashSet<>();
            pairs.forEach(p -> used.add(p.pred()));
            List<Path> unused = pf.stream().filter(p -> !used.contains(p)).toList();
            return new Pairing(pairs, unused, "last number in the file names");
        }
        if (pf.size() == gf.size()) {
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < pf.size(); i++) {
                pairs.add(new Pair(pf.get(i), gf.get(i)));
            }
            return new Pairing(pairs, List.of(), BY_POSITION);
        }
        throw new InvalidInputException(unpairedMessage(predPath, gtPath, pf, gf, gtNumbered ? pn : null, gn));
    }

    private static String unpairedMessage(Path predPath, Path gtPath, List<Path> pf, List<Path> gf, Map<BigInteger, Path> pn,
            Map<BigInteger, Path> gn) {
        String missing = "";
        if (pn != null && gn != null) {
            for (Map.Entry<BigInteger, Path> e : new TreeMap<>(gn).entrySet()) {
                if (!pn.containsKey(e.getKey())) {
                    missing = "; ground truth " + e.getValue().getFileName() + " has no prediction with number " + e.getKey();
                    break;
                }
            }
        }
        return "cannot pair " + pf.size() + " prediction file(s) in " + predPath + " with " + gf.size()
                + " ground-truth file(s) in " + gtPath + missing + "; give every ground-truth image a prediction with the"
                + " same file name or the same last number (mask003.tif for man_seg003.tif)";
    }

    public static String lastNumberText(String fileName) {
        String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        Matcher m = LAST_NUMBER.matcher(stem);
        return m.find() ? m.group(1) : null;
    }

    private static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static Map<String, Path> byName(List<Path> files) {
        Map<String, Path> m = new HashMap<>();
        for (Path p : files) {
            m.put(p.getFileName().toString(), p);
        }
        return m;
    }

    /** Files by the last number of their names (null key: no number), or null when two files share a number. */
    private static Map<BigInteger, Path> byNumber(List<Path> files) {
        Map<BigInteger, Path> m = new HashMap<>();
        for (Path p : files) {
            String digits = lastNumberText(p.getFileName().toString());
            BigInteger key = digits == null ? null : new BigInteger(digits);
            if (m.containsKey(key)) {
                return null;
            }
            m.put(key, p);
        }
        return m;
    }
}
