package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unet4j.infer.Precision;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.UNet;
import org.unet4j.model.UNetConfig;

/** The per-layer profile of a training step on a tiny net (no timing assertions: only that every part is measured). */
class StepProfilerTest {
    private static final UNetConfig TINY = UNetConfig.paper().withDepth(2).withBaseChannels(4);
    private static final int IN = 44;

    @BeforeAll
    static void engine() {
        NativeEngine.load();
    }

    private static void assertComplete(StepProfiler.Profile p, UNetConfig config) {
        List<String> layers;
        try (UNet net = UNet.create(config)) {
            layers = net.parts().stream().map(UNet.Part::name).toList();
        }
        // depth 2: 2 x (conv1, conv2, pool) + bottom 2 + dropout + 2 x (upconv, concat, conv1, conv2) + head
        assertThat(layers).hasSize(18).startsWith("down0.conv1", "down0.conv2", "down0.pool")
                .contains(UNet.DROPOUT, "up1.upconv", "up1.concat").endsWith("up0.conv2", "head");
        List<String> rows = p.rows().stream().map(StepProfiler.Row::name).toList();
        assertThat(rows.subList(2, 2 + layers.size())).containsExactlyElementsOf(layers);
        assertThat(rows).startsWith(StepProfiler.COPIES, StepProfiler.ZERO_GRAD)
                .endsWith(StepProfiler.LOSS, StepProfiler.OPTIMIZER, StepProfiler.ITEM, StepProfiler.RELEASE);
        for (StepProfiler.Row r : p.rows()) {
            if (layers.contains(r.name()) || r.name().equals(StepProfiler.LOSS)) {
                assertThat(r.forward()).as("%s forward", r.name()).isPositive();
                assertThat(r.backward()).as("%s backward", r.name()).isPositive();
                assertThat(r.isolatedForward()).as("%s alone, forward", r.name()).isPositive();
                assertThat(r.isolatedBackward()).as("%s alone, backward", r.name()).isPositive();
            }
        }
        assertThat(p.rows().get(rows.indexOf(StepProfiler.OPTIMIZER)).isolatedForward()).isPositive();
        assertThat(Arrays.stream(p.stepSeconds()).min().orElseThrow()).isPositive();
        assertThat(p.instrumented()).isPositive();
        // the instrumented step is cut into its rows without gaps
        assertThat(p.sum()).isPositive();
        Map<String, double[]> groups = p.groups();
        assertThat(groups.keySet()).contains("conv L0", "conv L1", "conv L2", "pool", "dropout", "up-conv", "crop+concat", "head",
                "loss", "optimizer", "copies", "overhead");
        assertThat(StepProfiler.group("bottom.conv2", 2)).isEqualTo("conv L2");
        assertThat(StepProfiler.group("up1.conv1", 2)).isEqualTo("conv L1");
    }

    @Test
    void everyLayerOfTheStepIsTimedForwardAndBackward() {
        try (StepProfiler profiler = new StepProfiler(TINY, IN, 1, false, Precision.FP32)) {
            assertComplete(profiler.run(1, 2), TINY);
        }
    }

    @Test
    void channelsLastAndBf16AndABatchAreProfiledToo() {
        UNetConfig noDropout = TINY.withDropout(0);
        try (StepProfiler profiler = new StepProfiler(noDropout, IN, 2, true, Precision.BF16)) {
            assertThat(profiler.net().isChannelsLast()).isTrue();
            StepProfiler.Profile p = profiler.run(0, 1);
            assertThat(p.rows()).hasSize(18 + 6);
            assertThat(p.rows().stream().filter(r -> r.name().endsWith(".conv2")).allMatch(r -> r.backward() > 0)).isTrue();
        }
    }

    @Test
    void nativeMemoryDoesNotGrowOverRepeatedProfiles() {
        // more profilers than JavaCPP has callback slots for one hook class (10): close() frees the hook's
        for (int i = 0; i < 12; i++) {
            try (StepProfiler profiler = new StepProfiler(TINY, IN, 1, false, Precision.FP32)) {
                profiler.run(0, 1);
            }
        }
        try (StepProfiler profiler = new StepProfiler(TINY, IN, 1, false, Precision.FP32)) {
            profiler.run(2, 3);
            settle();
            long count = Pointer.totalCount();
            long bytes = Pointer.totalBytes();
            long rss = Pointer.physicalBytes();
            for (int i = 0; i < 5; i++) {
                profiler.run(0, 4);
            }
            settle();
            assertThat(Pointer.totalCount()).isLessThanOrEqualTo(count);
            assertThat(Pointer.totalBytes()).isLessThanOrEqualTo(bytes);
            assertThat(Pointer.physicalBytes() - rss).isLessThan(64L << 20);
        }
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
