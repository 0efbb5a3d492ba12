package org.unet4j.fiji;

import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.List;

/** One ROI per instance (its outline, traced by ImageJ's ThresholdToSelection on the object's bounding box). */
final class InstanceRois {
    private InstanceRois() {
    }

    /** The ROIs of every plane; with more than one plane each ROI has its stack position. */
    static List<Roi> of(int[][] instances, int w, int h) {
        List<Roi> rois = new ArrayList<>();
        for (int p = 0; p < instances.length; p++) {
            int[] ids = instances[p];
            int max = 0;
            for (int v : ids) {
                max = Math.max(max, v);
            }
            int[] x0 = new int[max + 1];
            int[] y0 = new int[max + 1];
            int[] x1 = new int[max + 1];
            int[] y1 = new int[max + 1];
            java.util.Arrays.fill(x0, Integer.MAX_VALUE);
            java.util.Arrays.fill(y0, Integer.MAX_VALUE);
            java.util.Arrays.fill(x1, -1);
            java.util.Arrays.fill(y1, -1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int id = ids[y * w + x];
                    if (id > 0) {
                        x0[id] = Math.min(x0[id], x);
                        y0[id] = Math.min(y0[id], y);
                        x1[id] = Math.max(x1[id], x);
                        y1[id] = Math.max(y1[id], y);
                    }
                }
            }
            ThresholdToSelection tracer = new ThresholdToSelection();
            for (int id = 1; id <= max; id++) {
                if (x1[id] < 0) {
                    continue;
                }
                int bw = x1[id] - x0[id] + 1;
                int bh = y1[id] - y0[id] + 1;
                ByteProcessor mask = new ByteProcessor(bw, bh);
                for (int y = 0; y < bh; y++) {
                    for (int x = 0; x < bw; x++) {
                        if (ids[(y + y0[id]) * w + x + x0[id]] == id) {
                            mask.set(x, y, 255);
                        }
                    }
                }
                mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
                Roi roi = tracer.convert(mask);
                if (roi == null) {
                    continue;
                }
                roi.setLocation(roi.getXBase() + x0[id], roi.getYBase() + y0[id]);
                if (instances.length > 1) {
                    roi.setPosition(p + 1);
                }
                roi.setName(String.format("%04d-%04d", p + 1, id));
                rois.add(roi);
            }
        }
        return rois;
    }
}
