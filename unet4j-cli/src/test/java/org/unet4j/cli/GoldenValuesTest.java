package org.unet4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden values: {@code unet evaluate} on the fixtures of {@code src/test/resources/eval} must
 * print every number that the reference scorer printed for them ({@code expected/*.json}, made by
 * {@code make_goldens.py} with {@code score.py --detail}) to 1e-9: final values, per-threshold
 * tables, warping mismatch counts, per-image cell values. Python is not called.
 */
class GoldenValuesTest {
    private static final double TOLERANCE = 1e-9;
    /** Fields of the scorer that are not results: timing, and paths (compared by file name). */
    private static final Set<String> SKIPPED = Set.of("seconds");
    private static final Set<String> PATH_LISTS = Set.of("gt_files", "pred_files", "pairs");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @TempDir
    Path tmp;

    static Path dir() {
        try {
            return Path.of(GoldenValuesTest.class.getResource("/eval/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(dir().resolve("cases.json").toFile()).get("cases").forEach(c -> names.add(c.get("name").asText()));
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTheReferenceScorer(String name) throws Exception {
        JsonNode c = null;
        for (JsonNode x : JSON.readTree(dir().resolve("cases.json").toFile()).get("cases")) {
            if (x.get("name").asText().equals(name)) {
                c = x;
            }
        }
        List<String> args = new ArrayList<>(List.of("evaluate"));
        String previous = "";
        for (JsonNode a : c.get("args")) {
            String v = a.asText();
            args.add(previous.equals("--gt") || previous.equals("--pred") ? dir().resolve(v).toString() : v);
            previous = v;
        }
        Path out = tmp.resolve(name + ".json");
        args.add("--json");
        args.add(out.toString());
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = Main.commandLine(new PrintWriter(so), new PrintWriter(se)).execute(args.toArray(new String[0]));
        assertThat(code).as("exit code; stderr: %s", se).isZero();
        JsonNode expected = JSON.readTree(dir().resolve(c.get("expected").asText()).toFile());
        JsonNode actual = JSON.readTree(out.toFile());
        compare(expected, actual, name);
    }

    @Test
    void theComparisonSeesADifferenceInTheLastDigits() throws Exception {
        JsonNode expected = JSON.readTree(dir().resolve("expected/em_a.json").toFile());
        JsonNode changed = expected.deepCopy();
        ObjectNode rand = (ObjectNode) changed.get("isbi2012").get("rand_error").get("per_threshold").get(3);
        rand.put("f_score", rand.get("f_score").asDouble() + 2e-9);
        compare(expected, expected, "same");
        assertThatThrownBy(() -> compare(expected, changed, "changed"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("per_threshold[3].f_score");
    }

    /** Every field of {@code expected} must be in {@code actual} with the same value (numbers to 1e-9). */
    static void compare(JsonNode expected, JsonNode actual, String path) {
        if (actual == null) {
            fail(path + ": missing, expected " + expected);
        }
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object").isTrue();
            for (Iterator<String> it = expected.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (SKIPPED.contains(key)) {
                    continue;
                }
                JsonNode e = expected.get(key);
                JsonNode a = actual.get(key);
                if (key.equals("warnings")) {
                    // ours may add warnings (e.g. pairing by position); the scorer's must all be there
                    List<String> ours = new ArrayList<>();
                    a.forEach(x -> ours.add(x.asText()));
                    e.forEach(x -> assertThat(ours).as(path + ".warnings").contains(x.asText()));
                } else if (PATH_LISTS.contains(key)) {
                    assertThat(fileNames(a)).as(path + "." + key).isEqualTo(fileNames(e));
                } else if (key.equals("ap") && e.isArray()) {
                    // the scorer's list of thresholds; ours: the first as an object, all under by_threshold
                    compare(e.get(0), a, path + ".ap[0]");
                    if (e.size() > 1) {
                        compare(e, a.get("by_threshold"), path + ".ap.by_threshold");
                    }
                } else {
                    compare(e, a, path + "." + key);
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(path + " is an array").isTrue();
            assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else if (expected.isNumber()) {
            double e = expected.asDouble();
            if (Double.isNaN(e)) {
                assertThat(actual.isNull()).as(path + ": NaN is written as null, got " + actual).isTrue();
            } else {
                assertThat(actual.isNumber()).as(path + " is a number, got " + actual).isTrue();
                assertThat(Math.abs(actual.asDouble() - e)).as(path + ": " + actual + " vs " + expected).isLessThanOrEqualTo(TOLERANCE);
            }
        } else if (expected.isNull()) {
            assertThat(actual.isNull()).as(path + " is null, got " + actual).isTrue();
        } else {
            assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
        }
    }

    private static List<String> fileNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(x -> {
            if (x.isArray()) {
                x.forEach(y -> out.add(Path.of(y.asText()).getFileName().toString()));
            } else {
                out.add(Path.of(x.asText()).getFileName().toString());
            }
        });
        return out;
    }
}
