package org.unet4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writing outputs so that nothing half-written is ever left: the content goes to a temporary
 * file in the target's folder, which is then renamed over the target (atomically where the file
 * system allows). Temporary names carry the process id; what an interrupted process leaves is
 * removed by its shutdown hook or, after a kill, by {@link #deleteStale} of a later run.
 */
public final class AtomicFiles {
    /** Writes a temporary file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temp) throws IOException;
    }

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.(\\d+)\\.\\d+\\.tmp");
    private static final Pattern TEMP_DIR = Pattern.compile("\\..+\\.tmp-(\\d+)-\\d+");
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deletePending, "unet4j-temp-cleanup"));
        } catch (IllegalStateException | SecurityException e) {
            // shutting down already, or not allowed: temporary files are then left to deleteStale
        }
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} through {@code writer}, which gets a temporary path in the same folder.
     * On failure the temporary file is deleted and the target is untouched.
     *
     * @throws OutputException if the file system refuses the write (full, read-only, permission)
     */
    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, tempPrefix(target), ".tmp");
            PENDING.add(temp);
            writer.write(temp);
            readableByAll(temp);
            move(temp, target);
        } catch (IOException e) {
            throw failure(target, e);
        } catch (UncheckedIOException e) {
            throw failure(target, e.getCause());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort
                }
                PENDING.remove(temp);
            }
        }
    }

    /**
     * The exception for a failed write of {@code target}: an {@link OutputException} (a one-line
     * user error) when the file system refused it, else an {@link UncheckedIOException}.
     */
    public static UncheckedIOException failure(Path target, IOException e) {
        if (OutputException.knownReason(e) != null || e instanceof FileSystemException) {
            return OutputException.of(target, e);
        }
        return new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }

    /**
     * The prefix of this process's temporary files for {@code target}: {@code .NAME.PID.}, so that
     * {@link #deleteStale} can tell a running job's files from a dead one's.
     */
    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + "." + PID + ".";
    }

    /**
     * Registers a temporary file or folder of this process that {@link #deletePending()} (and the
     * shutdown hook, e.g. on Ctrl-C) removes if it is still there.
     */
    public static void pending(Path temp) {
        PENDING.add(temp);
    }

    /** Unregisters a temporary file of {@link #pending(Path)} (renamed or deleted). */
    public static void done(Path temp) {
        PENDING.remove(temp);
    }

    /**
     * Deletes the temporary files and folders of this process's unfinished writes (run at JVM
     * shutdown; callers that halt the JVM call it first).
     */
    public static void deletePending() {
        for (Path p : PENDING.toArray(new Path[0])) {
            try {
                deleteRecursively(p);
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: the next run's deleteStale takes it
            }
            PENDING.remove(p);
        }
    }

    /**
     * Deletes the hidden temporary files and folders ({@code .NAME.PID.*.tmp},
     * {@code .NAME.tmp-PID-*}) that processes which no longer run left in {@code folder} and its
     * sub-folders down to {@code depth} levels. Those of running processes (this one included) stay.
     *
     * @return how many were deleted
     */
    public static int deleteStale(Path folder, int depth) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int n = 0;
        List<Path> children;
        try (Stream<Path> s = Files.list(folder)) {
            children = s.toList();
        } catch (IOException e) {
            return 0;
        }
        for (Path c : children) {
            long pid = tempOwner(c.getFileName().toString());
            if (pid > 0) {
                if (pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                    try {
                        deleteRecursively(c);
                        n++;
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            } else if (depth > 0 && Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                n += deleteStale(c, depth - 1);
            }
        }
        return n;
    }

    /** The process id in a temporary name of this class ({@code .NAME.PID.R.tmp}, {@code .NAME.tmp-PID-R}), else -1. */
    static long tempOwner(String name) {
        if (!name.startsWith(".")) {
            return -1;
        }
        Matcher m = TEMP_FILE.matcher(name);
        if (!m.matches()) {
            m = TEMP_DIR.matcher(name);
            if (!m.matches()) {
                return -1;
            }
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
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
        Path temp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + PID + "-" + System.nanoTime());
        Path old = previousVersion(abs);
        PENDING.add(temp);
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
            throw failure(target, e);
        } catch (UncheckedIOException e) {
            throw failure(target, e.getCause());
        } finally {
            try {
                deleteRecursively(temp);
            } catch (IOException ignored) {
                // best effort
            }
            PENDING.remove(temp);
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
