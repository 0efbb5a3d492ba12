package org.unet4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unet4j.InvalidInputException;

/**
 * Reads a run's {@code train.csv}: a header line, then one row per logged iteration, comma
 * separated, numbers in plain or scientific notation ({@code NaN}, {@code Infinity} allowed):
 *
 * <pre>
 * iteration,loss,lr,seconds,val_loss,val_iou,val_dice,val_pixel_error,val_rand_error
 * 10,0.6931,0.01,4.2,,,,,
 * 50,0.4120,0.01,20.9,0.3954,0.8123,0.8951,0.0712,0.1410
 * </pre>
 *
 * <p>{@code iteration} and {@code loss} are required; {@code lr} and {@code seconds} optional.
 * Every column named {@code val_<name>} becomes the validation metric {@code <name>}; it is empty
 * on rows without validation. Other columns are ignored, so the log can grow columns without
 * breaking old readers.
 */
public final class TrainLog {
    private static final String VALIDATION_PREFIX = "val_";

    private TrainLog() {
    }

    /**
     * The rows of {@code csv}.
     *
     * @throws InvalidInputException if the file is missing, lacks a required column or has a row that is not numbers
     */
    public static List<CurvePoint> read(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new InvalidInputException(csv + ": no such file; a training run writes train.csv in its run folder");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return parse(csv.toString(), lines);
    }

    /** The rows of a log given as lines ({@code source} names it in messages). */
    public static List<CurvePoint> parse(String source, List<String> lines) {
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new InvalidInputException(source + ": empty; expected a header line starting with iteration,loss");
        }
        String[] header = split(lines.get(first));
        int iteration = column(header, "iteration");
        int loss = column(header, "loss");
        int lr = column(header, "lr");
        int seconds = column(header, "seconds");
        if (iteration < 0 || loss < 0) {
            throw new InvalidInputException(source + ": header '" + lines.get(first).strip() + "' lacks "
                    + (iteration < 0 ? "iteration" : "loss") + "; expected a training log with columns iteration,loss,...");
        }
        Map<Integer, String> validation = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            String name = header[c].toLowerCase(Locale.ROOT);
            if (name.startsWith(VALIDATION_PREFIX) && name.length() > VALIDATION_PREFIX.length()) {
                validation.put(c, name.substring(VALIDATION_PREFIX.length()));
            }
        }
        int last = lines.size() - 1;
        while (last > first && lines.get(last).isBlank()) {
            last--;
        }
        List<CurvePoint> points = new ArrayList<>();
        for (int n = first + 1; n <= last; n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            try {
                points.add(row(split(line), source + " line " + (n + 1), iteration, loss, lr, seconds, validation));
            } catch (InvalidInputException e) {
                if (n < last) {
                    throw e;
                }
                // the last line of a log that is being written may be incomplete: leave it out
            }
        }
        return points;
    }

    private static CurvePoint row(String[] cells, String where, int iteration, int loss, int lr, int seconds,
            Map<Integer, String> validation) {
        double it = number(cells, iteration, where);
        if (Double.isNaN(it)) {
            throw new InvalidInputException(where + ": no iteration number; every row needs one");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> v : validation.entrySet()) {
            double x = number(cells, v.getKey(), where);
            if (!Double.isNaN(x)) {
                values.put(v.getValue(), x);
            }
        }
        return new CurvePoint((long) it, number(cells, loss, where), number(cells, lr, where), number(cells, seconds, where),
                values);
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
            if (cells[i].length() >= 2 && cells[i].startsWith("\"") && cells[i].endsWith("\"")) {
                cells[i] = cells[i].substring(1, cells[i].length() - 1);
            }
        }
        return cells;
    }

    private static int column(String[] header, String name) {
        for (int c = 0; c < header.length; c++) {
            if (header[c].equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    /** The number in column {@code c}, NaN when the column is absent or the cell empty. */
    private static double number(String[] cells, int c, String where) {
        if (c < 0 || c >= cells.length || cells[c].isEmpty()) {
            return Double.NaN;
        }
        String s = cells[c];
        try {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "nan" -> Double.NaN;
                case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(s);
            };
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": '" + s + "' is not a number; the training log may be corrupt");
        }
    }
}
