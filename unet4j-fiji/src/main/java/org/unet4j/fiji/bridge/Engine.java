package org.unet4j.fiji.bridge;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * unet4j's engine as the plugins see it. The implementation ({@code org.unet4j.fiji.engine.CoreEngine})
 * runs on unet4j-core in a class loader of its own; every argument and result is a JDK type or a
 * record of this package. Bad input is an {@link EngineException} of kind
 * {@link EngineException.Kind#INVALID_INPUT} whose message is the library's one line; work
 * cancelled through a {@link Listener} ends with a {@link java.util.concurrent.CancellationException}.
 */
public interface Engine {
    /** One line: unet4j, JavaCPP and libtorch versions and where the engine was loaded from. */
    String describe();

    /** Segments every plane of {@code input} with the model of {@code request}. */
    SegmentResult segment(SegmentRequest request, Planes input, Listener listener);

    /**
     * Trains into {@code request.out()} (the run folder of {@code unet train}); {@code events} gets
     * every step and validation on the training thread. Cancelling through {@code listener} stops
     * after the current step with a checkpoint; the outcome then says {@code stopped}.
     */
    TrainOutcome train(TrainRequest request, Listener listener, Consumer<TrainEvent> events);

    /** Cell metrics of instance labels, plane {@code i} of {@code predicted} against plane {@code i} of {@code truth}. */
    Metrics evaluate(int[][] predicted, int[][] truth, int height, int width);

    /** Cell metrics of label files or folders, paired as {@code unet evaluate} pairs them. */
    Metrics evaluate(Path predicted, Path truth);

    /** The paper's weight map of every plane of {@code labels} ({@code [plane][pixel]}), as {@code unet weights} computes it. */
    WeightMapResult weightMap(WeightMapRequest request, int[][] labels, int height, int width);

    /** Augmented training tiles of the images and labels of {@code request}, as {@code unet augment} draws them. */
    AugmentResult augment(AugmentRequest request);
}
