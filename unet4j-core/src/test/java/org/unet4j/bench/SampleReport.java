package org.unet4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.unet4j.report.Curves;
import org.unet4j.report.HtmlReport;
import org.unet4j.report.ReportData;
import org.unet4j.report.SampleReports;

/**
 * Writes a sample report built from synthetic cells (made-up prediction and training log), for the
 * headless-browser check of the layout. Arguments: {@code OUT.html [images] [size]} (3, 512).
 * Prints a table: images, picture size, HTML size, milliseconds to build and write.
 */
public final class SampleReport {
    private SampleReport() {
    }

    public static void main(String[] args) throws Exception {
        Path html = Path.of(args[0]);
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        long t0 = System.nanoTime();
        ReportData data = SampleReports.cells(images, size, 1200);
        long t1 = System.nanoTime();
        HtmlReport.write(html, data);
        Curves.write(html.resolveSibling("curves.png"), data.curve());
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-7s %-9s %10s %9s %10s%n", "images", "size", "html KiB", "data ms", "report ms");
        System.out.printf(Locale.ROOT, "%-7d %-9s %10d %9.0f %10.0f%n", images, size + "x" + size, Files.size(html) / 1024,
                (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
}
