package org.unet4j.model;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.unet4j.InvalidInputException;
import org.unet4j.Setting;

/** Where the network runs ({@link Setting#DEVICE}: cpu, gpu or auto). */
public enum DeviceChoice {
    /** The CPU (oneDNN kernels). */
    CPU,
    /** The first CUDA GPU; an input error if there is none. */
    GPU,
    /** The first CUDA GPU when one is present, else the CPU. */
    AUTO;

    /** Whether this JVM's libtorch can use a CUDA device (false for the CPU build). */
    public static boolean cudaAvailable() {
        NativeEngine.load();
        return torch.cuda_is_available();
    }

    /** CPU or GPU, after looking at the machine. */
    public DeviceChoice resolve() {
        return switch (this) {
            case CPU -> CPU;
            case GPU -> {
                if (!cudaAvailable()) {
                    throw InvalidInputException.of("%s: no CUDA device is usable (this build has %s); build with 'mvn -Pgpu package'"
                            + " on a machine with an NVIDIA driver, or use %s", Setting.DEVICE.is("gpu"),
                            torch.cuda_device_count() == 0 ? "no GPU support or no GPU" : "no driver", Setting.DEVICE.is("cpu"));
                }
                yield GPU;
            }
            case AUTO -> cudaAvailable() ? GPU : CPU;
        };
    }

    /** The libtorch device (call on a resolved choice). */
    public Device torchDevice() {
        NativeEngine.load();
        return resolve() == GPU ? new Device(torch.DeviceType.CUDA, (byte) 0) : new Device(torch.DeviceType.CPU);
    }
}
