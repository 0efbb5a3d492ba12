package org.unet4j.infer;

import org.unet4j.InvalidInputException;
import org.unet4j.Setting;
import org.unet4j.model.DeviceChoice;

/**
 * How {@link Predictor} runs the network.
 *
 * @param tile input tile size (a valid size for the network), or {@link #AUTO_TILE} to choose the
 *     size with the fewest FLOPs within {@code memoryBytes} ({@link TileSizes#auto})
 * @param batch tiles per forward pass (1..4096)
 * @param memoryBytes budget for one batch's activations, used by the automatic tile size
 * @param tta test-time augmentation
 * @param precision number format of the network; {@link Precision#BF16} converts the network's
 *     parameters in place
 * @param device where the network runs; the {@link Predictor} moves the network there
 */
public record PredictOptions(
        int tile,
        int batch,
        long memoryBytes,
        TestTimeAugmentation tta,
        Precision precision,
        DeviceChoice device) {

    /** {@link #tile} value for the automatic choice. */
    public static final int AUTO_TILE = 0;

    /** Default memory budget (2 GiB): a 1212x1212 tile of the paper's network, fine for a laptop. */
    public static final long DEFAULT_MEMORY = 2L << 30;

    public PredictOptions {
        if (tile < 0) {
            throw InvalidInputException.of("tile %d is not valid; use %s or a positive valid size such as 572", tile,
                    Setting.TILE.is("auto"));
        }
        if (batch < 1 || batch > 4096) {
            throw InvalidInputException.of("batch %d is out of range; %s must be in 1..4096", batch, Setting.BATCH);
        }
        if (memoryBytes <= 0) {
            throw InvalidInputException.of("memory budget %d bytes is not positive; use e.g. %s", memoryBytes,
                    Setting.MEMORY.is("2g").cliOnly("2 GiB"));
        }
        if (tta == null || precision == null || device == null) {
            throw new InvalidInputException("test-time augmentation, precision and device must be given");
        }
    }

    /** Automatic tile size, batch 1, 2 GiB, no TTA, FP32, on the CPU. */
    public static PredictOptions defaults() {
        return new PredictOptions(AUTO_TILE, 1, DEFAULT_MEMORY, TestTimeAugmentation.NONE, Precision.FP32, DeviceChoice.CPU);
    }

    public PredictOptions withTile(int v) {
        return new PredictOptions(v, batch, memoryBytes, tta, precision, device);
    }

    public PredictOptions withBatch(int v) {
        return new PredictOptions(tile, v, memoryBytes, tta, precision, device);
    }

    public PredictOptions withMemoryBytes(long v) {
        return new PredictOptions(tile, batch, v, tta, precision, device);
    }

    public PredictOptions withTta(TestTimeAugmentation v) {
        return new PredictOptions(tile, batch, memoryBytes, v, precision, device);
    }

    public PredictOptions withPrecision(Precision v) {
        return new PredictOptions(tile, batch, memoryBytes, tta, v, device);
    }

    public PredictOptions withDevice(DeviceChoice v) {
        return new PredictOptions(tile, batch, memoryBytes, tta, precision, v);
    }
}
