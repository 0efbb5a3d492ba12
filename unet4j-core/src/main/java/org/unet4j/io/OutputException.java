package org.unet4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.unet4j.Naming;
import org.unet4j.Phrase;

/**
 * An output that could not be written because of where it goes, not because of a bug: a full
 * disk, a read-only file system, missing permission, a place where no files can be created. The
 * message is one line, "REASON writing PATH; what to do"; the command line prints it and exits
 * with status 2. Whatever was being written has been removed again ({@link AtomicFiles}). The
 * advice can name settings ({@link #withAdvice(Phrase)}); {@link #message(Naming)} renders it.
 */
public class OutputException extends UncheckedIOException implements Phrase {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String reason;
    /** The message for {@link Naming#CLI} and {@link Naming#MACRO}; the library's is {@link #getMessage()}. */
    private final String cliMessage;
    private final String macroMessage;

    /**
     * @param reason why, in a few words
     * @param advice what to do, the same in every naming
     */
    public OutputException(Path path, String reason, String advice, IOException cause) {
        this(path, reason, Phrase.plain(advice), cause);
    }

    private OutputException(Path path, String reason, Phrase advice, IOException cause) {
        super(reason + " writing " + path + "; " + advice.in(Naming.LIBRARY), cause);
        this.path = path;
        this.reason = reason;
        this.cliMessage = reason + " writing " + path + "; " + advice.in(Naming.CLI);
        this.macroMessage = reason + " writing " + path + "; " + advice.in(Naming.MACRO);
    }

    /** The file or folder that could not be written. */
    public Path path() {
        return path;
    }

    /** Why, in a few words ("no space left on device", "read-only file system", ...). */
    public String reason() {
        return reason;
    }

    /** Whether the cause is a full disk (or an exhausted quota). */
    public boolean noSpace() {
        return reason.startsWith("no space") || reason.startsWith("disk quota");
    }

    /** The same failure with other advice (what the command that wrote it suggests). */
    public OutputException withAdvice(String advice) {
        return withAdvice(Phrase.plain(advice));
    }

    /** The same failure with advice that names settings, e.g. "choose another " + {@link org.unet4j.Setting#OUT}. */
    public OutputException withAdvice(Phrase advice) {
        return new OutputException(path, reason, advice, getCause());
    }

    /** The message with the advice in the words of {@code naming} ({@link #getMessage()} is the library's). */
    public String message(Naming naming) {
        return switch (naming) {
            case LIBRARY -> getMessage();
            case CLI -> cliMessage;
            case MACRO -> macroMessage;
        };
    }

    /** {@link #message(Naming)}, so that the failure can be an argument of another message. */
    @Override
    public String in(Naming naming) {
        return message(naming);
    }

    /** The failure of writing {@code target}, named and explained from {@code e}. */
    public static OutputException of(Path target, IOException e) {
        String reason = reason(e, target);
        return new OutputException(target, reason, advice(reason), e);
    }

    /**
     * The reason of a file-system failure in a few words, or null when {@code e} does not look like
     * one (full disk, read-only, permission, no place to create files).
     */
    public static String knownReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left on device")) {
                return "no space left on device";
            }
            if (m.contains("disk quota exceeded")) {
                return "disk quota exceeded";
            }
            if (m.contains("read-only file system")) {
                return "read-only file system";
            }
            if (t instanceof AccessDeniedException || m.contains("permission denied")) {
                return "permission denied";
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return null;
    }

    private static String reason(IOException e, Path target) {
        String known = knownReason(e);
        if (known != null) {
            return known;
        }
        if (e instanceof NoSuchFileException n) {
            Path missing = n.getFile() == null ? target : Path.of(n.getFile());
            Path parent = missing.toAbsolutePath().getParent();
            if (parent != null && Files.isDirectory(parent)) {
                return "no new files can be created in " + parent;
            }
            return "no such folder " + (parent == null ? missing : parent);
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String advice(String reason) {
        if (reason.startsWith("no space") || reason.startsWith("disk quota")) {
            return "free some space or write elsewhere";
        }
        if (reason.startsWith("read-only")) {
            return "write to another place";
        }
        if (reason.startsWith("permission")) {
            return "write to another place or fix the folder's permissions";
        }
        return "choose another place to write to";
    }
}
