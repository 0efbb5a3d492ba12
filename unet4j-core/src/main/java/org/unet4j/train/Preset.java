package org.unet4j.train;

import org.unet4j.loss.ClassWeightMode;
import org.unet4j.loss.Target;
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
     * DIC-HeLa (docs/RESULTS.md): SEG 0.90 on held-out manual-GT frames after 60 CPU minutes at base
     * 16 (validation IoU 0.85 at 1,000 iterations, where the paper's network with the safety
     * defaults had 0.72-0.80 at 900 on fewer frames); the demo uses batch norm for the same reason.
     */
    CELLS("batch norm after every convolution, poly learning-rate decay"),
    /**
     * Nuclei and other small objects on a background, from instance labels (fluorescence nuclei,
     * DSB2018): {@link #CELLS} plus the three-class target background / interior / contour
     * ({@link Target#CONTOURS}), whose instances are the interiors grown into their contours, and
     * square-root class weights ({@link ClassWeightMode#SQRT}).
     * Measured on DSB2018 (docs/RESULTS.md).
     */
    NUCLEI("batch norm after every convolution, poly learning-rate decay, background/interior/contour target, square-root class weights");

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
        return this == PAPER ? UNetConfig.Norm.NONE : UNetConfig.Norm.BATCH;
    }

    /** The learning-rate schedule's shape under this preset. */
    public Schedule.Kind schedule() {
        return this == PAPER ? Schedule.Kind.CONSTANT : Schedule.Kind.POLY;
    }

    /**
     * The class term of the weight maps under this preset: the square roots of the balanced
     * weights for {@link #NUCLEI}, where balancing a ~4 % foreground fully made every predicted
     * nucleus too large and no weights left the rare contour class too weak (DSB2018,
     * docs/RESULTS.md).
     */
    public ClassWeightMode classWeights() {
        return this == NUCLEI ? ClassWeightMode.SQRT : ClassWeightMode.BALANCED;
    }

    /** What the network learns under this preset. */
    public Target target() {
        return this == NUCLEI ? Target.CONTOURS : Target.CLASSES;
    }
}
