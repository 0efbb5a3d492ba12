package org.unet4j.bioimageio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.unet4j.InvalidInputException;

/**
 * The YAML side of {@link ModelDescription}: Jackson's YAML mapper, reading a file into a tree for
 * {@link RdfReader} and writing the tree of {@link RdfWriter}. Strings that look like numbers
 * ({@code pytorch_version: "2.10"}), booleans or null are quoted so that YAML readers keep them
 * strings.
 */
final class RdfYaml {
    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private RdfYaml() {
    }

    /** Reads and parses {@code yaml}; messages name it as {@code where}. */
    static ModelDescription read(Path yaml, String where) {
        return new RdfReader(where).description(tree(yaml, where));
    }

    /** The YAML tree of {@code yaml}. */
    static JsonNode tree(Path yaml, String where) {
        try {
            JsonNode root = MAPPER.readTree(Files.readString(yaml));
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(where + ": not a bioimage.io description (the YAML is not a mapping"
                        + " of fields); check the file");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(where + ": no such file; check the path", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where + ": not valid YAML (" + firstLine(e.getOriginalMessage()) + "); fix or"
                    + " replace the description", e);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** {@code description} as YAML text. */
    static String write(ModelDescription description) {
        try {
            return MAPPER.writeValueAsString(RdfWriter.tree(description));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the model description: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "parse error";
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
