/**
 * The command line, a thin client of the library: one picocli command per class, their options
 * and type converters, and the console helpers (progress bar, interrupts, exit-code mapping, table
 * printing). The pipelines the commands run live in {@code org.unet4j.app}. Never holds tensors.
 */
package org.unet4j.cli;
