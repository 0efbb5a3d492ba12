/**
 * {@code unet predict} as an Apache Spark job (issue 23, docs/DISTRIBUTED.md): {@link
 * org.unet4j.spark.SparkPredict} is the command line ({@code unet spark-predict}, or
 * {@code spark-submit --class org.unet4j.spark.SparkPredict}); {@link org.unet4j.spark.PredictJob}
 * checks and splits a job on the driver and runs it; the tasks (one per slice) predict with
 * unet4j-core's own classes, so the outputs are those of {@code unet predict}, byte for byte.
 */
package org.unet4j.spark;
