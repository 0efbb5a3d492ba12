package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders cleanly: picocli formats descriptions with String.format, so a lone '%' breaks them. */
class HelpTest {
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream tracer = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
            CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            assertThat(root.getSubcommands()).isNotEmpty();
            for (String name : root.getSubcommands().keySet()) {
                StringWriter out = new StringWriter();
                int code = Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter())).execute(name, "--help");
                assertThat(code).as(name).isZero();
                assertThat(out.toString()).as(name).contains("Usage: unet " + name).doesNotContain("%n");
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(tracer.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }
}
