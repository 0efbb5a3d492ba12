package org.unet4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.unet4j.InvalidInputException;

/** The one Jackson mapper of unet4j (indented output) and reading JSON files as input. */
public final class Json {
    /** Jackson mapper used for all of unet4j's JSON (indented output). */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Reads a JSON file; a missing or unparsable file is an input error naming it. */
    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not valid JSON (" + firstLine(e) + "); the file is damaged, restore it", e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
