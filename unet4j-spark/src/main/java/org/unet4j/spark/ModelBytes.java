package org.unet4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.unet4j.io.AtomicFiles;
import org.unet4j.model.ModelFiles;

/**
 * A unet4j model folder as bytes ({@code config.json} and {@code weights.pt}), read once on the
 * driver and broadcast to the executors, which never need the driver's file system for the model.
 */
public final class ModelBytes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] config;
    private final byte[] weights;
    private final String sha256;
    private final String name;

    private ModelBytes(byte[] config, byte[] weights, String name) {
        this.name = name;
        this.config = config;
        this.weights = weights;
        this.sha256 = sha256(config, weights);
    }

    /** The two files of the model folder {@code dir} (as {@link ModelFiles#readInfo} resolved it). */
    public static ModelBytes read(Path dir) {
        try {
            return new ModelBytes(Files.readAllBytes(dir.resolve(ModelFiles.CONFIG)), Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS)),
                    dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model folder " + dir, e);
        }
    }

    /** SHA-256 of both files: names the model in fingerprints and in the executors' cache. */
    public String sha256() {
        return sha256;
    }

    /** The model folder on the driver, as messages name the model. */
    public String name() {
        return name;
    }

    /** Size of both files in bytes. */
    public long size() {
        return (long) config.length + weights.length;
    }

    /**
     * Writes the model folder under {@code parent} (once: a folder named by the checksum that is
     * already there is used as it is); returns it.
     */
    Path materialize(Path parent) {
        Path dir = parent.resolve("unet4j-model-" + sha256.substring(0, 16));
        if (Files.isRegularFile(dir.resolve(ModelFiles.CONFIG)) && Files.isRegularFile(dir.resolve(ModelFiles.WEIGHTS))) {
            return dir;
        }
        AtomicFiles.writeDirectory(dir, temp -> {
            Files.write(temp.resolve(ModelFiles.WEIGHTS), weights);
            Files.write(temp.resolve(ModelFiles.CONFIG), config);
        });
        return dir;
    }

    private static String sha256(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a);
            md.update(b);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
