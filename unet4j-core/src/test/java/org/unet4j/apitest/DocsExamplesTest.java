package org.unet4j.apitest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every Java block of docs/API.md is a part of {@link ApiExamples} (compiled), whitespace aside. */
class DocsExamplesTest {
    @Test
    void everyJavaBlockOfTheApiDocumentIsCompiledCode() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("docs/API.md"))) {
            root = root.getParent();
        }
        assertThat(root).as("docs/API.md above " + Path.of("").toAbsolutePath()).isNotNull();
        String doc = Files.readString(root.resolve("docs/API.md"));
        String code = squash(Files.readString(root.resolve("unet4j-core/src/test/java/org/unet4j/apitest/ApiExamples.java")));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
        for (String b : blocks) {
            assertThat(code).as("docs/API.md block:\n" + b).contains(squash(b));
        }
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
