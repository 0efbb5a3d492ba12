package org.unet4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary of settings: each reads as words, an option of the command line and (where there
 * is one) a key of the Fiji plugin; and no command-line option is written into a message of the
 * library outside it.
 */
class SettingTest {
    /**
     * The string literals of the library that name options on purpose: shell commands a user
     * copies, and the command line a demo records (file name, a part of the literal).
     */
    private static final Map<String, List<String>> SHELL_COMMANDS = Map.of(
            "ExportReadme.java", List.of("`unet predict --instances`", "`unet predict --model THIS.zip"),
            "TrainingRun.java", List.of("(continue with: unet train --resume "),
            "Demo.java", List.of("unet demo --style ", " --minutes ", " --seed "),
            "AtomicFiles.java", List.of("rw-r--r--"));
    private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern OPTION = Pattern.compile("--[a-z0-9]");

    @Test
    void aSettingWithAValueReadsRightInEachNaming() {
        Phrase auto = Setting.TILE.is("auto");
        assertThat(auto.in(Naming.LIBRARY)).isEqualTo("tile auto");
        assertThat(auto.in(Naming.CLI)).isEqualTo("--tile auto");
        assertThat(auto.in(Naming.MACRO)).isEqualTo("tile=auto");
        Phrase instances = Setting.LABELS_AS.is("instances");
        assertThat(Naming.LIBRARY.format("use %s", instances)).isEqualTo("use label mode instances");
        assertThat(Naming.CLI.format("use %s", instances)).isEqualTo("use --labels-as instances");
        assertThat(Naming.MACRO.format("use %s", instances)).isEqualTo("use labels_as=instances");
        // without a macro key a macro reads the library's words
        assertThat(Setting.BATCH.is(4).in(Naming.MACRO)).isEqualTo("batch 4");
        assertThat(Setting.BATCH.in(Naming.MACRO)).isEqualTo("batch");
        assertThat(Setting.SEED_THRESHOLD.in(Naming.MACRO)).isEqualTo("seed_threshold=");
        assertThat(Setting.LR.toString()).isEqualTo("learning rate");
    }

    @Test
    void phrasesForOneNamingOnly() {
        Phrase resume = Phrase.format("with %s", Setting.RESUME.is("run1")).inLibrary("by resuming it");
        assertThat(resume.in(Naming.LIBRARY)).isEqualTo("by resuming it");
        assertThat(resume.in(Naming.CLI)).isEqualTo("with --resume run1");
        assertThat(resume.in(Naming.MACRO)).isEqualTo("with resume=run1");
        Phrase command = Phrase.format("'unet train %s'", Setting.RESUME.is("run1")).cliOnly("resuming it");
        assertThat(command.in(Naming.MACRO)).isEqualTo("resuming it");
        assertThat(command.in(Naming.CLI)).isEqualTo("'unet train --resume run1'");
        assertThat(Phrase.join(", ", List.of(Setting.CLIP_GRAD.is(1), Setting.WARMUP.is(500))).in(Naming.LIBRARY))
                .isEqualTo("gradient-norm limit 1, warm-up 500");
    }

    @Test
    void everySettingIsAnOptionOfTheCommandLineAndItsKeyOneOfThePlugin() throws IOException {
        String cli = sources(root().resolve("unet4j-cli/src/main/java"));
        String fiji = sources(root().resolve("unet4j-fiji/src/main/java"));
        for (Setting s : Setting.values()) {
            assertThat(s.label()).as(s.name()).isNotBlank().doesNotContain("--").doesNotContain("_");
            assertThat(s.flag()).as(s.name()).startsWith("--");
            List<String> flags = s == Setting.RELABEL ? List.of("--relabel-pred", "--relabel-gt") : List.of(s.flag());
            for (String f : flags) {
                assertThat(cli).as("the command line's option " + f).contains("\"" + f + "\"");
            }
            if (s.macroKey() != null) {
                assertThat(fiji).as("the plugin's key " + s.macroKey()).contains("\"" + s.macroKey() + "\"");
            }
        }
    }

    /** A message that names an option must name a {@link Setting}, so that a library caller reads the library's words. */
    @Test
    void noMessageOfTheLibraryWritesAnOptionOfTheCommandLine() throws IOException {
        List<String> found = new ArrayList<>();
        Path main = root().resolve("unet4j-core/src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals("Setting.java")) {
                    continue; // the vocabulary itself
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        String literal = m.group();
                        if (OPTION.matcher(literal).find() && SHELL_COMMANDS.getOrDefault(name, List.of()).stream().noneMatch(literal::contains)) {
                            found.add(main.relativize(f) + ":" + (i + 1) + ": " + literal);
                        }
                    }
                }
            }
        }
        assertThat(found).as("option names in the library's messages: name a Setting instead (or allow a shell command here)")
                .isEmpty();
    }

    private static String sources(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sb.append(Files.readString(f)).append('\n');
            }
        }
        return sb.toString();
    }

    private static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("unet4j-core/src/main/java"))) {
            root = root.getParent();
        }
        assertThat(root).as("the project above " + Path.of("").toAbsolutePath()).isNotNull();
        return root;
    }
}
