package org.unet4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The read-only shared data folder ({@code ../shared} beside the main checkout, or beside the
 * worktrees' folder), for tests and benchmarks that use real data and skip themselves without it.
 */
public final class SharedData {
    private SharedData() {
    }

    /** {@code ../shared} or {@code ../../shared} of the working directory, if present. */
    public static Optional<Path> root() {
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(p.resolve("data"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A path under the shared folder, if the shared folder and that path exist. */
    public static Optional<Path> resolve(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::exists);
    }
}
