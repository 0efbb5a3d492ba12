package org.unet4j.fiji;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a JVM of its own whose class path is what an old Fiji has: the plugin jar, ImageJ,
 * JavaCPP 1.5.10 and Jackson 2.9, and no unet4j-core. Segments a synthetic image through {@code
 * unet4j Segment} (macro options, no display) and writes NAME_prob, NAME_labels, NAME_instances
 * as raw values to {@code args[1]}, then the weight map of its labels ({@code unet4j Weight Map}). Exit status 0 on success.
 */
public final class IsolatedMain {
    private IsolatedMain() {
    }

    public static void main(String[] args) throws IOException {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        require(jar(system, "org.bytedeco.javacpp.Loader").contains("1.5.10"), "JavaCPP 1.5.10 is not on the class path");
        require(jar(system, "com.fasterxml.jackson.databind.ObjectMapper").contains("2.9."), "Jackson 2.9 is not on the class path");
        try {
            system.loadClass("org.unet4j.api.Segmenter");
            require(false, "unet4j-core is on the parent class path");
        } catch (ClassNotFoundException expected) {
            // as in Fiji: only the plugin jar
        }
        ImagePlus imp = Synthetic.image("iso.tif", 80, 1, 20);
        SegmentCommand cmd = new SegmentCommand();
        Ij.run(cmd, "", "model=[" + args[0] + "] tile=60 instances rois", imp);
        SegmentCommand.Result r = cmd.lastResult();
        require(r != null, "no result: " + Ui.lastError());
        System.out.println("engine: " + org.unet4j.fiji.loader.EngineLoader.engine().describe());
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            for (int c = 1; c <= r.prob().getStackSize(); c++) {
                ImageProcessor ip = r.prob().getStack().getProcessor(c);
                for (int i = 0; i < 80 * 80; i++) {
                    out.writeFloat(ip.getf(i));
                }
            }
            for (ImagePlus ints : new ImagePlus[] {r.labels(), r.instances()}) {
                for (int i = 0; i < 80 * 80; i++) {
                    out.writeInt(ints.getProcessor().get(i));
                }
            }
            out.writeInt(r.rois().size());
            // unet4j Weight Map across the same class-loader boundary
            WeightMapCommand w = new WeightMapCommand();
            Ij.run(w, "", "w0=10 sigma=5 class_weights=balanced target=classes labels_as=auto", Synthetic.labels("iso-labels.tif", 80, 1, 20));
            require(w.lastImage() != null, "no weight map: " + Ui.lastError());
            for (int i = 0; i < 80 * 80; i++) {
                out.writeFloat(w.lastImage().getProcessor().getf(i));
            }
        }
        System.exit(0);
    }

    private static String jar(ClassLoader l, String name) {
        try {
            return l.loadClass(name).getProtectionDomain().getCodeSource().getLocation().getPath();
        } catch (ClassNotFoundException e) {
            return "";
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            System.err.println("isolation check: " + message);
            System.exit(1);
        }
    }
}
