package org.unet4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;

class FilePairingTest {
    private static List<Path> files(String dir, String... names) {
        return Stream.of(names).map(n -> Path.of(dir, n)).toList();
    }

    private static List<String> pairs(FilePairing.Pairing p) {
        return p.pairs().stream().map(x -> x.first().getFileName() + "=" + x.second().getFileName()).toList();
    }

    @Test
    void sameNameThenStemThenTrailingNumber() {
        FilePairing.Pairing name = FilePairing.pair(files("img", "b.png", "a.png"), files("lab", "a.png", "b.png"));
        assertThat(name.rule()).isEqualTo(FilePairing.Rule.SAME_NAME);
        assertThat(pairs(name)).containsExactly("a.png=a.png", "b.png=b.png");
        FilePairing.Pairing stem = FilePairing.pair(files("img", "a.png", "b.tif"), files("lab", "a.tif", "b.png"));
        assertThat(stem.rule()).isEqualTo(FilePairing.Rule.SAME_STEM);
        assertThat(pairs(stem)).containsExactly("a.png=a.tif", "b.tif=b.png");
        FilePairing.Pairing ctc = FilePairing.pair(files("img", "t000.tif", "t001.tif", "t002.tif"),
                files("lab", "man_seg000.tif", "man_seg002.tif"));
        assertThat(ctc.rule()).isEqualTo(FilePairing.Rule.TRAILING_NUMBER);
        assertThat(pairs(ctc)).containsExactly("t000.tif=man_seg000.tif", "t002.tif=man_seg002.tif");
        assertThat(ctc.unpairedFirst()).extracting(p -> p.getFileName().toString()).containsExactly("t001.tif");
        assertThat(pairs(FilePairing.pair(files("p", "slice_7.png"), files("g", "mask_007.png")))).containsExactly("slice_7.png=mask_007.png");
    }

    @Test
    void unpairableFilesNameWhatIsMissing() {
        assertThatThrownBy(() -> FilePairing.pair(files("img", "a.png", "b.png"), files("lab", "a.png", "c.png")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot pair 2 files in").hasMessageContaining("(best rule: identical file name)")
                .hasMessageContaining("for c.png, and none in").hasMessageContaining("for b.png;");
        assertThatThrownBy(() -> FilePairing.pair(files("img", "t1.png", "t01.png"), files("lab", "m1.png")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("share the key '1'");
    }

    @Test
    void labelPatternWithStemAndNumber() {
        List<Path> images = files("img", "t000.tif", "t013.tif");
        List<Path> labels = files("lab", "man_seg000.tif", "man_seg013.png", "man_seg999.tif");
        FilePairing.Pairing p = FilePairing.byPattern(images, labels, "man_seg{num}");
        assertThat(pairs(p)).containsExactly("t000.tif=man_seg000.tif", "t013.tif=man_seg013.png");
        assertThat(p.unpairedFirst()).isEmpty();
        FilePairing.Pairing exact = FilePairing.byPattern(files("img", "a.png"), files("lab", "a_mask.png", "a_mask.tif"), "{stem}_mask.tif");
        assertThat(pairs(exact)).containsExactly("a.png=a_mask.tif");
        assertThatThrownBy(() -> FilePairing.byPattern(files("img", "a.png"), files("lab", "a_mask.png", "a_mask.tif"), "{stem}_mask"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("matches 2 files");
        assertThatThrownBy(() -> FilePairing.byPattern(files("img", "a.png"), labels, "seg{num}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a.png: the name has no number for {num}");
        assertThatThrownBy(() -> FilePairing.byPattern(images, labels, "mask")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has neither {stem} nor {num}");
    }
}
