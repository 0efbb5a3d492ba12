/**
 * The paper's loss: separation borders and weight maps w(x) on plain arrays, and the weighted pixel-wise softmax cross-entropy on tensors.
 */
package org.unet4j.loss;
