package org.unet4j.bioimageio;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An input or output tensor of a model ({@code inputs[i]}, {@code outputs[i]}).
 *
 * @param id the tensor id, unique among inputs and outputs (at most 32 characters)
 * @param description a short description, or empty
 * @param axes the axes in memory order (first slowest)
 * @param testTensor the {@code .npy} test tensor, or null when the description has none
 * @param processing the {@code preprocessing} of an input or the {@code postprocessing} of an output
 * @param data the data type and range ({@link TensorData#DEFAULT} when not given)
 */
public record TensorDescr(String id, String description, List<Axis> axes, FileRef testTensor, List<Op> processing,
        TensorData data) {
    /** @throws IllegalArgumentException if the id is blank or too long, there are no axes, or two axes share an id */
    public TensorDescr {
        if (id == null || id.isBlank() || id.length() > 32) {
            throw new IllegalArgumentException("tensor id '" + id + "' must have 1 to 32 characters");
        }
        description = description == null ? "" : description;
        axes = List.copyOf(axes);
        processing = List.copyOf(processing);
        data = data == null ? TensorData.DEFAULT : data;
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("tensor " + id + " has no axes");
        }
        Set<String> seen = new HashSet<>();
        for (Axis a : axes) {
            if (!seen.add(a.id())) {
                throw new IllegalArgumentException("tensor " + id + " has two axes with id '" + a.id() + "'");
            }
        }
    }

    /** The axis with this id. */
    public Optional<Axis> axis(String axisId) {
        return axes.stream().filter(a -> a.id().equals(axisId)).findFirst();
    }

    /** The axes of this type, in order. */
    public List<Axis> axes(Axis.Type type) {
        return axes.stream().filter(a -> a.type() == type).toList();
    }

    /** Whether the tensor has a batch axis. */
    public boolean hasBatch() {
        return axes.stream().anyMatch(a -> a.type() == Axis.Type.BATCH);
    }

    /** The channel axis, if any. */
    public Optional<Axis.Channel> channel() {
        return axes.stream().filter(Axis.Channel.class::isInstance).map(Axis.Channel.class::cast).findFirst();
    }

    /** The number of channels: that of the channel axis, or 1 without one. */
    public int channelCount() {
        return channel().map(Axis.Channel::count).orElse(1);
    }

    /** The axis ids in order, e.g. {@code [batch, channel, y, x]}. */
    public List<String> axisIds() {
        return axes.stream().map(Axis::id).toList();
    }

    /** The ids the ops of this tensor use for the image's channel, y and x dimensions. */
    public Layout layout() {
        return Layout.of(this);
    }

    /** This tensor with another test tensor. */
    public TensorDescr withTestTensor(FileRef file) {
        return new TensorDescr(id, description, axes, file, processing, data);
    }

    /** This tensor with other processing ops. */
    public TensorDescr withProcessing(List<Op> ops) {
        return new TensorDescr(id, description, axes, testTensor, ops, data);
    }
}
