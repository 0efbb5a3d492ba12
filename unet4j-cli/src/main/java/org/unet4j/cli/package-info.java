/**
 * The command line: one picocli command per class; maps exceptions to one-line messages and exit codes. Never holds tensors.
 */
package org.unet4j.cli;
