package org.unet4j.data.synth;

/** The kinds of synthetic microscopy that {@link SyntheticData} makes. */
public enum SyntheticStyle {
    /**
     * Phase-contrast-like light microscopy of cultured cells, many of them touching, with instance
     * labels (0 = background, 1..n = one id per cell).
     */
    CELLS,
    /**
     * Electron-microscopy-like sections of dense tissue (a tessellation of cell profiles with dark
     * membranes and organelles), with binary labels as in ISBI 2012 (0 = membrane, 255 = interior).
     */
    MEMBRANES
}
