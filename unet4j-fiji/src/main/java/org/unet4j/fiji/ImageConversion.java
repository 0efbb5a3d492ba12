package org.unet4j.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import org.unet4j.fiji.bridge.Planes;

/**
 * ImageJ images to and from the bridge's arrays. A plane is one (slice, frame) position of a
 * hyperstack with all of its channels; an RGB image has the three channels red, green, blue.
 * Pixel values are read raw (no density calibration), and the source is only read.
 */
final class ImageConversion {
    private ImageConversion() {
    }

    /** The planes of {@code imp}, frame-major then slice ({@code plane = t * slices + z}). */
    static Planes planes(ImagePlus imp) {
        int w = imp.getWidth();
        int h = imp.getHeight();
        int n = w * h;
        boolean rgb = imp.getBitDepth() == 24;
        int channels = rgb ? 3 : imp.getNChannels();
        int slices = imp.getNSlices();
        int frames = imp.getNFrames();
        ImageStack stack = imp.getStack();
        float[][] planes = new float[slices * frames][];
        for (int t = 0; t < frames; t++) {
            for (int z = 0; z < slices; z++) {
                float[] plane = new float[channels * n];
                if (rgb) {
                    int[] px = (int[]) stack.getProcessor(imp.getStackIndex(1, z + 1, t + 1)).getPixels();
                    for (int i = 0; i < n; i++) {
                        plane[i] = (px[i] >> 16) & 0xff;
                        plane[n + i] = (px[i] >> 8) & 0xff;
                        plane[2 * n + i] = px[i] & 0xff;
                    }
                } else {
                    for (int c = 0; c < channels; c++) {
                        ImageProcessor ip = stack.getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1));
                        for (int i = 0; i < n; i++) {
                            plane[c * n + i] = ip.getf(i);
                        }
                    }
                }
                planes[t * slices + z] = plane;
            }
        }
        return new Planes(channels, h, w, planes);
    }

    /** Integer labels of every plane of a single-channel image (instance ids or classes). */
    static int[][] labels(ImagePlus imp) {
        if (imp.getBitDepth() == 24 || imp.getNChannels() > 1) {
            throw MacroOptions.bad(imp.getTitle() + " has " + (imp.getBitDepth() == 24 ? "RGB colours" : imp.getNChannels() + " channels")
                    + "; give a label image of one 8/16/32-bit channel");
        }
        ImageStack stack = imp.getStack();
        int[][] out = new int[stack.getSize()][];
        for (int s = 0; s < out.length; s++) {
            ImageProcessor ip = stack.getProcessor(s + 1);
            int[] l = new int[imp.getWidth() * imp.getHeight()];
            for (int i = 0; i < l.length; i++) {
                l[i] = Math.round(ip.getf(i));
            }
            out[s] = l;
        }
        return out;
    }

    /** A 32-bit hyperstack: {@code maps[plane][channel]}, channels as C, the source's slices and frames. */
    static ImagePlus floats(String title, int w, int h, float[][][] maps, ImagePlus source) {
        ImageStack stack = new ImageStack(w, h);
        int channels = maps[0].length;
        for (float[][] plane : maps) {
            for (float[] m : plane) {
                stack.addSlice(new FloatProcessor(w, h, m.clone()));
            }
        }
        ImagePlus out = new ImagePlus(title, stack);
        dimensions(out, channels, source);
        out.getProcessor().setMinAndMax(0, 1);
        return out;
    }

    /** An 8-bit (max &lt; 256) or 16-bit image of {@code labels[plane]}. */
    static ImagePlus ints(String title, int w, int h, int[][] labels, boolean sixteen, ImagePlus source) {
        ImageStack stack = new ImageStack(w, h);
        int max = 0;
        for (int[] plane : labels) {
            ImageProcessor ip = sixteen ? new ShortProcessor(w, h) : new ByteProcessor(w, h);
            int limit = sixteen ? 65535 : 255;
            for (int i = 0; i < plane.length; i++) {
                if (plane[i] > limit) {
                    throw MacroOptions.bad(title + ": value " + plane[i] + " does not fit a " + (sixteen ? 16 : 8) + "-bit image;"
                            + " raise min_size or segment a smaller image");
                }
                ip.set(i, plane[i]);
                max = Math.max(max, plane[i]);
            }
            stack.addSlice(ip);
        }
        ImagePlus out = new ImagePlus(title, stack);
        dimensions(out, 1, source);
        out.getProcessor().setMinAndMax(0, Math.max(1, sixteen ? 255 : max));
        return out;
    }

    private static void dimensions(ImagePlus out, int channels, ImagePlus source) {
        out.setDimensions(channels, source.getNSlices(), source.getNFrames());
        if (channels > 1 || (source.getNSlices() > 1 && source.getNFrames() > 1)) {
            out.setOpenAsHyperStack(true);
        }
        Calibration c = source.getCalibration();
        Calibration spatial = new Calibration();
        spatial.pixelWidth = c.pixelWidth;
        spatial.pixelHeight = c.pixelHeight;
        spatial.pixelDepth = c.pixelDepth;
        spatial.setUnit(c.getUnit());
        out.setCalibration(spatial);
    }

    /** A glasbey-like LUT: black background, then 255 well-separated colours (golden-ratio hues, three lightness levels). */
    static LUT glasbey() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 1; i < 256; i++) {
            float hue = (float) ((i * 0.618033988749895) % 1.0);
            float sat = i % 3 == 0 ? 0.55f : 0.9f;
            float bri = i % 2 == 0 ? 0.8f : 1f;
            int rgb = java.awt.Color.HSBtoRGB(hue, sat, bri);
            r[i] = (byte) (rgb >> 16);
            g[i] = (byte) (rgb >> 8);
            b[i] = (byte) rgb;
        }
        return new LUT(r, g, b);
    }

    /** Whether two images have the same pixels (to check that the source is untouched). */
    static long checksum(ImagePlus imp) {
        long h = 1;
        ImageStack s = imp.getStack();
        for (int k = 1; k <= s.getSize(); k++) {
            ImageProcessor ip = s.getProcessor(k);
            for (int i = 0; i < imp.getWidth() * imp.getHeight(); i++) {
                h = 31 * h + Float.floatToIntBits(ip instanceof ColorProcessor ? ip.get(i) : ip.getf(i));
            }
        }
        return h;
    }
}
