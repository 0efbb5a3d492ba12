package org.unet4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFiles;

/**
 * Pixel agreement of the {@code *_labels.tif} files of two {@code unet predict} output folders
 * (e.g. fp32 and bf16 runs). Arguments: {@code DIR_A DIR_B}. Prints one line per file and the
 * overall share of pixels with the same class.
 */
public final class LabelAgreement {
    private LabelAgreement() {
    }

    public static void main(String[] args) throws IOException {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        List<Path> files;
        try (Stream<Path> s = Files.list(a)) {
            files = s.filter(p -> p.getFileName().toString().endsWith("_labels.tif")).sorted().toList();
        }
        long same = 0;
        long total = 0;
        for (Path fa : files) {
            List<LabelImage> la = ImageFiles.readLabelImages(fa);
            List<LabelImage> lb = ImageFiles.readLabelImages(b.resolve(fa.getFileName()));
            long fileSame = 0;
            long fileTotal = 0;
            for (int s = 0; s < la.size(); s++) {
                int[] x = la.get(s).labels();
                int[] y = lb.get(s).labels();
                for (int i = 0; i < x.length; i++) {
                    fileSame += x[i] == y[i] ? 1 : 0;
                }
                fileTotal += x.length;
            }
            System.out.printf(Locale.ROOT, "%-24s %.5f%n", fa.getFileName(), fileSame / (double) fileTotal);
            same += fileSame;
            total += fileTotal;
        }
        System.out.printf(Locale.ROOT, "pixel agreement %.5f over %d pixels in %d files%n", same / (double) total, total, files.size());
    }
}
