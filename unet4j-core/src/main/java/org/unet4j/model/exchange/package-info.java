/**
 * Model exchange with the rest of the field: the network written as TorchScript (from Java, through
 * libtorch's {@code torch::jit::Module}) and as an ONNX graph, and TorchScript models of others
 * loaded and run. This package holds tensors, like {@code model}; the bioimage.io description
 * around the weights (plain data) lives in {@code org.unet4j.bioimageio}.
 */
package org.unet4j.model.exchange;
