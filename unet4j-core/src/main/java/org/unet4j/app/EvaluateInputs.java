package org.unet4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Phrase;
import org.unet4j.Setting;
import org.unet4j.data.Components;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.io.ImageFileInfo;
import org.unet4j.io.ImageFiles;

/**
 * Reads what {@code unet evaluate} scores, converting it as the reference scorer does
 * ({@code ../shared/eval/io_utils.py}): EM stacks (files or folders of slices, concatenated in
 * name order) with the prediction scaled to [0, 1], and paired cell label images.
 */
public final class EvaluateInputs {
    /** What high values of a map mean. */
    public enum Polarity {
        /** High = interior / non-membrane (the ISBI 2012 submission format). */
        INTERIOR,
        /** High = membrane: the map is inverted (1 − p, or non-zero ground truth becomes membrane). */
        MEMBRANE
    }

    /** How label images are turned into object ids. */
    public enum Relabel {
        /** Labels are object ids. */
        NONE,
        /** 4-connected components of label &gt; 0 (for binary masks). */
        CC4,
        /** 8-connected components of label &gt; 0. */
        CC8
    }

    /**
     * An EM stack pair ready for {@link org.unet4j.eval.IsbiMetrics}.
     *
     * @param scaleDivisor what the prediction was divided by
     * @param predMin smallest prediction value after conversion
     * @param predMax largest prediction value after conversion
     * @param gtValues the ten smallest distinct raw ground-truth values
     */
    public record EmStacks(List<float[]> prob, List<int[]> gt, int height, int width, List<String> sliceNames, List<Path> predFiles,
            List<Path> gtFiles, double scaleDivisor, boolean inverted, double predMin, double predMax, List<Double> gtValues,
            List<String> warnings) {
    }

    /** Paired cell label images (flat arrays; a multi-page file not split is one volume). */
    public record CellImages(List<int[]> pred, List<int[]> gt, List<int[]> shapes, List<String> names, EvalFiles.Pairing pairing,
            List<String> warnings) {
    }

    private EvaluateInputs() {
    }

    /**
     * Reads the EM stacks.
     *
     * @param scale "auto" (8-bit / 255, 16-bit / 65535, a 16/32-bit file holding values up to 255:
     *     / 255, float as is), "none", or a divisor
     */
    public static EmStacks readEm(Path predPath, Path gtPath, String scale, Polarity predPolarity, Polarity gtPolarity) {
        List<Path> predFiles = EvalFiles.list(predPath, "prediction");
        List<Path> gtFiles = EvalFiles.list(gtPath, "ground truth");
        Stack pred = readStack(predFiles, "prediction");
        Stack gt = readStack(gtFiles, "ground truth");
        if (pred.pages.size() != gt.pages.size() || pred.height != gt.height || pred.width != gt.width) {
            throw new InvalidInputException("prediction " + predPath + " has " + pred.describe() + " but ground truth " + gtPath
                    + " has " + gt.describe() + "; give both the same slices (same number, same size, same order by name)");
        }
        double divisor = divisor(scale, pred);
        List<float[]> prob = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        float div = (float) divisor;
        boolean divide = !(scale.equalsIgnoreCase("none") || (scale.equalsIgnoreCase("auto") && isFloat(pred.type)));
        for (int s = 0; s < pred.pages.size(); s++) {
            float[] raw = pred.pages.get(s);
            float[] p = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                float v = divide ? raw[i] / div : raw[i];
                if (predPolarity == Polarity.MEMBRANE) {
                    v = 1f - v;
                }
                if (Float.isNaN(v)) {
                    throw new InvalidInputException("prediction " + pred.names.get(s) + " is NaN at x=" + (i % pred.width) + ", y="
                            + (i / pred.width) + "; the prediction must be a probability map without NaN (re-export it)");
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                p[i] = v;
            }
            prob.add(p);
        }
        TreeSet<Double> values = new TreeSet<>();
        List<int[]> labels = new ArrayList<>();
        for (int s = 0; s < gt.pages.size(); s++) {
            float[] raw = gt.pages.get(s);
            int[] g = new int[raw.length];
            float last = Float.NaN;
            for (int i = 0; i < raw.length; i++) {
                float v = raw[i];
                if (v != last) {
                    if (v != Math.rint(v)) {
                        throw new InvalidInputException("ground truth " + gt.names.get(s) + " has the value " + v + " at x="
                                + (i % gt.width) + ", y=" + (i / gt.width) + "; expected integer labels (0 = membrane,"
                                + " non-zero = interior), e.g. an 8-bit mask with 0 and 255");
                    }
                    values.add((double) v);
                    if (values.size() > 10) {
                        values.pollLast();
                    }
                    last = v;
                }
                int label = (int) v;
                g[i] = gtPolarity == Polarity.MEMBRANE ? (label > 0 ? 0 : 255) : label;
            }
            labels.add(g);
        }
        List<String> warnings = new ArrayList<>();
        if (values.size() > 2) {
            warnings.add("ground truth has more than two values; metrics binarise it (see notes)");
        }
        if (max > 1.0 || min < 0.0) {
            warnings.add("prediction values outside [0,1] after conversion; thresholds 0..1 may be meaningless");
        }
        return new EmStacks(prob, labels, gt.height, gt.width, gt.names, predFiles, gtFiles, divisor,
                predPolarity == Polarity.MEMBRANE, min, max, List.copyOf(values), warnings);
    }

