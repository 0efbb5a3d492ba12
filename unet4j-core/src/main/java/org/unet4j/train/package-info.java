/**
 * Training: the loop, optimizers, sample producers, validation, checkpoints and resume, the run directory. Owns tensors during a step.
 */
package org.unet4j.train;
