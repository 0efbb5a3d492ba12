package org.unet4j.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

/**
 * Phase-contrast-like images of cultured cells with instance labels.
 *
 * <p>Cells are star-convex shapes: an ellipse (random size, elongation, orientation) whose radius
 * is modulated by a smooth random function of the angle. About two thirds of the cells are placed
 * against an earlier cell so that they overlap; overlapping cells are split where their normalised
 * radii are equal, which gives touching cells with a shared, slightly curved border, as in dense
 * cultures. The picture follows positive phase contrast: a gray background with uneven
 * illumination, cells a little darker than it with a dark rim, textured cytoplasm, a nucleus with
 * nucleoli, a bright halo around every cell, a thin bright line where two cells touch, a few bright
 * rounded (mitotic) cells, some debris, optical blur and camera noise.
 */
final class CellsGenerator {
    private static final int ANGLES = 128;

    private CellsGenerator() {
    }

    /** One cell: placement, shape and appearance. */
    private static final class Cell {
        double cx;
        double cy;
        double cos;
        double sin;
        double ax;
        double ay;
        double radius;
        float[] shape;
        boolean rounded;
        double contrast;
        double nucleusU;
        double nucleusV;
        double nucleusR;
        double nucleusDelta;

        double extent() {
            double m = 0;
            for (float s : shape) {
                m = Math.max(m, s);
            }
            return m * Math.max(ax, ay);
        }
    }

    static SyntheticSample generate(String name, int h, int w, long seed) {
        SynthRandom rng = new SynthRandom(seed);
        double meanRadius = Math.min(rng.uniform(14, 22), Math.min(h, w) / 4.0);
        double coverage = rng.uniform(0.30, 0.50);
        double clusterProbability = rng.uniform(0.55, 0.8);
        List<Cell> cells = place(rng, h, w, meanRadius, coverage, clusterProbability);

        // nearest and second nearest cell of every pixel in normalised radius
        float[] rho1 = new float[h * w];
        float[] rho2 = new float[h * w];
        int[] own1 = new int[h * w];
        int[] own2 = new int[h * w];
        Arrays.fill(rho1, Float.POSITIVE_INFINITY);
        Arrays.fill(rho2, Float.POSITIVE_INFINITY);
        for (int k = 0; k < cells.size(); k++) {
            rasterise(cells.get(k), k + 1, h, w, rho1, rho2, own1, own2);
        }
        int[] labels = new int[h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rho1[i] < 1 ? own1[i] : 0;
        }
        Regions.keepLargestPieces(labels, h, w, 12);
        float[] image = render(rng, cells, labels, rho1, rho2, own1, own2, h, w);
        Regions.renumber(labels);
        return new SyntheticSample(name, SyntheticStyle.CELLS, Image.gray(h, w, Fields.toGray8(image)), new LabelImage(h, w, labels));
    }

    private static List<Cell> place(SynthRandom rng, int h, int w, double meanRadius, double coverage, double clusterProbability) {
        List<Cell> cells = new ArrayList<>();
        double target = coverage * h * w;
        double area = 0;
        int attempts = 0;
        while (area < target && attempts < 4000) {
            attempts++;
            Cell c = shape(rng, meanRadius);
            if (!cells.isEmpty() && rng.chance(clusterProbability)) {
                Cell n = cells.get(rng.nextInt(cells.size()));
                double a = rng.uniform(0, 2 * Math.PI);
                double d = (n.radius + c.radius) * rng.uniform(0.72, 0.95);
                c.cx = n.cx + d * StrictMath.cos(a);
                c.cy = n.cy + d * StrictMath.sin(a);
            } else {
                c.cx = rng.uniform(-0.3 * c.radius, w + 0.3 * c.radius);
                c.cy = rng.uniform(-0.3 * c.radius, h + 0.3 * c.radius);
            }
            if (c.cx < -0.5 * c.radius || c.cx > w + 0.5 * c.radius || c.cy < -0.5 * c.radius || c.cy > h + 0.5 * c.radius) {
                continue;
            }
            boolean crowded = false;
            for (Cell o : cells) {
                if (Math.hypot(o.cx - c.cx, o.cy - c.cy) < 0.68 * (o.radius + c.radius)) {
                    crowded = true;
                    break;
                }
            }
            if (!crowded) {
                cells.add(c);
                area += Math.PI * c.ax * c.ay * visibleFraction(c, h, w);
            }
        }
        return cells;
    }

    private static double visibleFraction(Cell c, int h, int w) {
        double r = c.radius;
        double fx = (Math.min(w, c.cx + r) - Math.max(0, c.cx - r)) / (2 * r);
        double fy = (Math.min(h, c.cy + r) - Math.max(0, c.cy - r)) / (2 * r);
        return Math.max(0, fx) * Math.max(0, fy);
    }

