package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed writes leave the target as it was and no temporary file; a full or read-only file system
 * is an {@link OutputException} naming the path and the reason; temporary names carry the process
 * id, so that only the leftovers of dead processes are swept.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void anInjectedWriteFailureLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, temp -> {
            Files.writeString(temp, "half");
            throw new IOException("No space left on device");
        })).isInstanceOf(OutputException.class).hasMessage("no space left on device writing " + target + "; free some space or write"
                + " elsewhere");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(list(dir)).containsExactly("a.json");

        Path folder = dir.resolve("checkpoint");
        AtomicFiles.writeDirectory(folder, tmp -> Files.writeString(tmp.resolve("w"), "1"));
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(folder, tmp -> {
            Files.writeString(tmp.resolve("w"), "2");
            throw new java.nio.file.FileSystemException(tmp.resolve("w").toString(), null, "Read-only file system");
        })).isInstanceOf(OutputException.class).hasMessageStartingWith("read-only file system writing " + folder);
        assertThat(Files.readString(folder.resolve("w"))).as("the previous version is intact").isEqualTo("1");
        assertThat(list(dir)).containsExactlyInAnyOrder("a.json", "checkpoint");
        // not a file-system refusal: stays an internal error
        assertThatThrownBy(() -> AtomicFiles.write(target, temp -> {
            throw new IOException("no PNG writer");
        })).isNotInstanceOf(OutputException.class).hasMessageContaining("cannot write " + target);
    }

    @Test
    void temporaryNamesCarryTheProcessIdAndOnlyDeadProcessesLeftoversAreSwept() throws Exception {
        long me = ProcessHandle.current().pid();
        Path[] seen = new Path[1];
        AtomicFiles.write(dir.resolve("x.tif"), temp -> seen[0] = temp);
        assertThat(seen[0].getFileName().toString()).startsWith(".x.tif." + me + ".").endsWith(".tmp");
        assertThat(AtomicFiles.tempOwner(seen[0].getFileName().toString())).isEqualTo(me);
        assertThat(AtomicFiles.tempOwner(".last.tmp-42-123456")).isEqualTo(42);
        assertThat(AtomicFiles.tempOwner("x.tif")).isEqualTo(-1);

        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path deadFile = Files.writeString(sub.resolve(".a_prob.tif." + dead + ".777.tmp"), "x");
        Path deadDir = Files.createDirectories(dir.resolve(".last.tmp-" + dead + "-1"));
        Path live = Files.writeString(dir.resolve(".b_prob.tif." + me + ".888.tmp"), "x");
        Path foreign = Files.writeString(dir.resolve(".c.tif.123456789.tmp"), "x"); // old names: no process id, kept
        Path mine = Files.writeString(dir.resolve("d.tif"), "x");
        assertThat(AtomicFiles.deleteStale(dir, 2)).isEqualTo(2);
        assertThat(deadFile).doesNotExist();
        assertThat(deadDir).doesNotExist();
        assertThat(live).exists();
        assertThat(foreign).exists();
        assertThat(mine).exists();

        AtomicFiles.pending(live);
        AtomicFiles.deletePending();
        assertThat(live).as("what the shutdown hook (Ctrl-C) removes").doesNotExist();
    }

    @Test
    void aFullOrReadOnlyTmpfsIsAnOutputErrorNamingPathAndReason() throws Exception {
        try (Tmpfs full = Tmpfs.mount(dir.resolve("full"), "size=256k"); Tmpfs ro = Tmpfs.mount(dir.resolve("ro"), "size=64k,ro")) {
            Path target = full.dir().resolve("big.bin");
            AtomicFiles.writeString(target, "old");
            full.fill(16 << 10);
            assertThatThrownBy(() -> AtomicFiles.write(target, temp -> Files.write(temp, new byte[64 << 10])))
                    .isInstanceOf(OutputException.class).hasMessageStartingWith("no space left on device writing " + target);
            assertThat(Files.readString(target)).isEqualTo("old");
            assertThat(list(full.dir())).containsExactlyInAnyOrder("big.bin", "filler");
            try (ImageJTiff.StackWriter w = ImageJTiff.open(full.dir().resolve("s.tif"), 128, 128, ImageJTiff.PixelType.FLOAT32, 1, 2, 0, 1)) {
                assertThatThrownBy(() -> {
                    w.write(new float[128 * 128]);
                    w.write(new float[128 * 128]);
                }).isInstanceOf(OutputException.class).hasMessageContaining("no space left on device writing " + full.dir().resolve("s.tif"));
            }
            assertThat(list(full.dir())).containsExactlyInAnyOrder("big.bin", "filler");

            Path png = ro.dir().resolve("a.png");
            assertThatThrownBy(() -> ImageFiles.writePng(png, new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY)))
                    .isInstanceOf(OutputException.class).hasMessage("read-only file system writing " + png + "; write to another place");
        }
    }

    private static java.util.List<String> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
