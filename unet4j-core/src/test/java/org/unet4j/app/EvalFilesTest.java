package org.unet4j.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;

/** The reference scorer's pairing rules: same name, else last number, else sorted position. */
class EvalFilesTest {
    @TempDir
    Path dir;

    private Path folder(String name, String... files) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (String f : files) {
            Files.writeString(d.resolve(f), "");
        }
        return d;
    }

    private static List<String> names(EvalFiles.Pairing p) {
        return p.pairs().stream().map(x -> x.pred().getFileName() + "=" + x.gt().getFileName()).toList();
    }

    @Test
    void sameNamesPairByName() throws IOException {
        EvalFiles.Pairing p = EvalFiles.pair(folder("p", "b.png", "a.png", "notes.txt"), folder("g", "a.png", "b.png"));
        assertThat(names(p)).containsExactly("a.png=a.png", "b.png=b.png");
        assertThat(p.rule()).isEqualTo("same file names");
    }

    @Test
    void cellTrackingChallengeNamesPairByLastNumber() throws IOException {
        EvalFiles.Pairing p = EvalFiles.pair(folder("p", "mask10.tif", "mask002.tif", "mask7.tif", "extra.tif"),
                folder("g", "man_seg002.tif", "man_seg10.tif"));
        assertThat(names(p)).containsExactly("mask002.tif=man_seg002.tif", "mask10.tif=man_seg10.tif");
        assertThat(p.unused()).extracting(x -> x.getFileName().toString()).containsExactly("extra.tif", "mask7.tif");
    }

    @Test
    void otherwiseBySortedPosition() throws IOException {
        EvalFiles.Pairing p = EvalFiles.pair(folder("p", "first.png", "second.png"), folder("g", "alpha.png", "beta.png"));
        assertThat(names(p)).containsExactly("first.png=alpha.png", "second.png=beta.png");
        assertThat(p.rule()).isEqualTo("sorted position");
    }

    @Test
    void unpairableIsAnInputError() throws IOException {
        Path pred = folder("p", "x.png");
        Path gt = folder("g", "a.png", "b.png");
        assertThatThrownBy(() -> EvalFiles.pair(pred, gt)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot pair 1 prediction file(s)");
    }

    @Test
    void lastNumberOfTheStem() {
        assertThat(EvalFiles.lastNumberText("t01_mask003.tif")).isEqualTo("003");
        assertThat(EvalFiles.lastNumberText("image.v2.png")).isEqualTo("2");
        assertThat(EvalFiles.lastNumberText("a.png")).isNull();
    }
}
