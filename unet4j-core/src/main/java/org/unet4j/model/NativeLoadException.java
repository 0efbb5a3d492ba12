package org.unet4j.model;

/** The native engine (libtorch) could not be loaded on this machine. The command line exits with status 3. */
public class NativeLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NativeLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
