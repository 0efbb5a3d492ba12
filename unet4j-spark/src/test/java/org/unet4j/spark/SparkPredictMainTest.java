package org.unet4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.api.CancelToken;
import org.unet4j.api.Samples;
import org.unet4j.api.TrainSettings;
import org.unet4j.api.Training;
import org.unet4j.data.SegmentationSample;
import org.unet4j.io.ImageFiles;
import org.unet4j.model.UNetConfig;
import org.unet4j.train.Blobs;

/** The command line end to end: options, its own Spark context, the summary, and a re-run that needs no Spark. */
class SparkPredictMainTest {
    @TempDir
    Path tmp;

    @Test
    void theCommandLinePredictsAFolderAndARerunSkipsEverything() throws InterruptedException {
        List<SegmentationSample> train = new ArrayList<>();
        for (SegmentationSample b : Blobs.samples(2, 64, 1)) {
            train.add(Samples.fromInstances(b.name(), b.image(), b.instances()));
        }
        Path run = tmp.resolve("run");
        Training.of(train, List.of(train.get(0)), TrainSettings.paper().withNetwork(UNetConfig.paper().withDepth(2).withBaseChannels(4))
                .withTile(60).withBatch(1).withIterations(2).withValidationAndCheckpoints(2, 2)).withReport(false).run(run, CancelToken.none());
        int k = 0;
        for (SegmentationSample b : Blobs.samples(4, 48, 3)) {
            ImageFiles.writeFloatTiff(tmp.resolve("in").resolve("s" + k++ + ".tif"), List.of(b.image().pixels()), 48, 48);
        }
        String[] args = {"--master", "local[2]", "--model", run.toString(), "--input", tmp.resolve("in").toString(), "--out",
            tmp.resolve("out").toString(), "--tile", "60", "--instances", "--layout", "folders", "--threads", "1", "--conf",
            "spark.ui.enabled=false"};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SparkPredict.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("4 input file(s), 4 slices: 4 to predict").contains("predicted 4 of 4 slices");
        assertThat(err.toString()).contains("4/4 slices done");
        assertThat(Files.exists(tmp.resolve("out/instances/s3.tif"))).isTrue();

        StringWriter again = new StringWriter();
        assertThat(SparkPredict.execute(args, new PrintWriter(again, true), new PrintWriter(new StringWriter(), true))).isZero();
        assertThat(again.toString()).contains("0 to predict, 4 complete before").contains("nothing predicted");
    }
}
