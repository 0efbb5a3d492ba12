package org.unet4j;

/**
 * Bad input from the user: a missing, mismatched, unreadable or unsupported file, or an
 * impossible option value. The message is one line that names the file or value, what was found,
 * what was expected and how to fix it. The command line prints it and exits with status 2.
 *
 * <p>A message that names user settings is made with {@link #of(String, Object...)}: its
 * {@link Setting}s (and other {@link Phrase}s) are rendered in each {@link Naming}, so that
 * {@link #getMessage()} says "tile 570 is not valid for depth 4; ..." in the library's words,
 * {@code message(Naming.CLI)} "--tile 570 ..." for the command line and
 * {@code message(Naming.MACRO)} "tile=570 ..." for a Fiji macro. A message made from a plain
 * string reads the same in every naming.
 */
public class InvalidInputException extends RuntimeException implements Phrase {
    private static final long serialVersionUID = 2L;

    /** The message for {@link Naming#CLI}; the library's is {@link #getMessage()}. */
    private final String cli;
    /** The message for {@link Naming#MACRO}. */
    private final String macro;

    /** A message that reads the same in every naming. */
    public InvalidInputException(String message) {
        this(message, (Throwable) null);
    }

    /** A message that reads the same in every naming, with the failure behind it. */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.cli = message;
        this.macro = message;
    }

    /**
     * A message rendered from {@code format} in each naming ({@link Naming#format}); for subclasses.
     *
     * @param cause the failure behind it, or null
     */
    protected InvalidInputException(Throwable cause, String format, Object... args) {
        this(Phrase.format(format, args), cause);
    }

    private InvalidInputException(Phrase message, Throwable cause) {
        super(message.in(Naming.LIBRARY), cause);
        this.cli = message.in(Naming.CLI);
        this.macro = message.in(Naming.MACRO);
    }

    /**
     * The exception with the message {@code format} (a {@link String#format} pattern, rendered in
     * {@link java.util.Locale#ROOT}) in each naming: {@link Setting}s, {@link Setting.Value}s and
     * other {@link Phrase}s among {@code args} take {@code %s} and are rendered per naming, so is
     * an {@link InvalidInputException} given as an argument (its own message in the same naming).
     */
    public static InvalidInputException of(String format, Object... args) {
        return new InvalidInputException(Phrase.format(format, args), null);
    }

    /** {@link #of(String, Object...)} with the failure behind it. */
    public static InvalidInputException of(Throwable cause, String format, Object... args) {
        return new InvalidInputException(Phrase.format(format, args), cause);
    }

    /**
     * The message for {@code naming}: the library's words ({@link #getMessage()}), the command
     * line's options, or the Fiji plugin's macro keys.
     */
    public String message(Naming naming) {
        return switch (naming) {
            case LIBRARY -> getMessage();
            case CLI -> cli;
            case MACRO -> macro;
        };
    }

    /** {@link #message(Naming)}, so that an exception can be an argument of another message. */
    @Override
    public String in(Naming naming) {
        return message(naming);
    }
}
