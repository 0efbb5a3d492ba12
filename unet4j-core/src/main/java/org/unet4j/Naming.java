package org.unet4j;

import java.util.Locale;

/**
 * Who reads a message, and so how it names the values a user sets: a program calling the library
 * reads "tile 570", the command line's user "--tile 570", a Fiji macro's author "tile=570". The
 * library's messages are written once with {@link Setting}s and other {@link Phrase}s in them and
 * rendered in any of these namings ({@link InvalidInputException#message(Naming)}).
 */
public enum Naming {
    /** The library's words: "tile", "seed threshold", "learning rate" (what {@link Throwable#getMessage()} says). */
    LIBRARY,
    /** The command line's option names: "--tile", "--seed-threshold", "--lr". */
    CLI,
    /** The Fiji plugin's macro keys: "tile=", "seed_threshold="; the library's words where a setting has no key. */
    MACRO;

    /**
     * {@link String#format} in {@link Locale#ROOT}, with every {@link Phrase} argument (a setting,
     * a setting with a value, another exception's message, ...) rendered in this naming first.
     *
     * @param format a format string; phrases take {@code %s}
     * @param args the values; those that are not phrases are formatted as they are
     */
    public String format(String format, Object... args) {
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = args[i] instanceof Phrase p ? p.in(this) : args[i];
        }
        return String.format(Locale.ROOT, format, shown);
    }
}