    private static Cell shape(SynthRandom rng, double meanRadius) {
        Cell c = new Cell();
        c.rounded = rng.chance(0.08);
        double r = c.rounded ? meanRadius * rng.uniform(0.55, 0.75) : Math.max(4, rng.logNormal(meanRadius, 0.25));
        double elongation = c.rounded ? rng.uniform(1.0, 1.15) : rng.uniform(1.0, 1.9);
        c.ax = r * Math.sqrt(elongation);
        c.ay = r / Math.sqrt(elongation);
        c.radius = r;
        double angle = rng.uniform(0, Math.PI);
        c.cos = StrictMath.cos(angle);
        c.sin = StrictMath.sin(angle);
        double irregularity = c.rounded ? 0.02 : rng.uniform(0.06, 0.2);
        double[] amp = new double[7];
        double[] phase = new double[7];
        for (int k = 2; k < amp.length; k++) {
            amp[k] = irregularity * rng.nextGaussian() / Math.pow(k - 1, 0.9);
            phase[k] = rng.uniform(0, 2 * Math.PI);
        }
        c.shape = new float[ANGLES];
        for (int j = 0; j < ANGLES; j++) {
            double t = 2 * Math.PI * j / ANGLES;
            double s = 1;
            for (int k = 2; k < amp.length; k++) {
                s += amp[k] * StrictMath.cos(k * t + phase[k]);
            }
            c.shape[j] = (float) Math.max(0.65, Math.min(1.35, s));
        }
        c.contrast = rng.uniform(0.6, 1.4);
        double na = rng.uniform(0, 2 * Math.PI);
        double nd = rng.uniform(0, 0.25);
        c.nucleusU = nd * StrictMath.cos(na);
        c.nucleusV = nd * StrictMath.sin(na);
        c.nucleusR = rng.uniform(0.35, 0.5);
        c.nucleusDelta = rng.uniform(-0.03, 0.04);
        return c;
    }

    /** Normalised radius of pixel centre (x, y) for cell c: below 1 inside, 1 on the outline. */
    private static double rho(Cell c, double x, double y) {
        double dx = x - c.cx;
        double dy = y - c.cy;
        double u = (dx * c.cos + dy * c.sin) / c.ax;
        double v = (-dx * c.sin + dy * c.cos) / c.ay;
        double rr = Math.sqrt(u * u + v * v);
        double t = (StrictMath.atan2(v, u) / (2 * Math.PI) + 1) * ANGLES;
        int j = (int) t;
        double f = t - j;
        double s = c.shape[j % ANGLES] * (1 - f) + c.shape[(j + 1) % ANGLES] * f;
        return rr / s;
    }

