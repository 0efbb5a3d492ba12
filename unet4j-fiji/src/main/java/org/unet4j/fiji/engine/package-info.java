/**
 * The engine: implements the bridge ({@link org.unet4j.fiji.bridge.Engine}) with unet4j-core's
 * public API. This package lives in its own jar in {@code lib/unet4j/} and is loaded, with
 * unet4j-core and its dependencies, by the plugins' child-first class loader; the plugins never
 * name its classes.
 */
package org.unet4j.fiji.engine;
