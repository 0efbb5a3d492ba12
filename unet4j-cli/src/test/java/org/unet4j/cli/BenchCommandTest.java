package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.io.Json;

class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    @Test
    void profileModePrintsATableAndOneJsonLineWithARowPerLayer() throws Exception {
        int code = run("bench", "--mode", "profile", "--device", "cpu", "--depth", "2", "--base", "4", "--tile", "44",
                "--iterations", "1", "--warmup", "0", "--threads", "1");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).contains("profile of a training step: base 4 depth 2 tile 44 batch 1, 1 threads, cpu, nchw, fp32")
                .contains("per group:").contains("whole step");
        String line = text.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        JsonNode json = Json.MAPPER.readTree(line);
        assertThat(json.get("mode").asText()).isEqualTo("profile");
        List<String> names = new ArrayList<>();
        json.get("rows").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).startsWith("copies", "zero_grad", "down0.conv1").contains("bottom.dropout", "up1.concat", "head")
                .endsWith("loss", "optimizer", "item", "release").hasSize(24);
        assertThat(json.get("step_s").asDouble()).isPositive();
        assertThat(json.get("rows").get(2).get("bwd_s").asDouble()).isPositive();
    }

    @Test
    void profileModeWantsTheCpu() {
        int code = run("bench", "--mode", "profile", "--device", "gpu", "--depth", "2", "--base", "4", "--tile", "44");
        assertThat(code).isNotZero();
    }
}
