package org.unet4j.bioimageio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.unet4j.InvalidInputException;

/**
 * A file named by a bioimage.io description ({@code source} + {@code sha256}: test tensors,
 * weights; covers and documentation are plain paths): a path relative to the description, or an
 * http(s) URL.
 *
 * @param source the relative path (with {@code /}) or URL
 * @param sha256 the SHA-256 of the file as 64 lower-case hex digits, or null when not given
 */
public record FileRef(String source, String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /** @throws IllegalArgumentException if the source is blank or the sha256 is not 64 hex digits */
    public FileRef {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a file entry needs a source");
        }
        if (sha256 != null && !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "' of " + source + " is not 64 hex digits");
        }
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
    }

    /** The file {@code relative} in {@code root}, with its SHA-256 computed now. */
    public static FileRef of(Path root, String relative) {
        return new FileRef(relative, sha256(root.resolve(relative)));
    }

    /** Whether the source is an http(s) URL rather than a file in the package. */
    public boolean isUrl() {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /**
     * The SHA-256 of a file as 64 lower-case hex digits.
     *
     * @throws InvalidInputException if the file does not exist or cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file; check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
