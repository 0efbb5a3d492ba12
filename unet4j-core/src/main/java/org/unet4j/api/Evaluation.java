package org.unet4j.api;

import java.nio.file.Path;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Progress;
import org.unet4j.app.EvaluateInputs;
import org.unet4j.data.LabelImage;
import org.unet4j.eval.CellMetrics;
import org.unet4j.eval.CellResult;
import org.unet4j.eval.IsbiMetrics;
import org.unet4j.eval.IsbiOptions;
import org.unet4j.eval.IsbiResult;

/**
 * The benchmarks' own metrics, the library form of {@code unet evaluate}: on in-memory images and
 * on files or folders (paired as {@code unet evaluate} pairs them: equal names, else the numbers in
 * the names, else a single file each). Results are plain records with pooled values and one value
 * per image or slice.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * Cell/instance metrics: foreground IoU and Dice, CTC SEG, AP at IoU 0.5, 0.55, ..., 0.95 and
     * their mean, panoptic quality and merged touching pairs ({@link CellResult}). Both lists hold
     * object ids (0 = background), image {@code i} of one against image {@code i} of the other.
     *
     * @throws InvalidInputException if the lists differ in length or an image pair in size
     */
    public static CellResult cells(List<LabelImage> predicted, List<LabelImage> truth) {
        return cells(predicted, truth, CellMetrics.dsbThresholds());
    }

    /**
     * As {@link #cells(List, List)} with AP at each of {@code iouThresholds} (each in (0, 1]).
     *
     * @throws InvalidInputException if a threshold is out of range, the lists differ in length or an image pair in size
     */
    public static CellResult cells(List<LabelImage> predicted, List<LabelImage> truth, double... iouThresholds) {
        for (double t : iouThresholds) {
            if (!(t > 0 && t <= 1)) {
                throw new InvalidInputException("IoU threshold " + t + " is not in (0, 1]; give thresholds such as 0.5, 0.75");
            }
        }
        if (predicted.isEmpty() || predicted.size() != truth.size()) {
            throw new InvalidInputException(predicted.size() + " predicted and " + truth.size() + " ground-truth images; give one"
                    + " prediction per ground-truth image, in the same order");
        }
        for (int i = 0; i < predicted.size(); i++) {
            if (predicted.get(i).height() != truth.get(i).height() || predicted.get(i).width() != truth.get(i).width()) {
                throw new InvalidInputException("image " + (i + 1) + ": the prediction is " + predicted.get(i).sizeText()
                        + " but the ground truth " + truth.get(i).sizeText() + "; give each prediction the size of its ground truth");
            }
        }
        return CellMetrics.evaluate(predicted, truth, iouThresholds);
    }

    /**
     * Cell metrics of instance-label files: {@code predicted} and {@code truth} are each a label
     * image, a stack (scored as one volume, as {@code unet evaluate} does) or a folder of them.
     *
     * @throws InvalidInputException if the files cannot be read or paired
     */
    public static CellResult cells(Path predicted, Path truth) {
        EvaluateInputs.CellImages in = EvaluateInputs.readCells(predicted, truth, EvaluateInputs.Relabel.NONE, EvaluateInputs.Relabel.NONE,
                false);
        return CellMetrics.evaluateArrays(in.pred(), in.gt(), in.shapes(), CellMetrics.dsbThresholds());
    }

    /**
     * The ISBI 2012 challenge's metrics (pixel error, foreground-restricted Rand error, warping
     * error, V_Rand, V_Info) of interior probability maps against binary ground truth (non-zero =
     * interior), slices of {@code height x width}, at the challenge's thresholds.
     */
    public static IsbiResult isbi2012(List<float[]> interiorProbabilities, List<int[]> truth, int height, int width) {
        return IsbiMetrics.evaluate(interiorProbabilities, truth, height, width);
    }

    /** As {@link #isbi2012(List, List, int, int)} with other metrics, thresholds or threads, reporting to {@code progress}. */
    public static IsbiResult isbi2012(List<float[]> interiorProbabilities, List<int[]> truth, int height, int width, IsbiOptions options,
            Progress progress) {
        return IsbiMetrics.evaluate(interiorProbabilities, truth, height, width, options, progress);
    }

    /**
     * The ISBI 2012 metrics of probability files (8/16-bit or float, scaled automatically) against
     * ground-truth files, both interior-high as in the challenge's submission format.
     *
     * @throws InvalidInputException if the files cannot be read or paired
     */
    public static IsbiResult isbi2012(Path predicted, Path truth) {
        EvaluateInputs.EmStacks in = EvaluateInputs.readEm(predicted, truth, "auto", EvaluateInputs.Polarity.INTERIOR,
                EvaluateInputs.Polarity.INTERIOR);
        return IsbiMetrics.evaluate(in.prob(), in.gt(), in.height(), in.width());
    }
}
