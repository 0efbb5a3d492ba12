package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unet4j.model.DeviceChoice;

class Bf16SupportTest {
    @Test
    void onlyBf16OnACpuWithoutTheInstructionsIsWarnedAbout() {
        assertThat(Bf16Support.warning(Precision.BF16, DeviceChoice.CPU, "--precision bf16", () -> false))
                .isEqualTo("this CPU reports no bf16 instructions (avx512_bf16, amx_bf16); --precision bf16 is then emulated and usually"
                        + " slower than fp32");
        assertThat(Bf16Support.warning(Precision.BF16, DeviceChoice.CPU, "x", () -> true)).isNull();
        assertThat(Bf16Support.warning(Precision.FP32, DeviceChoice.CPU, "x", () -> false)).isNull();
        assertThat(Bf16Support.warning(Precision.BF16, DeviceChoice.GPU, "x", () -> false)).isNull();
    }

    @Test
    void theSystemPropertyOverridesTheCpusAnswer() {
        String before = System.getProperty(Bf16Support.PROPERTY);
        try {
            System.setProperty(Bf16Support.PROPERTY, "false");
            assertThat(Bf16Support.cpuHasBf16()).isFalse();
            assertThat(Bf16Support.warning(Precision.BF16, DeviceChoice.CPU, "bf16")).isNotNull();
            System.setProperty(Bf16Support.PROPERTY, "true");
            assertThat(Bf16Support.cpuHasBf16()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(Bf16Support.PROPERTY);
            } else {
                System.setProperty(Bf16Support.PROPERTY, before);
            }
        }
    }
}
