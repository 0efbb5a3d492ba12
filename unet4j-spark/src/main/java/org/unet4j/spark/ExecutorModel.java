package org.unet4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.unet4j.infer.ImagePredictor;
import org.unet4j.infer.PostProcessing;
import org.unet4j.infer.Predictor;
import org.unet4j.infer.Preprocessing;
import org.unet4j.model.ModelFiles;
import org.unet4j.model.NativeEngine;
import org.unet4j.model.UNet;

/**
 * The model on an executor: written to a local temporary folder once per JVM, its networks loaded
 * once each and reused by the tasks that follow (one per task running at the same time, so that
 * concurrent tasks never share a network), libtorch's threads set once.
 */
final class ExecutorModel {
    private static ExecutorModel current;

    private final String key;
    private final ModelFiles.ModelInfo info;
    private final JobSpec spec;
    private final PostProcessing post;
    private final Deque<Loaded> idle = new ArrayDeque<>();
    private final String shown;

    /** A network and its predictors (of raw images, and the tile-level one for parts of split images), used by one task at a time. */
    record Loaded(UNet net, ImagePredictor predictor, Predictor network) {
    }

    private ExecutorModel(String key, ModelFiles.ModelInfo info, JobSpec spec, String shown) {
        this.key = key;
        this.shown = shown;
        this.info = info;
        this.spec = spec;
        this.post = PostProcessing.forModel(info.metadata(), spec.foregroundClass(), spec.postprocess(), spec.seedThreshold(),
                spec.floodThreshold(), spec.minSize());
    }

    /** The model of this job on this JVM (a new job's model replaces an earlier one's). */
    static synchronized ExecutorModel of(ModelBytes bytes, JobSpec spec, int taskCpus) {
        String key = bytes.sha256() + " " + spec.fingerprint(bytes.sha256());
        if (current == null || !current.key.equals(key)) {
            if (current != null) {
                current.closeAll();
            }
            NativeEngine.load();
            NativeEngine.setThreads(spec.threads() > 0 ? spec.threads() : Math.max(1, taskCpus));
            Path dir;
            try {
                dir = bytes.materialize(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "unet4j-spark")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the executor's model folder in " + System.getProperty("java.io.tmpdir"), e);
            }
            current = new ExecutorModel(key, ModelFiles.readInfo(dir), spec, bytes.name());
        }
        return current;
    }

    /** The post-processing of {@code unet predict} with the job's options. */
    PostProcessing post() {
        return post;
    }

    /** A network for one task; give it back with {@link #release}. */
    synchronized Loaded acquire() {
        Loaded l = idle.poll();
        if (l != null) {
            return l;
        }
        UNet net = ModelFiles.load(info);
        Predictor predictor = new Predictor(net, spec.predictOptions());
        return new Loaded(net, ImagePredictor.of(predictor, Preprocessing.normalization(info.metadata()), shown), predictor);
    }

    /** Returns a network of {@link #acquire} for the next task. */
    synchronized void release(Loaded l) {
        if (current == this) {
            idle.push(l);
        } else {
            l.net().close();
        }
    }

    /** Closes the idle networks (those still in use are closed when given back). */
    private synchronized void closeAll() {
        for (Loaded l : idle) {
            l.net().close();
        }
        idle.clear();
    }
}
