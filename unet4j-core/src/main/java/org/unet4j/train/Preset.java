package org.unet4j.train;

import org.unet4j.model.UNetConfig;

/**
 * Named training recipes. {@link #PAPER} is the paper's recipe with the safety defaults that keep
 * it from dying on hard data (a learning-rate warm-up and a gradient-norm limit, docs/TRAINING.md);
 * the others change the method where measurements showed that a kind of data is better served,
 * and say so in their names. A preset only sets defaults: an option given explicitly wins.
 */
public enum Preset {
    /** The paper's network, loss, augmentation and SGD with momentum 0.99, constant learning rate. */
    PAPER("the paper's recipe"),
    /**
     * Dense, touching cells in light microscopy (DIC, phase contrast, fluorescence): batch
     * normalisation after every 3x3 convolution and a polynomial learning-rate decay. Measured on
     * DIC-HeLa (docs/RESULTS.md): learns several times faster than the paper's network, and the
     * batch statistics keep its units alive.
     */
    CELLS("batch norm after every convolution, poly learning-rate decay");

    private final String description;

    Preset(String description) {
        this.description = description;
    }

    /** What the preset changes, for messages and config.json. */
    public String description() {
        return description;
    }

    /** The network's normalisation under this preset. */
    public UNetConfig.Norm norm() {
        return this == CELLS ? UNetConfig.Norm.BATCH : UNetConfig.Norm.NONE;
    }

    /** The learning-rate schedule's shape under this preset. */
    public Schedule.Kind schedule() {
        return this == CELLS ? Schedule.Kind.POLY : Schedule.Kind.CONSTANT;
    }
}
