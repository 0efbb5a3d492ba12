package org.unet4j;

/**
 * Bad input from the user: a missing, mismatched, unreadable or unsupported file, or an
 * impossible option value. The message is one line that names the file or value, what was found,
 * what was expected and how to fix it. The command line prints it and exits with status 2.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
