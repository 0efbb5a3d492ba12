package org.unet4j.fiji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.unet4j.fiji.bridge.EngineException;

/** The macro keys of the commands: parsing as IJ1 writes them, and the Recorder's line round trip. */
class MacroOptionsTest {
    @Test
    void valuesBracketsQuotesAndFlags() {
        MacroOptions o = new MacroOptions("model=[/data/my runs/cells] tile=auto precision='bf16' min_size=12 tta instances ");
        assertThat(o.path("model")).isEqualTo(Path.of("/data/my runs/cells"));
        assertThat(o.tile("tile")).isZero();
        assertThat(o.text("precision", "fp32")).isEqualTo("bf16");
        assertThat(o.integer("min_size", 0)).isEqualTo(12);
        assertThat(o.flag("tta")).isTrue();
        assertThat(o.flag("instances")).isTrue();
        assertThat(o.flag("rois")).isFalse();
        assertThat(o.numberOrAuto("seed_threshold")).isNaN();
        assertThat(new MacroOptions(null).flag("tta")).isFalse();
    }

    @Test
    void badValuesAreOneLineMessagesNamingTheKey() {
        assertThatThrownBy(() -> new MacroOptions("tile=big").tile("tile")).isInstanceOf(EngineException.class)
                .hasMessage("tile=big is not a tile size; use auto or a valid size such as 572");
        assertThatThrownBy(() -> new MacroOptions("min_size=x").integer("min_size", 0)).hasMessageStartingWith("min_size=x is not a number");
        assertThatThrownBy(() -> new MacroOptions("model=[/a b")).hasMessageContaining("no closing ]");
    }

    @Test
    void theSegmentLineTheRecorderWritesGivesTheSameParameters() {
        SegmentParams p = new SegmentParams(Path.of("/runs/a b"), 60, true, "bf16", "watershed", 0.7, Double.NaN, 5, true, true);
        String line = p.toMacro();
        assertThat(line).isEqualTo("model=[/runs/a b] tile=60 precision=bf16 postprocess=watershed seed_threshold=0.7"
                + " flood_threshold=auto min_size=5 tta instances rois");
        assertThat(SegmentParams.parse(new MacroOptions(line))).isEqualTo(p);
        SegmentParams defaults = SegmentParams.parse(new MacroOptions("model=/m"));
        assertThat(defaults).isEqualTo(new SegmentParams(Path.of("/m"), 0, false, "fp32", "none", Double.NaN, Double.NaN, 0, false, false));
    }

    @Test
    void theTrainLineGivesTheSameParametersAndUnetTrainsDefaults() {
        TrainParams p = new TrainParams("cells.tif", "cells labels.tif", "/runs/x", 2.5, 100, 16, 3, 124, "light", 8, 4, 0.005, 7, 20, "");
        assertThat(TrainParams.parse(new MacroOptions(p.toMacro()))).isEqualTo(p);
        TrainParams d = TrainParams.parse(new MacroOptions("images=a labels=b out=c"));
        assertThat(d.iterations()).isEqualTo(5000);
        assertThat(d.base()).isEqualTo(64);
        assertThat(d.depth()).isEqualTo(4);
        assertThat(d.w0()).isEqualTo(10);
        assertThat(d.sigma()).isEqualTo(5);
        assertThat(d.augment()).isEqualTo("paper");
        assertThat(d.lr()).isNaN();
    }
}
