/**
 * Plots (learning curves, heat maps, overlays) and the self-contained HTML report. No tensors.
 */
package org.unet4j.report;