    private static void rasterise(Cell c, int id, int h, int w, float[] rho1, float[] rho2, int[] own1, int[] own2) {
        double ext = c.extent() * 1.6 + 12;
        int x0 = Math.max(0, (int) Math.floor(c.cx - ext));
        int x1 = Math.min(w - 1, (int) Math.ceil(c.cx + ext));
        int y0 = Math.max(0, (int) Math.floor(c.cy - ext));
        int y1 = Math.min(h - 1, (int) Math.ceil(c.cy + ext));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int i = y * w + x;
                float r = (float) rho(c, x + 0.5, y + 0.5);
                if (r < rho1[i]) {
                    rho2[i] = rho1[i];
                    own2[i] = own1[i];
                    rho1[i] = r;
                    own1[i] = id;
                } else if (r < rho2[i]) {
                    rho2[i] = r;
                    own2[i] = id;
                }
            }
        }
    }

    private static float[] render(SynthRandom rng, List<Cell> cells, int[] labels, float[] rho1, float[] rho2, int[] own1,
            int[] own2, int h, int w) {
        double background = rng.uniform(0.45, 0.56);
        double darkness = rng.uniform(0.06, 0.14);
        double halo = rng.uniform(0.13, 0.26);
        double haloWidth = rng.uniform(2.0, 3.5);
        double junction = rng.uniform(0.06, 0.16);
        double noise = rng.uniform(0.018, 0.032);
        double blur = rng.uniform(0.6, 1.1);
        float[] light = Fields.smoothNoise(rng, h, w, Math.max(h, w) * 0.6);
        double lightAmp = rng.uniform(0.02, 0.05);
        double ramp = rng.uniform(0, 0.05);
        double rampAngle = rng.uniform(0, 2 * Math.PI);
        float[] mottle = Fields.smoothNoise(rng, h, w, 6);
        float[] fine = Fields.smoothNoise(rng, h, w, 2.5);
        float[] coarse = Fields.smoothNoise(rng, h, w, 9);
        float[] spots = new float[h * w];
        for (Cell c : cells) {
            addOrganelles(rng, c, spots, h, w);
        }
        addDebris(rng, spots, rho1, h, w);

        float[] img = new float[h * w];
        double ca = StrictMath.cos(rampAngle);
        double sa = StrictMath.sin(rampAngle);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double v = background + 0.008 * mottle[i];
                int id = labels[i];
                Cell near = own1[i] > 0 ? cells.get(own1[i] - 1) : null;
                if (id > 0) {
                    Cell c = cells.get(id - 1);
                    double depth = (1 - rho1[i]) * c.radius;
                    if (c.rounded) {
                        v += 0.22 * Fields.smoothstep(0, 4, depth) - 0.10 * Math.exp(-depth / 1.2);
                    } else {
                        v += -darkness * c.contrast * Fields.smoothstep(0, 7, depth) - 0.06 * Math.exp(-depth / 1.3)
                                + 0.022 * fine[i] + 0.02 * coarse[i];
                        v += nucleus(c, x + 0.5, y + 0.5);
                    }
                    if (own2[i] > 0 && rho2[i] < 1.15) {
                        double gap = (rho2[i] - rho1[i]) * c.radius / 2;
                        v += junction * Math.exp(-gap * gap / 0.8);
                    }
                } else if (near != null) {
                    double d = Math.max(0, (rho1[i] - 1) * near.radius);
                    v += (near.rounded ? 1.5 : 1) * halo * Math.exp(-d / haloWidth);
                }
                v += spots[i];
                double illumination = 1 + lightAmp * light[i] + ramp * ((x - w / 2.0) * ca + (y - h / 2.0) * sa) / Math.max(h, w);
                img[i] = (float) (v * illumination);
            }
        }
        float[] out = Fields.blur(img, h, w, blur);
        Fields.addNoise(out, rng, noise);
        return out;
    }

    /** Intensity change of the nucleus (a slightly different gray with a soft dark outline) at (x, y). */
    private static double nucleus(Cell c, double x, double y) {
        double dx = x - c.cx;
        double dy = y - c.cy;
        double u = (dx * c.cos + dy * c.sin) / c.ax - c.nucleusU;
        double v = (-dx * c.sin + dy * c.cos) / c.ay - c.nucleusV;
        double q = Math.sqrt(u * u + v * v) / c.nucleusR;
        if (q > 1.3) {
            return 0;
        }
        double edge = Math.exp(-(q - 1) * (q - 1) / 0.01);
        return c.nucleusDelta * (1 - Fields.smoothstep(0.85, 1.0, q)) - 0.03 * edge;
    }

    private static void addOrganelles(SynthRandom rng, Cell c, float[] spots, int h, int w) {
        if (c.rounded) {
            return;
        }
        int granules = rng.nextInt(4, 14);
        for (int g = 0; g < granules; g++) {
            double a = rng.uniform(0, 2 * Math.PI);
            double d = Math.sqrt(rng.nextDouble()) * 0.75;
            double u = d * StrictMath.cos(a) * c.ax;
            double v = d * StrictMath.sin(a) * c.ay;
            double gx = c.cx + u * c.cos - v * c.sin;
            double gy = c.cy + u * c.sin + v * c.cos;
            spot(spots, h, w, gx, gy, rng.uniform(0.8, 1.6), -rng.uniform(0.04, 0.09));
        }
        int nucleoli = rng.nextInt(1, 3);
        for (int g = 0; g < nucleoli; g++) {
            double u = (c.nucleusU + rng.uniform(-0.4, 0.4) * c.nucleusR) * c.ax;
            double v = (c.nucleusV + rng.uniform(-0.4, 0.4) * c.nucleusR) * c.ay;
            double gx = c.cx + u * c.cos - v * c.sin;
            double gy = c.cy + u * c.sin + v * c.cos;
            spot(spots, h, w, gx, gy, rng.uniform(1.2, 2.2), -rng.uniform(0.05, 0.1));
        }
    }

    /** Small unlabelled specks (debris, dust) on the background, with their own halo. */
    private static void addDebris(SynthRandom rng, float[] spots, float[] rho1, int h, int w) {
        int n = rng.nextInt(0, Math.max(1, h * w / 40000));
        for (int k = 0; k < n; k++) {
            double x = rng.uniform(0, w);
            double y = rng.uniform(0, h);
            int i = Math.min(h - 1, (int) y) * w + Math.min(w - 1, (int) x);
            if (rho1[i] < 1.5) {
                continue;
            }
            double r = rng.uniform(1.0, 2.0);
            spot(spots, h, w, x, y, r * 2.2, 0.08);
            spot(spots, h, w, x, y, r, -0.16);
        }
    }

    /** Adds a Gaussian spot of standard deviation {@code sigma} and peak {@code amplitude}. */
    private static void spot(float[] field, int h, int w, double x, double y, double sigma, double amplitude) {
        int r = (int) Math.ceil(3 * sigma);
        int x0 = Math.max(0, (int) x - r);
        int x1 = Math.min(w - 1, (int) x + r);
        int y0 = Math.max(0, (int) y - r);
        int y1 = Math.min(h - 1, (int) y + r);
        double inv = 1 / (2 * sigma * sigma);
        for (int yy = y0; yy <= y1; yy++) {
            for (int xx = x0; xx <= x1; xx++) {
                double dx = xx + 0.5 - x;
                double dy = yy + 0.5 - y;
                field[yy * w + xx] += (float) (amplitude * StrictMath.exp(-(dx * dx + dy * dy) * inv));
            }
        }
    }
}
