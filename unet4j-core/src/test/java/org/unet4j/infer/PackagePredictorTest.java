package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.unet4j.Progress;
import org.unet4j.bioimageio.ModelPackage;
import org.unet4j.data.Image;
import org.unet4j.data.Mirror;
import org.unet4j.io.Npy;

/**
 * A bioimage.io package nobody here wrote ({@code ../shared/bioimageio/unet2d_nuclei_broad}: a padded
 * U-Net, zero-mean-unit-variance input, sigmoid output, fixed 512x512 input, halo 32) run by unet4j.
 * Skipped where the shared folder is absent (CI).
 */
class PackagePredictorTest {
    static final Path FOREIGN = Path.of("../../shared/bioimageio/unet2d_nuclei_broad");

    static Image testInput() {
        Npy.NpyArray a = Npy.read(FOREIGN.resolve("test_input.npy"));
        return new Image(1, (int) a.dim(2), (int) a.dim(3), a.data());
    }

    @Test
    void theForeignPackageReproducesItsTestOutput() {
        Assumptions.assumeTrue(Files.isDirectory(FOREIGN), "no ../shared/bioimageio here");
        try (ModelPackage pkg = ModelPackage.open(FOREIGN);
                PackagePredictor p = PackagePredictor.open(pkg, PredictOptions.AUTO_TILE, TestTimeAugmentation.NONE)) {
            assertThat(p.inChannels()).isEqualTo(1);
            assertThat(p.numClasses()).isEqualTo(2);
            Image raw = testInput();
            assertThat(p.tileCount(512, 512)).isEqualTo(1);
            Prediction pred = p.predict(p.prepare(raw), Progress.NONE);
            float[] expected = Npy.read(FOREIGN.resolve("test_output.npy")).data();
            float[] fg = pred.probability(1);
            double max = 0;
            for (int i = 0; i < fg.length; i++) {
                max = Math.max(max, Math.abs(fg[i] - expected[i]));
            }
            assertThat(max).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void aLargerImageIsTiledAtTheFixedSizeAndAgreesWithTheWholePassAwayFromItsBorders() {
        Assumptions.assumeTrue(Files.isDirectory(FOREIGN), "no ../shared/bioimageio here");
        try (ModelPackage pkg = ModelPackage.open(FOREIGN);
                PackagePredictor p = PackagePredictor.open(pkg, PredictOptions.AUTO_TILE, TestTimeAugmentation.NONE)) {
            Image raw = testInput();
            // the test image inside a larger, mirror-extended one: 700 x 650, the 512 x 512 original at (94, 69)
            Image big = Mirror.window(raw, -94, -69, 700, 650);
            assertThat(p.tileText(700, 650)).isEqualTo("512x512");
            assertThat(p.tileCount(700, 650)).isEqualTo(4);
            Image prepared = p.prepare(raw);
            float[] whole = p.predict(prepared, Progress.NONE).probability(1);
            // the same normalisation as the whole pass (the mirror copy has other statistics), then the tiles
            Image preparedBig = Mirror.window(prepared, -94, -69, 700, 650);
            float[] tiled = p.predict(preparedBig, Progress.NONE).probability(1);
            double max = 0;
            double sum = 0;
            int n = 0;
            int agree = 0;
            for (int y = 64; y < 512 - 64; y++) {
                for (int x = 64; x < 512 - 64; x++) {
                    float a = whole[y * 512 + x];
                    float b = tiled[(y + 94) * 650 + x + 69];
                    max = Math.max(max, Math.abs(a - b));
                    sum += Math.abs(a - b);
                    agree += (a > 0.5f) == (b > 0.5f) ? 1 : 0;
                    n++;
                }
            }
            // measured: max 3.5e-2, mean 3.7e-4, labels agree at 99.97 %: the package's 32 px halo is less than
            // its padded network's receptive field, and its fixed 512 px tiles cannot follow the original's position
            assertThat(big.height()).isEqualTo(700);
            assertThat(max).isLessThanOrEqualTo(0.05);
            assertThat(sum / n).isLessThanOrEqualTo(1e-3);
            assertThat((double) agree / n).isGreaterThan(0.999);
        }
    }
}
