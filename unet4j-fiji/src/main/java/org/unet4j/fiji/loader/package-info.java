/**
 * Loads unet4j's engine in a class loader of its own (child-first over {@code lib/unet4j/}), so the
 * plugins run whatever versions of JavaCPP, Jackson, ... Fiji's {@code jars/} holds.
 */
package org.unet4j.fiji.loader;
