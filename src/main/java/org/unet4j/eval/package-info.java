/**
 * Metrics on plain arrays: ISBI 2012 pixel, Rand and warping error, V_Rand and V_Info; cell IoU, Dice, SEG and object AP. No tensors.
 */
package org.unet4j.eval;
