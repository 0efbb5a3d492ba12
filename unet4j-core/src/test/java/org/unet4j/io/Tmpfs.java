package org.unet4j.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, to fill up or mount read-only: the only way to make writes
 * fail for root (permission bits do not stop it). Tests that need one are skipped where the test
 * does not run as root or {@code mount} fails (containers without the capability).
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs with {@code options} (e.g. "size=4m", "size=1m,ro") on {@code dir}, or skips the test. */
    public static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        assumeTrue(done && p.exitValue() == 0, "mount -t tmpfs failed: " + new String(p.getInputStream().readAllBytes()));
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a filler file until at most {@code leaveBytes} are free. */
    public void fill(long leaveBytes) throws IOException {
        ByteBuffer page = ByteBuffer.allocate(4096);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (Files.getFileStore(dir).getUsableSpace() > leaveBytes) {
                page.clear();
                try {
                    ch.write(page);
                } catch (IOException full) {
                    return;
                }
            }
        }
    }

    /** Deletes the filler: the space is free again. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
}
