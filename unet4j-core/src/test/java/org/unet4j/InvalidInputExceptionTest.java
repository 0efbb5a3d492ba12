package org.unet4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.unet4j.data.LabelConventions;
import org.unet4j.data.LabelImage;
import org.unet4j.data.LabelOptions;
import org.unet4j.data.LabelValues;
import org.unet4j.infer.Watershed;
import org.unet4j.io.OutputException;
import org.unet4j.model.TileGeometry;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.OptimizerConfig;

/**
 * Real refusals of the library in each {@link Naming}: the library's words name no command-line
 * option, the command line's are the messages it always printed, a macro's use the plugin's keys.
 */
class InvalidInputExceptionTest {
    private static InvalidInputException refusal(ThrowingCallable call) {
        InvalidInputException e = catchThrowableOfType(call, InvalidInputException.class);
        assertThat(e).as("an input error").isNotNull();
        assertThat(e.message(Naming.LIBRARY)).isEqualTo(e.getMessage()).doesNotContain("--");
        return e;
    }

    @Test
    void networkDepth() {
        InvalidInputException e = refusal(() -> UNetConfig.paper().withDepth(7));
        assertThat(e.getMessage()).isEqualTo("depth 7 is out of range; depth must be in 1..6");
        assertThat(e.message(Naming.CLI)).isEqualTo("depth 7 is out of range; --depth must be in 1..6");
        assertThat(e.message(Naming.MACRO)).isEqualTo("depth 7 is out of range; depth= must be in 1..6");
    }

    @Test
    void tileSize() {
        InvalidInputException e = refusal(() -> TileGeometry.of(UNetConfig.paper()).requireValid(570, Setting.TILE));
        assertThat(e.getMessage()).isEqualTo("tile 570 is not valid for depth 4; nearest valid sizes are 556 and 572");
        assertThat(e.message(Naming.CLI)).isEqualTo("--tile 570 is not valid for depth 4; nearest valid sizes are 556 and 572");
        assertThat(e.message(Naming.MACRO)).isEqualTo("tile=570 is not valid for depth 4; nearest valid sizes are 556 and 572");
    }

    @Test
    void watershedThresholds() {
        InvalidInputException e = refusal(() -> Watershed.checkThresholds(0.5, 0.6));
        String fix = "; use 0 to divide the whole image (membranes) or e.g. 0.5 for objects on a background";
        assertThat(e.getMessage()).isEqualTo("flood threshold 0.6 must be at least 0 and below seed threshold 0.5" + fix);
        assertThat(e.message(Naming.CLI)).isEqualTo("--flood-threshold 0.6 must be at least 0 and below --seed-threshold 0.5" + fix);
        assertThat(e.message(Naming.MACRO)).isEqualTo("flood_threshold=0.6 must be at least 0 and below seed_threshold=0.5" + fix);
        InvalidInputException seed = refusal(() -> Watershed.checkThresholds(1.5, 0));
        assertThat(seed.message(Naming.CLI)).isEqualTo("--seed-threshold 1.5 is not a probability between 0 and 1 (exclusive); use e.g. 0.5");
    }

    @Test
    void learningRate() {
        InvalidInputException e = refusal(() -> OptimizerConfig.sgd(20));
        String fix = " is out of range; use a value in (0, 10), e.g. 0.01 for SGD or 0.001 for Adam";
        assertThat(e.getMessage()).isEqualTo("learning rate 20.0" + fix);
        assertThat(e.message(Naming.CLI)).isEqualTo("--lr 20.0" + fix);
        assertThat(e.message(Naming.MACRO)).isEqualTo("lr=20.0" + fix);
    }

    @Test
    void labelConventions() {
        InvalidInputException mode = refusal(() -> new LabelOptions(LabelOptions.Mode.BINARY, 3, null));
        assertThat(mode.getMessage()).isEqualTo("classes 3 does not fit label mode binary, which gives 2 classes; use label mode classes for 3"
                + " classes");
        assertThat(mode.message(Naming.CLI)).isEqualTo("--classes 3 does not fit --labels-as binary, which gives 2 classes; use --labels-as"
                + " classes for 3 classes");
        assertThat(mode.message(Naming.MACRO)).isEqualTo("classes 3 does not fit labels_as=binary, which gives 2 classes; use labels_as=classes"
                + " for 3 classes");
        LabelConventions.Source bad = new LabelConventions.Source("bad.png", 8, LabelValues.of(new LabelImage(1, 3, new int[] {0, 5, 7})));
        InvalidInputException value = refusal(() -> LabelConventions.resolve(new LabelOptions(LabelOptions.Mode.CLASSES, 3, null),
                List.of(bad)));
        assertThat(value.message(Naming.CLI)).isEqualTo("bad.png: label value 5 (1 pixels) is outside the classes 0..2 (values found: {0, 5,"
                + " 7}); if 5 is a class use --classes 8, to exclude those pixels from the loss use --ignore 5, for masks use --labels-as"
                + " binary, for object ids --labels-as instances");
        assertThat(value.message(Naming.MACRO)).contains("for object ids labels_as=instances");
    }

    @Test
    void aPlainMessageReadsTheSameEverywhere() {
        InvalidInputException e = new InvalidInputException("x.tif: cannot be read");
        for (Naming n : Naming.values()) {
            assertThat(e.message(n)).isEqualTo("x.tif: cannot be read");
        }
    }

    @Test
    void aWrappedRefusalKeepsTheWordsOfEachNaming() {
        InvalidInputException inner = refusal(() -> OptimizerConfig.sgd(20));
        InvalidInputException outer = InvalidInputException.of(inner, "run.json: a section is damaged (%s); restore it", inner);
        assertThat(outer.getCause()).isSameAs(inner);
        for (Naming n : Naming.values()) {
            assertThat(outer.message(n)).isEqualTo("run.json: a section is damaged (" + inner.message(n) + "); restore it");
        }
    }

    @Test
    void theWordsOfEveryNamingSurviveSerialization() throws IOException, ClassNotFoundException {
        InvalidInputException e = InvalidInputException.of("%s is negative", Setting.MIN_SIZE.is(-1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            InvalidInputException back = (InvalidInputException) in.readObject();
            for (Naming n : Naming.values()) {
                assertThat(back.message(n)).isEqualTo(e.message(n));
            }
            assertThat(back.message(Naming.CLI)).isEqualTo("--min-size -1 is negative");
            assertThat(back.message(Naming.MACRO)).isEqualTo("min_size=-1 is negative");
        }
    }

    @Test
    void anOutputFailureNamesTheSettingOfItsAdvice() {
        Path dir = Path.of("runs", "a");
        OutputException e = OutputException.of(dir, new AccessDeniedException(dir.toString()))
                .withAdvice(Phrase.format("choose another %s", Setting.OUT));
        assertThat(e.getMessage()).isEqualTo("permission denied writing " + dir + "; choose another output folder");
        assertThat(e.message(Naming.CLI)).isEqualTo("permission denied writing " + dir + "; choose another --out");
        assertThat(e.message(Naming.MACRO)).isEqualTo("permission denied writing " + dir + "; choose another out=");
    }
}
