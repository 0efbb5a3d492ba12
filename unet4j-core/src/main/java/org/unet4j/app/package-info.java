/**
 * The application layer: the pipelines a command line, a plugin or a script runs, between the
 * engine packages ({@code train}, {@code infer}, {@code eval}, {@code report}) and their clients
 * ({@code org.unet4j.api}, the {@code unet} commands). Predicting files and writing their outputs
 * ({@link org.unet4j.app.PredictionFiles}), reading and pairing evaluation inputs
 * ({@link org.unet4j.app.EvaluateInputs}, {@link org.unet4j.app.EvalFiles}), a training run with its
 * report ({@link org.unet4j.app.TrainingRun}, {@link org.unet4j.app.RunReport}), a run's recorded data read back
 * for resuming and reports ({@link org.unet4j.app.RunInputs}) and the demo
 * ({@link org.unet4j.app.Demo}). Never prints or exits; progress and stopping go through
 * {@link org.unet4j.Progress} and stop signals. Holds no tensors.
 */
package org.unet4j.app;
