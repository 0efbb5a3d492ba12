package org.unet4j.io;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.unet4j.InvalidInputException;

/**
 * Which files of an image and a label folder make up a training set: files to leave out by name
 * (glob patterns such as {@code man_seg067.tif} or {@code t06*.tif}, matched against file names,
 * not paths), and what to do with images that have no label file: refuse (the default, so that a
 * forgotten mask is noticed) or skip them, for sparsely annotated sequences such as the Cell
 * Tracking Challenge's, where only some frames have a mask ({@code 01/} with {@code 01_GT/SEG/}).
 *
 * @param unlabelled what to do with images without a label file
 * @param exclude glob patterns of file names (images or labels) to leave out; a left-out label
 *     file leaves its image unlabelled
 */
public record FileSelection(Unlabelled unlabelled, List<String> exclude) {
    /** What to do with images that have no label file. */
    public enum Unlabelled {
        /** Refuse the training set, naming the first such image. */
        ERROR,
        /** Train on the labelled images only; the skipped ones are reported. */
        SKIP
    }

    public FileSelection {
        if (unlabelled == null) {
            throw new InvalidInputException("unlabelled images: choose error or skip");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        for (String g : exclude) {
            matcher(g);
        }
    }

    /** Every file, unlabelled images refused: the behaviour without options. */
    public static FileSelection all() {
        return new FileSelection(Unlabelled.ERROR, List.of());
    }

    /** This selection with unlabelled images skipped. */
    public FileSelection skippingUnlabelled() {
        return new FileSelection(Unlabelled.SKIP, exclude);
    }

    /** This selection with more files left out. */
    public FileSelection excluding(String... globs) {
        List<String> all = new ArrayList<>(exclude);
        all.addAll(List.of(globs));
        return new FileSelection(unlabelled, all);
    }

    /** Whether {@code file}'s name matches one of the exclusion patterns. */
    public boolean excludes(Path file) {
        Path name = file.getFileName();
        for (String g : exclude) {
            if (matcher(g).matches(name)) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher matcher(String glob) {
        if (glob == null || glob.isBlank() || glob.contains("/")) {
            throw new InvalidInputException("exclusion pattern '" + glob + "' must be a file-name glob such as man_seg067.tif or t06*.tif"
                    + " (no folders)");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException("exclusion pattern '" + glob + "' is not a valid glob (" + e.getDescription()
                    + "); use * and ? for any characters, e.g. t06*.tif");
        }
    }
}
