package org.unet4j.fiji.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.unet4j.InvalidInputException;
import org.unet4j.api.CancelToken;
import org.unet4j.api.Samples;
import org.unet4j.api.TrainSettings;
import org.unet4j.api.Training;
import org.unet4j.api.TrainingProgress;
import org.unet4j.api.TrainingResult;
import org.unet4j.augment.AugmentParams;
import org.unet4j.data.SegmentationSample;
import org.unet4j.fiji.bridge.Listener;
import org.unet4j.fiji.bridge.TrainEvent;
import org.unet4j.fiji.bridge.TrainOutcome;
import org.unet4j.fiji.bridge.TrainRequest;
import org.unet4j.io.TrainingSet;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.OptimizerConfig;
import org.unet4j.train.TrainConfig;

/**
 * {@code unet4j Train} on {@link Training}: the samples are read as {@code unet train --images
 * --labels} reads them; the last sample (of two or more) is the validation image.
 */
final class TrainEngine {
    private TrainEngine() {
    }

    static TrainOutcome train(TrainRequest r, Listener listener, Consumer<TrainEvent> events) {
        if (r.images() == null || r.labels() == null) {
            throw new InvalidInputException("images= and labels= are needed: two open images (window titles) or two folders/stacks");
        }
        if (r.out() == null && r.resume() == null) {
            throw new InvalidInputException("out= is missing; give a new (or empty) folder for the run (or resume= the folder of a stopped run)");
        }
        TrainSettings settings = settings(r);
        TrainingSet set = Samples.read(r.images(), r.labels());
        List<SegmentationSample> all = set.samples();
        List<SegmentationSample> train = all.size() > 1 ? all.subList(0, all.size() - 1) : all;
        List<SegmentationSample> validation = all.size() > 1 ? all.subList(all.size() - 1, all.size()) : List.of();
        CancelToken cancel = new CancelToken();
        Training training = Training.of(train, validation, settings).withLabels(set.convention()).onProgress(p -> {
            if (listener.cancelled()) {
                cancel.cancel();
            }
            events.accept(event(p));
            listener.progress(p.iteration(), p.totalIterations(), p.status());
        });
        if (listener.cancelled()) {
            throw new CancellationException("cancelled before the start");
        }
        TrainingResult result;
        try {
            // resume=RUN continues RUN from its last checkpoint with its own settings, as 'unet train --resume'
            result = r.resume() != null ? training.resume(r.resume(), cancel) : training.run(r.out(), cancel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
        return new TrainOutcome(result.runDir(), result.iterations(), result.seconds(), result.stopped(), result.lastValidation(),
                result.summary());
    }

    static TrainSettings settings(TrainRequest r) {
        if (r.depth() < 1 || r.base() < 1) {
            throw new InvalidInputException("depth=" + r.depth() + " base=" + r.base() + ": both must be positive (the paper: depth=4 base=64)");
        }
        if (r.iterations() < 1) {
            throw new InvalidInputException("iterations=" + r.iterations() + " must be positive");
        }
        TrainSettings s = TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(r.depth()).withBaseChannels(r.base()));
        if (r.tile() > 0) {
            s = s.withTile(r.tile());
        }
        s = s.withIterations(r.iterations()).withMinutes(r.minutes()).withSeed(r.seed())
                .withAugmentation(AugmentParams.parse(r.augment() == null ? "paper" : r.augment()));
        WeightMapParams w = s.config().weightMaps();
        if (!(r.w0() >= 0) || !(r.sigma() > 0)) {
            throw new InvalidInputException("w0=" + r.w0() + " sigma=" + r.sigma() + ": w0 must be >= 0 and sigma > 0 (the paper: w0=10 sigma=5)");
        }
        s = s.withWeightMaps(new WeightMapParams(r.w0(), r.sigma(), w.classWeights(), w.target()));
        if (!Double.isNaN(r.lr())) {
            if (!(r.lr() > 0)) {
                throw new InvalidInputException("lr=" + r.lr() + " must be positive (the paper: 0.01 with SGD)");
            }
            OptimizerConfig o = s.config().optimizer();
            s = s.withOptimizer(new OptimizerConfig(o.kind(), r.lr(), o.momentum(), o.weightDecay(), o.clipNorm()));
        }
        if (r.validateEvery() > 0) {
            TrainConfig c = s.config();
            s = s.withValidationAndCheckpoints(r.validateEvery(), Math.min(c.checkpointEvery(), r.validateEvery()));
        }
        return s;
    }

    private static TrainEvent event(TrainingProgress p) {
        return new TrainEvent(p.kind() == TrainingProgress.Kind.VALIDATION, p.iteration(), p.totalIterations(), p.loss(), p.secondsLeft(),
                p.status(), p.validation());
    }
}
