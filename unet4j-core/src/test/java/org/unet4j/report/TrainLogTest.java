package org.unet4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.InvalidInputException;

class TrainLogTest {
    @TempDir
    Path dir;

    @Test
    void readsTheStandardColumnsAndAnyValidationColumn() throws Exception {
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, """
                iteration,loss,lr,seconds,val_loss,val_iou,val_dice,val_pixel_error,val_rand_error,val_seg,gpu_mem
                10,0.6931,0.01,4.2,,,,,,,123
                20,NaN,0.01,8.5,0.5,0.8,0.88,0.07,0.14,0.7,124

                30,0.4,1e-3,12.75,,,,,,,
                """);
        List<CurvePoint> p = TrainLog.read(csv);
        assertThat(p).hasSize(3);
        assertThat(p.get(0)).isEqualTo(CurvePoint.training(10, 0.6931, 0.01, 4.2));
        assertThat(p.get(0).hasValidation()).isFalse();
        assertThat(p.get(1).loss()).isNaN();
        assertThat(p.get(1).validation()).containsExactly(Map.entry("loss", 0.5), Map.entry("iou", 0.8),
                Map.entry("dice", 0.88), Map.entry("pixel_error", 0.07), Map.entry("rand_error", 0.14),
                Map.entry("seg", 0.7));
        assertThat(p.get(2).lr()).isEqualTo(1e-3);
    }

    @Test
    void onlyIterationAndLossAreRequired() {
        List<CurvePoint> p = TrainLog.parse("log", List.of("loss,iteration", "0.5,1", "inf,2"));
        assertThat(p.get(0).iteration()).isEqualTo(1);
        assertThat(p.get(0).lr()).isNaN();
        assertThat(p.get(1).loss()).isInfinite();
    }

    @Test
    void anIncompleteLastLineIsLeftOutButABadLineElsewhereIsAnError() {
        assertThat(TrainLog.parse("log", List.of("iteration,loss", "1,0.5", "2,0.4e"))).hasSize(1);
        assertThatThrownBy(() -> TrainLog.parse("log", List.of("iteration,loss", "1,abc", "2,0.4")))
                .isInstanceOf(InvalidInputException.class).hasMessage("log line 2: 'abc' is not a number; the training log may be corrupt");
    }

    @Test
    void aFileThatIsNotATrainingLogIsRefusedClearly() throws Exception {
        assertThatThrownBy(() -> TrainLog.parse("x.csv", List.of("a,b", "1,2"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("x.csv").hasMessageContaining("lacks iteration");
        assertThatThrownBy(() -> TrainLog.parse("x.csv", List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> TrainLog.read(dir.resolve("missing.csv"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing.csv: no such file");
    }
}
