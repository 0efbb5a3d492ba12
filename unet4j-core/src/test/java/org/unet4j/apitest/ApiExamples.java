package org.unet4j.apitest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.Progress;
import org.unet4j.api.BioImageIo;
import org.unet4j.api.CancelToken;
import org.unet4j.api.Evaluation;
import org.unet4j.api.Images;
import org.unet4j.api.Previews;
import org.unet4j.api.Samples;
import org.unet4j.api.SegmentOptions;
import org.unet4j.api.Segmentation;
import org.unet4j.api.Segmenter;
import org.unet4j.api.TrainSettings;
import org.unet4j.api.Training;
import org.unet4j.api.TrainingProgress;
import org.unet4j.api.TrainingResult;
import org.unet4j.app.ModelExport;
import org.unet4j.augment.AugmentParams;
import org.unet4j.bioimageio.Author;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;
import org.unet4j.data.Normalization;
import org.unet4j.data.SegmentationSample;
import org.unet4j.eval.CellResult;
import org.unet4j.eval.IsbiResult;
import org.unet4j.infer.PostProcessing;
import org.unet4j.io.TrainingSet;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.DeviceChoice;
import org.unet4j.model.UNetConfig;

/**
 * The examples of docs/API.md, compiled with the tests ({@link DocsExamplesTest} checks that every
 * Java block of the document is a part of this file), so the document cannot drift from the API.
 */
final class ApiExamples {
    private ApiExamples() {
    }

    static void segmentAnImage(Path runDir, Path imageFile) {
        try (Segmenter seg = Segmenter.open(runDir, SegmentOptions.defaults().withTta(true))) {
            Image image = Images.read(imageFile).get(0);
            Segmentation s = seg.segment(image);
            float[] foreground = s.foreground();      // probability of the foreground class, row-major
            LabelImage objects = s.instances();       // 0 = background, 1..n one id per object
            System.out.println(objects.max() + " objects, first pixel p = " + foreground[0]);
        }
    }

    static void segmentFiles(Path runDir, Path imageFile, Path outDir) {
        SegmentOptions options = SegmentOptions.defaults().withDevice(DeviceChoice.AUTO).withMinSize(20);
        try (Segmenter seg = Segmenter.open(runDir, options)) {
            List<String> written = seg.writeOutputs(imageFile, outDir, Progress.NONE);
            System.out.println("wrote " + written);    // NAME_prob.tif, NAME_fg.tif, NAME_labels.tif, NAME_instances.tif
        }
    }

    static void thresholds(Path runDir, Image image) {
        SegmentOptions watershed = SegmentOptions.defaults().withPostProcess(PostProcessing.Method.WATERSHED)
                .withThresholds(0.6, null);   // as `unet predict --postprocess watershed --seed-threshold 0.6`; null: the model's default
        try (Segmenter seg = Segmenter.open(runDir, watershed)) {
            LabelImage objects = seg.segment(image).instances();
        }
    }

    static void previews(Path labelFile, Image image) {
        LabelImage ids = Images.readLabels(labelFile).get(0);
        Previews.WeightMap w = Previews.weightMap(ids, WeightMapParams.paper(), Previews.LabelKind.AUTO);
        Images.writeFloat(Path.of("weights.tif"), w.weights(), w.height(), w.width());   // as `unet weights --out weights.tif`
        SegmentationSample sample = Normalization.DEFAULT.apply(Samples.fromInstances("cells", image, ids));
        for (Previews.Tile t : Previews.augmented(sample, AugmentParams.parse("paper"), 12, 256, 1)) {   // `unet augment --n 12 --tile 256`
            float[] gray = t.gray();      // size x size: the augmented image (mean over channels)
            int[] labels = t.labels();    // its objects (or classes), transformed with it
        }
    }

    static TrainingResult trainFromFolders(Path images, Path labels, Path runDir) throws InterruptedException {
        TrainingSet set = Samples.read(images, labels);           // as `unet train --images --labels` reads them
        List<SegmentationSample> all = set.samples();
        List<SegmentationSample> train = all.subList(0, all.size() - 1);
        List<SegmentationSample> validation = all.subList(all.size() - 1, all.size());
        CancelToken cancel = new CancelToken();                  // cancel.cancel() from any thread stops cleanly
        return Training.of(train, validation, TrainSettings.paper().withMinutes(30))
                .withLabels(set.convention())
                .onProgress(p -> {
                    if (p.kind() == TrainingProgress.Kind.VALIDATION) {
                        System.out.println("iteration " + p.iteration() + ": " + p.validation());
                    }
                })
                .run(runDir, cancel);
    }

    static TrainingResult trainInMemory(List<Image> images, List<LabelImage> objectIds, Path runDir) throws InterruptedException {
        List<SegmentationSample> samples = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            samples.add(Samples.fromInstances("image" + i, images.get(i), objectIds.get(i)));
        }
        TrainSettings small = TrainSettings.paper()
                .withNetwork(UNetConfig.paper().withDepth(3).withBaseChannels(16).withNorm(UNetConfig.Norm.BATCH))
                .withTile(188).withBatch(2).withMinutes(3);
        return Training.of(samples, List.of(), small).run(runDir, CancelToken.none());
    }

    static TrainingResult exchange(Path runDir, Image image, List<SegmentationSample> newSamples,
            List<SegmentationSample> newValidation) throws InterruptedException {
        Path zip = BioImageIo.export(runDir, Path.of("nuclei.zip"), new ModelExport.Options("U-Net nuclei (DSB 2018)", null,
                List.of(new Author("Ada Lovelace", "EMBL", null)), "CC-BY-4.0", List.of("nuclei"), null), Progress.NONE);
        try (Segmenter seg = Segmenter.open(zip, SegmentOptions.defaults())) {
            Segmentation s = seg.segment(image);
        }
        TrainingResult tuned = Training.of(newSamples, newValidation, TrainSettings.nuclei().withTile(444).withMinutes(10))
                .withInit(zip).run(Path.of("runs/tuned"), CancelToken.none());
        return tuned;
    }

    static void errorMessages() {
        try {
            UNetConfig.paper().withDepth(7);
        } catch (InvalidInputException e) {
            System.err.println(e.getMessage());          // depth 7 is out of range; depth must be in 1..6
            System.err.println(e.message(Naming.CLI));   // depth 7 is out of range; --depth must be in 1..6
        }
    }

    static void evaluate(List<LabelImage> predicted, List<LabelImage> truth, Path predFolder, Path gtFolder) {
        CellResult cells = Evaluation.cells(predicted, truth);
        System.out.printf("IoU %.3f  Dice %.3f  SEG %.3f  AP@0.5 %.3f%n", cells.iou().value(), cells.dice().value(),
                cells.seg().value(), cells.firstAp().value());
        IsbiResult em = Evaluation.isbi2012(predFolder, gtFolder);   // files or folders, paired as `unet evaluate` pairs them
        System.out.printf("Rand error %.4f  pixel error %.4f%n", em.randError().value(), em.pixelError().value());
    }
}
