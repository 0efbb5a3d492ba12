package org.unet4j.fiji;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.unet4j.fiji.bridge.EngineException;

/**
 * The options string of an ImageJ macro call ({@code run("unet4j Segment", "model=[/a b] tile=auto tta")}):
 * {@code key=value}, {@code key=[value with spaces]} or {@code key='value'}, and bare flags. Keys
 * are lower case, as ImageJ makes them from the first word of each dialog label. Values that do
 * not parse give an {@link EngineException} with a one-line message naming the key.
 */
public final class MacroOptions {
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Parses {@code options} (null = none). */
    public MacroOptions(String options) {
        String s = options == null ? "" : options;
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') {
                i++;
            }
            String key = s.substring(start, i).toLowerCase(Locale.ROOT);
            if (i >= s.length() || s.charAt(i) != '=') {
                values.put(key, null); // a flag
                continue;
            }
            i++; // '='
            String value;
            if (i < s.length() && (s.charAt(i) == '[' || s.charAt(i) == '\'')) {
                char open = s.charAt(i);
                int end = open == '[' ? closingBracket(s, i) : s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw bad(key + "=" + s.substring(i) + " has no closing " + (open == '[' ? "]" : "'") + "; write " + key
                            + "=[value]");
                }
                value = s.substring(i + 1, end);
                i = end + 1;
            } else {
                int vs = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                value = s.substring(vs, i);
            }
            values.put(key, value);
        }
    }

    private static int closingBracket(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '[') {
                depth++;
            } else if (s.charAt(i) == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the bare flag (or any value) {@code key} is present. */
    public boolean flag(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}, or {@code otherwise} when absent. */
    public String text(String key, String otherwise) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    /** A path value, or null when absent. */
    public Path path(String key) {
        String v = text(key, null);
        return v == null ? null : Path.of(v);
    }

    /** An integer value. */
    public int integer(String key, int otherwise) {
        String v = text(key, null);
        if (v == null) {
            return otherwise;
        }
        try {
            return (int) Math.round(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw bad(key + "=" + v + " is not a number; give a whole number such as " + otherwise);
        }
    }

    /** A number value. */
    public double number(String key, double otherwise) {
        String v = text(key, null);
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key + "=" + v + " is not a number; give a number such as " + (Double.isNaN(otherwise) ? "0.5" : otherwise));
        }
    }

    /** A number that may be {@code auto} (NaN). */
    public double numberOrAuto(String key) {
        String v = text(key, "auto");
        return v.equalsIgnoreCase("auto") ? Double.NaN : number(key, Double.NaN);
    }

    /** A tile size: {@code auto} (0) or a whole number. */
    public int tile(String key) {
        String v = text(key, "auto");
        if (v.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int t = Integer.parseInt(v);
            if (t > 0) {
                return t;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad(key + "=" + v + " is not a tile size; use auto or a valid size such as 572");
    }

    static EngineException bad(String message) {
        return new EngineException(EngineException.Kind.INVALID_INPUT, message, null);
    }

    /** {@code key=value} for a macro line, bracketed when the value holds a space. */
    static String pair(String key, Object value) {
        String v = String.valueOf(value);
        return key + "=" + (v.contains(" ") || v.isEmpty() ? "[" + v + "]" : v);
    }

    /** A number as the macro line writes it: whole numbers without ".0", NaN as auto. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "auto";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