    /** Reads and pairs cell label images, relabelling binary masks when asked; warnings in the library's words. */
    public static CellImages readCells(Path predPath, Path gtPath, Relabel relabelPred, Relabel relabelGt, boolean stackAsImages) {
        return readCells(predPath, gtPath, relabelPred, relabelGt, stackAsImages, Naming.LIBRARY);
    }

    /**
     * Reads and pairs cell label images, relabelling binary masks when asked.
     *
     * @param naming the words in which the warnings name settings (the command line's options, ...)
     */
    public static CellImages readCells(Path predPath, Path gtPath, Relabel relabelPred, Relabel relabelGt, boolean stackAsImages,
            Naming naming) {
        EvalFiles.Pairing pairing = EvalFiles.pair(predPath, gtPath);
        List<int[]> preds = new ArrayList<>();
        List<int[]> gts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (EvalFiles.Pair pair : pairing.pairs()) {
            List<LabelImage> p = ImageFiles.readLabelImages(pair.pred());
            List<LabelImage> g = ImageFiles.readLabelImages(pair.gt());
            LabelImage p0 = p.get(0);
            LabelImage g0 = g.get(0);
            if (p.size() != g.size() || p0.height() != g0.height() || p0.width() != g0.width()) {
                throw new InvalidInputException("prediction " + pair.pred() + " has " + describe(p) + " but its ground truth "
                        + pair.gt() + " has " + describe(g) + "; give each prediction the size and page count of its ground truth");
            }
            String name = pair.gt().getFileName().toString();
            if (g.size() == 1 || stackAsImages) {
                for (int k = 0; k < g.size(); k++) {
                    gts.add(relabel(g.get(k), relabelGt));
                    preds.add(relabel(p.get(k), relabelPred));
                    names.add(g.size() == 1 ? name : name + "[" + k + "]");
                    shapes.add(new int[] {g0.height(), g0.width()});
                }
            } else {
                if (relabelGt != Relabel.NONE || relabelPred != Relabel.NONE) {
                    throw InvalidInputException.of("%s has %d pages, scored as one volume, and %s", pair.gt(), g.size(),
                            Phrase.format("%s labels 2-D components only; add %s to score each page as an image", Setting.RELABEL,
                                    Setting.STACK_AS_IMAGES).cliOnly("relabelling finds 2-D components only; score the stack as images"
                                    + " to score each page as an image"));
                }
                gts.add(concat(g));
                preds.add(concat(p));
                names.add(name);
                shapes.add(new int[] {g.size(), g0.height(), g0.width()});
            }
        }
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int nGt = distinctPositive(gts.get(i), 2);
            if (relabelPred == Relabel.NONE && distinctPositive(preds.get(i), 2) == 1 && nGt > 1) {
                warnings.add(naming.format("%s: prediction has a single label but ground truth has %d objects; for binary masks use %s"
                        + " or cc8", names.get(i), distinctPositive(gts.get(i), Integer.MAX_VALUE), Setting.RELABEL_PRED.is("cc4")));
            }
        }
        if (pairing.rule().equals(EvalFiles.BY_POSITION)) {
            warnings.add("files paired by sorted position (no common names or numbers): check that "
                    + pairing.pairs().get(0).pred().getFileName() + " belongs to " + pairing.pairs().get(0).gt().getFileName());
        }
        for (Path unused : pairing.unused()) {
            warnings.add(unused.getFileName() + ": prediction without a ground-truth file of the same number; left out");
        }
        return new CellImages(preds, gts, shapes, names, pairing, warnings);
    }

    /** Number of distinct labels &gt; 0, counting up to {@code cap}. */
    public static int distinctPositive(int[] labels, int cap) {
        Set<Integer> seen = new HashSet<>();
        int last = 0;
        for (int v : labels) {
            if (v > 0 && v != last) {
                seen.add(v);
                last = v;
                if (seen.size() >= cap) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }

    private static int[] relabel(LabelImage l, Relabel mode) {
        if (mode == Relabel.NONE) {
            return l.labels();
        }
        int[] v = l.labels();
        boolean[] mask = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            mask[i] = v[i] > 0;
        }
        return Components.label(mask, l.height(), l.width(),
                mode == Relabel.CC4 ? Components.Connectivity.FOUR : Components.Connectivity.EIGHT).labels();
    }

    private static int[] concat(List<LabelImage> pages) {
        int size = pages.get(0).labels().length;
        int[] out = new int[size * pages.size()];
        for (int k = 0; k < pages.size(); k++) {
            System.arraycopy(pages.get(k).labels(), 0, out, k * size, size);
        }
        return out;
    }

    private static String describe(List<LabelImage> pages) {
        return pages.size() + " page(s) of " + pages.get(0).sizeText();
    }

    private static double divisor(String scale, Stack pred) {
        String s = scale.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return 1.0;
        }
        if (!s.equals("auto")) {
            try {
                double d = Double.parseDouble(s);
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw InvalidInputException.of("%s is not valid; use auto, none or a positive divisor such as 255", Setting.PRED_SCALE.is(scale));
        }
        int bits = pred.type.bitsPerSample();
        boolean signed = pred.type.sampleFormat() == ImageFileInfo.SampleFormat.INT;
        if (isFloat(pred.type) || bits == 1) {
            return 1.0; // float as is; 1-bit is 0/1 already
        }
        if (bits <= 8) {
            return signed ? 127.0 : 255.0;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float[] p : pred.pages) {
            for (float v : p) {
                max = Math.max(max, v);
            }
        }
        if (max <= 255) {
            return 255.0; // a 16- or 32-bit file holding 8-bit data
        }
        if (bits <= 16) {
            return signed ? 32767.0 : 65535.0;
        }
        return signed ? 2147483647.0 : 4294967295.0;
    }

    private static boolean isFloat(ImageFileInfo type) {
        return type.sampleFormat() == ImageFileInfo.SampleFormat.FLOAT;
    }

    /** The pages of all files of a stack, single-channel, one size. */
    private static final class Stack {
        final List<float[]> pages = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        int height;
        int width;
        /** The widest sample type of the stack's files (float wins, then bits), as numpy's result type. */
        ImageFileInfo type;

        public String describe() {
            return pages.size() + " slice(s) of " + height + "x" + width;
        }
    }

    private static int rank(ImageFileInfo t) {
        return (isFloat(t) ? 1000 : 0) + t.bitsPerSample();
    }

    private static Stack readStack(List<Path> files, String role) {
        Stack s = new Stack();
        for (Path f : files) {
            List<Image> pages = ImageFiles.readImages(f);
            ImageFileInfo t = ImageFiles.describe(f);
            if (s.type == null || rank(t) > rank(s.type)) {
                s.type = t;
            }
            for (int k = 0; k < pages.size(); k++) {
                Image im = pages.get(k);
                if (im.channels() != 1) {
                    throw new InvalidInputException(role + " " + f + " has " + im.channels() + " channels, expected 1;"
                            + " save it as a single-channel (grey) image");
                }
                if (s.pages.isEmpty()) {
                    s.height = im.height();
                    s.width = im.width();
                } else if (im.height() != s.height || im.width() != s.width) {
                    throw new InvalidInputException(role + " " + f + " page " + k + " is " + im.height() + "x" + im.width()
                            + " but the first slice is " + s.height + "x" + s.width + "; all slices of a stack need one size");
                }
                s.pages.add(im.pixels());
                String name = f.getFileName().toString();
                s.names.add(pages.size() == 1 ? name : name + "[" + k + "]");
            }
        }
        return s;
    }
}
