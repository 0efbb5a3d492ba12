package org.unet4j.fiji.bridge;

/**
 * A failure of the engine carried across the class-loader boundary: the message is the library's
 * one line (for {@link Kind#INVALID_INPUT} the {@code org.unet4j.InvalidInputException}'s own);
 * the cause, when present, is the original exception (for ImageJ's debug mode).
 */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Bad input: a file, a value or a model that does not fit; the message says how to fix it. */
        INVALID_INPUT,
        /** The native engine (libtorch) could not be loaded. */
        NATIVE_LOAD,
        /** The engine folder is missing or incomplete. */
        INSTALLATION,
        /** Anything else: a bug. */
        INTERNAL
    }

    private final Kind kind;

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
