package org.unet4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Writing outputs so that nothing half-written is ever left: the content goes to a temporary
 * file in the target's folder, which is then renamed over the target (atomically where the file
 * system allows).
 */
public final class AtomicFiles {
    /** Writes a temporary file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} through {@code writer}, which gets a temporary path in the same folder.
     * On failure the temporary file is deleted and the target is untouched.
     */
    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            writer.write(temp);
            readableByAll(temp);
            move(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /**
     * Gives a finished temporary file the usual permissions of a new file (rw-r--r--):
     * {@code createTempFile} makes it private (rw-------) and the rename keeps that.
     */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): nothing to do
        }
    }

    /** Writes a text file atomically (UTF-8). */
    public static void writeString(Path target, String text) {
        write(target, temp -> Files.writeString(temp, text));
    }

    /**
     * Writes a whole folder: {@code writer} fills a temporary sibling folder, which then replaces
     * {@code target}. An existing target is first renamed to {@code .NAME.old} and deleted only after
     * the new folder is in place, so at every moment one complete version exists (a reader that finds
     * no target should look at {@link #previousVersion(Path)}). When there is no target but a
     * {@code .NAME.old} (a crash between the two renames), that previous version stays until the new
     * folder is in place.
     */
    public static void writeDirectory(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path old = previousVersion(abs);
        try {
            Files.createDirectories(temp);
            writer.write(temp);
            if (Files.exists(abs)) {
                deleteRecursively(old);
                move(abs, old);
            }
            move(temp, abs);
            deleteRecursively(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteRecursively(temp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** Where {@link #writeDirectory} keeps the previous version of {@code target} while replacing it. */
    public static Path previousVersion(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".old");
    }

    /** Deletes a file or a folder with everything in it; nothing happens if it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path c : (Iterable<Path>) children::iterator) {
                    deleteRecursively(c);
                }
            }
        }
        Files.delete(path);
    }

    /** Renames {@code source} to {@code target}, replacing it, atomically where possible. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
