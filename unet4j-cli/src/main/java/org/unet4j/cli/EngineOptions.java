package org.unet4j.cli;

import org.unet4j.InvalidInputException;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.NativeEngine;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --threads}, shared by every command that runs a network. */
public final class EngineOptions {
    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "auto",
            description = "Where the network runs; auto = a CUDA GPU when present, else the CPU (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads for the network (default: all cores).")
    int threads;

    /** Loads the engine, applies {@code --threads}; returns the resolved device. */
    public DeviceChoice apply() {
        if (threads < 0) {
            throw new InvalidInputException("--threads " + threads + " is negative; use 0 (all cores) or a positive count");
        }
        NativeEngine.load();
        NativeEngine.setThreads(threads);
        return device();
    }

    /** The resolved device (CPU or GPU). */
    public DeviceChoice device() {
        return device.resolve();
    }
}
