/**
 * Metrics on plain arrays, agreeing with the reference scorer {@code ../shared/eval/score.py} to
 * 1e-9: ISBI 2012 pixel, Rand and warping error, V_Rand and V_Info ({@link org.unet4j.eval.IsbiMetrics});
 * cell IoU, Dice, SEG and object AP ({@link org.unet4j.eval.CellMetrics}); their JSON in the
 * scorer's layout ({@link org.unet4j.eval.EvaluationJson}). No tensors, no file I/O.
 */
package org.unet4j.eval;
