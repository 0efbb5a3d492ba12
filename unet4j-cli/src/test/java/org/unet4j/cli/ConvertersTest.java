package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.unet4j.augment.AugmentParams;
import org.unet4j.infer.PredictOptions;

/** The options with their own syntax are converted, or refused, while the command line is parsed: exit 2 and one line. */
class ConvertersTest {
    @Test
    void valuesAreConverted() {
        assertThat(new Converters.Tile().convert("auto")).isEqualTo(PredictOptions.AUTO_TILE);
        assertThat(new Converters.Tile().convert(" 572 ")).isEqualTo(572);
        assertThat(new Converters.Memory().convert("2g")).isEqualTo(2L << 30);
        assertThat(new Converters.Augment().convert("paper")).isEqualTo(AugmentParams.paper());
        assertThat(new Converters.Thresholds().convert("challenge").values()).isNull();
        assertThat(new Converters.Thresholds().convert("0.3,0.5").values()).containsExactly(0.3, 0.5);
    }

    @Test
    void badValuesAreRefusedAtParseTimeWithExitTwoAndTheLibrarysWording() {
        assertRefused("--tile 'big' is not valid; use auto", "predict", "--model", "m", "--input", "i", "--out", "o", "--tile", "big");
        assertRefused("memory size 'lots' is not valid", "predict", "--model", "m", "--input", "i", "--out", "o", "--memory", "lots");
        assertRefused("augmentation strength 'wild'", "train", "--images", "i", "--labels", "l", "--out", "o", "--augment", "wild");
        assertRefused("--thresholds x is not valid", "evaluate", "--pred", "p", "--gt", "g", "--thresholds", "x");
        assertRefused("--warping-thresholds 1:2 is not valid", "evaluate", "--pred", "p", "--gt", "g", "--warping-thresholds", "1:2");
        assertRefused("--val-images and --val-labels go together", "train", "--images", "i", "--labels", "l", "--out", "o",
                "--val-images", "v");
        assertRefused("give either --val-images/--val-labels or --val-fraction, not both", "train", "--images", "i", "--labels", "l",
                "--out", "o", "--val-images", "v", "--val-labels", "w", "--val-fraction", "0.1");
    }

    private static void assertRefused(String message, String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args);
        assertThat(code).isEqualTo(Main.EXIT_INPUT);
        assertThat(err.toString()).contains(message).hasLineCount(1);
    }
}
