package org.unet4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.ArchiveWriter;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.unet4j.InvalidInputException;
import org.unet4j.io.AtomicFiles;
import org.unet4j.io.Json;

/**
 * Model directories: {@code config.json} (format, the network's {@link UNetConfig}, a checksum of
 * the weights, and free metadata such as the normalisation the model was trained with) plus
 * {@code weights.pt} (libtorch's serialisation of the parameters and buffers).
 *
 * <p>A run directory written by {@code unet train} is accepted wherever a model directory is: its
 * {@code config.json} says {@code "format": "unet4j-run"} and the model is taken from
 * {@code checkpoints/best}, else {@code checkpoints/last}.
 */
public final class ModelFiles {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "weights.pt";
    public static final String MODEL_FORMAT = "unet4j-model";
    public static final String RUN_FORMAT = "unet4j-run";
    public static final int VERSION = 1;

    /** What a model directory holds, before its weights are loaded. */
    public record ModelInfo(Path dir, UNetConfig config, ObjectNode metadata) {
    }

    private ModelFiles() {
    }

    /**
     * Writes {@code net} to {@code dir} (replaced as a whole; never left half-written).
     *
     * @param metadata extra fields for config.json (e.g. "normalization"), may be empty
     */
    public static void save(UNet net, Path dir, ObjectNode metadata) {
        save(net, dir, metadata, extra -> {
        });
    }

    /** {@link #save(UNet, Path, ObjectNode)} with {@code extraFiles} writing more files into the (temporary) folder. */
    public static void save(UNet net, Path dir, ObjectNode metadata, AtomicFiles.Writer extraFiles) {
        AtomicFiles.writeDirectory(dir, tmp -> {
            Path weights = tmp.resolve(WEIGHTS);
            try (PointerScope scope = new PointerScope()) {
                OutputArchive archive = new OutputArchive();
                net.module().save(archive);
                saveArchive(archive, weights);
            }
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("format", MODEL_FORMAT);
            root.put("version", VERSION);
            root.set("network", Json.MAPPER.valueToTree(net.config()));
            ObjectNode w = root.putObject("weights");
            w.put("file", WEIGHTS);
            w.put("bytes", Files.size(weights));
            w.put("sha256", sha256(weights));
            w.put("parameters", net.config().parameterCount());
            if (metadata != null) {
                metadata.fields().forEachRemaining(e -> {
                    if (!root.has(e.getKey())) {
                        root.set(e.getKey(), e.getValue());
                    }
                });
            }
            Files.writeString(tmp.resolve(CONFIG), Json.MAPPER.writeValueAsString(root));
            extraFiles.write(tmp);
        });
    }

