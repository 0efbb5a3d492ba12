package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dead-network rules on plain numbers (no native engine). */
class StallDetectorTest {
    private static final NetworkProbe.LayerStats QUIET = new NetworkProbe.LayerStats("down0.conv2", 0.01, 0.02, 0.95, 0.1);

    @Test
    void aConstantOutputForFourProbesInARowIsAStallGivenOnce() {
        StallDetector d = new StallDetector(0);
        d.observeProbe(25, 0.30, QUIET);
        d.observeProbe(50, 0.01, QUIET);
        d.observeProbe(75, 0.01, QUIET);
        d.observeProbe(100, 0.2, QUIET); // a live probe resets the count
        for (int i = 1; i <= 3; i++) {
            d.observeProbe(100 + 25L * i, 0.003, QUIET);
            assertThat(d.poll()).isNull();
        }
        d.observeProbe(200, 0.003, QUIET);
        StallDetector.Event e = d.poll();
        assertThat(e.stalled()).isTrue();
        assertThat(e.reason()).isEqualTo(StallDetector.Reason.CONSTANT_OUTPUT);
        assertThat(e.iteration()).isEqualTo(200);
        assertThat(e.detail()).contains("0.0030").contains("95 % of the units of down0.conv2 are inactive");
        d.observeProbe(225, 0.003, QUIET);
        assertThat(d.poll()).as("said once").isNull();
        assertThat(d.stalled()).isTrue();
    }

    @Test
    void noVerdictDuringTheWarmUp() {
        StallDetector d = new StallDetector(500);
        for (int i = 1; i <= 10; i++) {
            d.observeProbe(25L * i, 0.001, QUIET);
        }
        d.observeValidation(250, 0.0);
        assertThat(d.poll()).isNull();
        d.observeProbe(525, 0.001, QUIET);
        assertThat(d.poll().reason()).isEqualTo(StallDetector.Reason.CONSTANT_OUTPUT);
    }

    @Test
    void aLossAtTheConstantPredictionLevelForAWholeWindowIsAStallAndRecoveryIsReported() {
        StallDetector d = new StallDetector(0);
        long it = 0;
        for (; it < StallDetector.PLATEAU_WINDOW - 1; it++) {
            d.observeStep(it + 1, 0.69 * (it % 2 == 0 ? 1.01 : 0.99), 0.69);
        }
        assertThat(d.poll()).isNull();
        d.observeStep(++it, 0.69, 0.69);
        StallDetector.Event e = d.poll();
        assertThat(e.reason()).isEqualTo(StallDetector.Reason.LOSS_AT_BASELINE);
        assertThat(e.detail()).contains("100 % of the 0.6900 a constant prediction would have");
        // the network learns again: a lively output and a loss well below the constant's
        for (int i = 0; i < StallDetector.PLATEAU_WINDOW; i++) {
            d.observeStep(++it, 0.3, 0.69);
            if (i % 25 == 0) {
                d.observeProbe(it, 2.0, QUIET);
            }
        }
        StallDetector.Event back = d.poll();
        assertThat(back.stalled()).isFalse();
        assertThat(d.stalled()).isFalse();
    }

    @Test
    void aLearningNetworkIsNeverFlagged() {
        StallDetector d = new StallDetector(0);
        for (long it = 1; it <= 3000; it++) {
            d.observeStep(it, 0.69 * Math.exp(-it / 800.0) + 0.05, 0.69);
            if (it % 25 == 0) {
                d.observeProbe(it, 0.3 + it / 300.0, QUIET);
            }
            if (it % 500 == 0) {
                d.observeValidation(it, 0.3);
            }
            assertThat(d.poll()).isNull();
        }
    }

    @Test
    void aConstantValidationPredictionIsAStall() {
        StallDetector d = new StallDetector(0);
        d.observeValidation(500, 0.0004);
        assertThat(d.poll().reason()).isEqualTo(StallDetector.Reason.CONSTANT_VALIDATION);
    }

    @Test
    void theConstantPredictionLossIsTheEntropyOfTheWeightedClassFrequencies() {
        int[] t = {0, 0, 1, 1, -1};
        float[] w = {1, 1, 1, 1, 5};
        assertThat(StallDetector.constantPredictionLoss(t, w, 2)).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
        // weights 3:1 -> p = 0.75 / 0.25
        float[] w2 = {1, 2, 1, 0, 0};
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertThat(StallDetector.constantPredictionLoss(t, w2, 2)).isCloseTo(h, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(StallDetector.constantPredictionLoss(t, new float[5], 2)).isNaN();
    }
}
