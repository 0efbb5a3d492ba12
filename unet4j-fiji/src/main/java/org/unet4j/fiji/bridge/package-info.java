/**
 * The narrow interface between the ImageJ plugins and unet4j's engine: JDK types only (primitives,
 * arrays, strings, paths, maps and records of those), because the plugins and the engine live in
 * different class loaders. This package is loaded by the plugins' class loader and shared with the
 * engine's; nothing else is.
 */
package org.unet4j.fiji.bridge;
