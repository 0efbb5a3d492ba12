package org.unet4j.infer;

/** Number format of the network during prediction ({@code --precision}). */
public enum Precision {
    /** 32-bit floats: the training format; exact. */
    FP32,
    /**
     * bfloat16 weights and activations (8-bit mantissa), softmax in float32. Uses the CPU's
     * AVX512-BF16/AMX instructions or a GPU's tensor cores where present; see docs/PREDICT.md for
     * the measured speed and agreement with FP32.
     */
    BF16
}