    /**
     * Writes a libtorch archive to {@code file} through Java's file I/O. libtorch's own file writer
     * aborts the whole process when a write fails (a full disk: "c10::Error ... unexpected pos",
     * thrown from a destructor); here the bytes come back to Java, which keeps the first failure,
     * tells libtorch that all went well, and throws it once the archive is done.
     *
     * @throws java.io.UncheckedIOException ({@link org.unet4j.io.OutputException} for a full or
     *     read-only disk) if the file cannot be written; the caller deletes it
     */
    public static void saveArchive(OutputArchive archive, Path file) {
        IOException[] failure = new IOException[1];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); PointerScope scope = new PointerScope()) {
            ArchiveWriter writer = new ArchiveWriter() {
                @Override
                public long call(Pointer data, long n) {
                    if (failure[0] == null && n > 0) {
                        try {
                            ByteBuffer bytes = new BytePointer(data).capacity(n).limit(n).asByteBuffer();
                            while (bytes.hasRemaining()) {
                                channel.write(bytes);
                            }
                        } catch (IOException e) {
                            failure[0] = e;
                        } catch (RuntimeException e) {
                            failure[0] = new IOException(e.toString(), e);
                        }
                    }
                    return n; // never short: libtorch would throw from its writer's destructor and abort
                }
            };
            archive.save_to(writer);
        } catch (IOException e) {
            failure[0] = failure[0] == null ? e : failure[0];
        }
        if (failure[0] != null) {
            throw AtomicFiles.failure(file, failure[0]);
        }
    }

    /**
     * Reads and checks {@code config.json} of a model directory, or of the best (else last)
     * checkpoint of a run directory.
     *
     * @throws InvalidInputException naming the folder and the fix if it is missing, foreign, or corrupt
     */
    public static ModelInfo readInfo(Path dirOrRun) {
        Path dir = resolve(dirOrRun);
        JsonNode root = Json.read(dir.resolve(CONFIG));
        String format = root.path("format").asText("");
        if (!MODEL_FORMAT.equals(format)) {
            throw new InvalidInputException(dir + ": " + CONFIG + " is not a unet4j model (format '" + format
                    + "'); pass a folder written by 'unet train' or a model folder");
        }
        if (root.path("version").asInt(-1) > VERSION) {
            throw new InvalidInputException(dir + ": model format version " + root.path("version").asInt()
                    + " is newer than this unet4j understands (" + VERSION + "); update unet4j");
        }
        UNetConfig config;
        try {
            config = Json.MAPPER.treeToValue(root.get("network"), UNetConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(dir.resolve(CONFIG) + ": the \"network\" section is missing or invalid ("
                    + firstLine(e) + "); the file is damaged, re-train or restore it", e);
        }
        if (config == null) {
            throw new InvalidInputException(dir.resolve(CONFIG) + ": no \"network\" section; the file is damaged, re-train or restore it");
        }
        return new ModelInfo(dir, config, (ObjectNode) root);
    }

    /** The model folder behind {@code dirOrRun}: itself, or a run's best/last checkpoint. */
    public static Path resolve(Path dirOrRun) {
        if (!Files.isDirectory(dirOrRun)) {
            throw new InvalidInputException("model " + dirOrRun + ": no such folder; pass the run folder of 'unet train' or a model folder");
        }
        Path config = dirOrRun.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new InvalidInputException("model " + dirOrRun + ": not a unet4j model folder (no " + CONFIG
                    + "); pass the run folder of 'unet train' or a model folder");
        }
        JsonNode root = Json.read(config);
        if (RUN_FORMAT.equals(root.path("format").asText())) {
            for (RunLayout.Checkpoint name : RunLayout.MODEL_ORDER) {
                Path c = RunLayout.checkpoint(dirOrRun, name);
                if (Files.isRegularFile(c.resolve(CONFIG))) {
                    return c;
                }
                Path previous = AtomicFiles.previousVersion(c);
                if (Files.isRegularFile(previous.resolve(CONFIG))) {
                    return previous;
                }
            }
            throw new InvalidInputException("model " + dirOrRun + ": this training run has no checkpoint yet"
                    + " (checkpoints/best and checkpoints/last are missing); train longer or resume it");
        }
        return dirOrRun;
    }

    /** Loads a model (a model folder or a run folder) onto the CPU. */
    public static UNet load(Path dirOrRun) {
        return load(readInfo(dirOrRun));
    }

    /**
     * Creates the network of {@code info} and loads its weights, after checking the file's checksum,
     * and checks every parameter's shape against the configuration.
     */
    public static UNet load(ModelInfo info) {
        Path weights = info.dir().resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new InvalidInputException(info.dir() + ": " + WEIGHTS + " is missing; the model folder is incomplete, re-train or restore it");
        }
        String expected = info.metadata().path("weights").path("sha256").asText("");
        String actual = sha256(weights);
        if (!expected.isEmpty() && !expected.equalsIgnoreCase(actual)) {
            throw new InvalidInputException(weights + ": checksum mismatch (the file is truncated or corrupt); restore it, or use"
                    + " checkpoints/last of the run");
        }
        UNet net = UNet.create(info.config());
        try (PointerScope scope = new PointerScope()) {
            Map<String, long[]> shapes = shapes(net);
            InputArchive archive = new InputArchive();
            archive.load_from(weights.toString());
            net.module().load(archive);
            Map<String, long[]> loaded = shapes(net);
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                if (!Arrays.equals(e.getValue(), loaded.get(e.getKey()))) {
                    throw new InvalidInputException(weights + ": parameter " + e.getKey() + " has shape "
                            + Arrays.toString(loaded.get(e.getKey())) + " but the network in " + CONFIG + " needs "
                            + Arrays.toString(e.getValue()) + "; config.json and weights.pt do not belong together");
                }
            }
        } catch (RuntimeException e) {
            net.close();
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(weights + ": cannot be loaded into the network described by " + CONFIG + " ("
                    + firstLine(e) + "); the files do not belong together or are damaged", e);
        }
        return net;
    }

    private static Map<String, long[]> shapes(UNet net) {
        Map<String, long[]> out = new HashMap<>();
        StringTensorDict params = net.module().named_parameters(true);
        for (long i = 0; i < params.size(); i++) {
            Tensor t = params.get(i).value();
            out.put(params.get(i).key().getString(), Tensors.shape(t));
        }
        StringTensorDict buffers = net.module().named_buffers(true);
        for (long i = 0; i < buffers.size(); i++) {
            out.put(buffers.get(i).key().getString(), Tensors.shape(buffers.get(i).value()));
        }
        return out;
    }

    /** SHA-256 of a file as lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
