package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;

/** The learning rate over a run, by hand-worked values. */
class ScheduleTest {
    @Test
    void warmUpRisesLinearlyToTheBaseRateThenTheShapeFollowsProgress() {
        Schedule s = new Schedule(Schedule.Kind.CONSTANT, 4, 1);
        assertThat(s.rate(0.01, 0, 0)).isCloseTo(0.002, offset(1e-15));
        assertThat(s.rate(0.01, 3, 0)).isCloseTo(0.008, offset(1e-15));
        assertThat(s.rate(0.01, 4, 0.5)).isEqualTo(0.01);
        assertThat(Schedule.constant().rate(0.01, 0, 0.9)).isEqualTo(0.01);
    }

    @Test
    void stepPolyAndCosineEndAtTheFinalFraction() {
        Schedule step = new Schedule(Schedule.Kind.STEP, 0, 0.1);
        assertThat(step.rate(1, 10, 0.6)).isEqualTo(1);
        assertThat(step.rate(1, 10, 0.7)).isEqualTo(0.1);
        Schedule poly = new Schedule(Schedule.Kind.POLY, 0, 0.1);
        assertThat(poly.rate(1, 10, 0)).isEqualTo(1);
        assertThat(poly.rate(1, 10, 0.5)).isCloseTo(0.1 + 0.9 * Math.pow(0.5, 0.9), offset(1e-15));
        assertThat(poly.rate(1, 10, 1)).isCloseTo(0.1, offset(1e-15));
        Schedule cos = new Schedule(Schedule.Kind.COSINE, 0, 0.2);
        assertThat(cos.rate(1, 10, 0.5)).isCloseTo(0.6, offset(1e-15));
        assertThat(cos.rate(1, 10, 2)).as("progress past the end is clamped").isCloseTo(0.2, offset(1e-15));
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new Schedule(Schedule.Kind.POLY, -1, 0.1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new Schedule(Schedule.Kind.POLY, 0, 1.5)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Schedule(null, 0, 0.1)).isInstanceOf(InvalidInputException.class);
    }
}
