package org.unet4j.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.unet4j.model.DeviceChoice;

/**
 * The one rule for {@link Precision#BF16} on CPUs without bfloat16 instructions, for training and
 * prediction alike: the work runs (libtorch emulates bfloat16) but usually slower than float32, so
 * the caller is warned, not refused. Whether the CPU has them is read from {@code /proc/cpuinfo}
 * ({@code avx512_bf16}, {@code amx_bf16}, or ARM's {@code bf16}); elsewhere it is assumed.
 *
 * <p>The check is injectable: the system property {@value #PROPERTY} ({@code true}/{@code false})
 * overrides what the CPU reports, so the warning path is tested on machines that do have bf16.
 */
public final class Bf16Support {
    /** Overrides the CPU check: {@code -Dunet4j.cpu.bf16=false} behaves as a CPU without bf16 instructions. */
    public static final String PROPERTY = "unet4j.cpu.bf16";

    private static final BooleanSupplier CPU = Bf16Support::cpuinfo;

    private Bf16Support() {
    }

    /**
     * The warning for running in {@code precision} on {@code device}, or null when there is none.
     *
     * @param what what runs, for the message, e.g. "--precision bf16"
     */
    public static String warning(Precision precision, DeviceChoice device, String what) {
        return warning(precision, device, what, CPU);
    }

    /** {@link #warning(Precision, DeviceChoice, String)} with the CPU's answer from {@code cpuHasBf16}. */
    public static String warning(Precision precision, DeviceChoice device, String what, BooleanSupplier cpuHasBf16) {
        if (precision != Precision.BF16 || device != DeviceChoice.CPU || cpuHasBf16.getAsBoolean()) {
            return null;
        }
        return "this CPU reports no bf16 instructions (avx512_bf16, amx_bf16); " + what
                + " is then emulated and usually slower than fp32";
    }

    /** Whether the CPU has bfloat16 instructions ({@value #PROPERTY} first, then /proc/cpuinfo; true where it cannot tell). */
    public static boolean cpuHasBf16() {
        return CPU.getAsBoolean();
    }

    private static boolean cpuinfo() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return true;
        }
        try {
            String text = Files.readString(cpuinfo);
            return text.contains("avx512_bf16") || text.contains("amx_bf16") || text.contains(" bf16");
        } catch (IOException e) {
            return true;
        }
    }
}
