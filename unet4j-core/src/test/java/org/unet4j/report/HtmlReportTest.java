package org.unet4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.data.Image;
import org.unet4j.data.LabelImage;

class HtmlReportTest {
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>");
    private static final Pattern SRC = Pattern.compile("src=\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Test
    void aFullReportHasEverySectionAndOnlyEmbeddedPngs() throws Exception {
        String html = HtmlReport.render(SampleReports.cells(2, 64, 300));
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        for (String id : List.of("summary", "metrics", "curves", "examples", "config", "notes")) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(html).contains("<h2>Metrics</h2>", "<h2>Training curves</h2>", "<h2>Examples</h2>", "<h2>Configuration</h2>");
        assertThat(html).contains("test IoU", "cells-000", "cells-001", "mean", "network.depth", "optimizer.momentum", "0.99",
                "augment.elastic", "[3, 3, 10");
        // curves + colour bar + 2 examples x 6 pictures
        List<BufferedImage> pictures = embeddedPngs(html);
        assertThat(pictures).hasSize(1 + 1 + 2 * 6);
        assertThat(pictures.get(0).getWidth()).isEqualTo(Curves.WIDTH);
        assertThat(pictures.get(2).getWidth()).isEqualTo(64);
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "@import", "url(");
        assertBalanced(html, "section", "table", "tr", "figure", "article", "div", "ul", "header", "main", "nav");
        assertThat(html).contains("&lt;synthetic&gt;").doesNotContain("<synthetic>");
    }

    @Test
    void anEmptyReportStillRendersWithPlaceholders() throws Exception {
        String html = HtmlReport.render(new ReportData(null, null, null, null, null, null, null));
        assertThat(html).contains("<title>unet4j report</title>", "No evaluation", "No training log", "No example images",
                "No configuration");
        assertThat(embeddedPngs(html)).isEmpty();
        assertBalanced(html, "section", "table", "div", "main");
    }

    @Test
    void panelsShowOnlyWhatIsKnown() throws Exception {
        Image input = Image.gray(20, 30, new float[600]);
        LabelImage truth = new LabelImage(20, 30, new int[600]);
        truth.set(5, 5, 1);
        truth.set(0, 0, -1);
        ImagePanel onlyInput = new ImagePanel("a", input, null, null, null, null);
        ImagePanel truthAndProbability = new ImagePanel("b", input, truth, null, new float[600], null);
        String html = HtmlReport.render(new ReportData("t", null, null, null, List.of(onlyInput, truthAndProbability), null, null));
        // colour bar + 1 + (input, truth, probability, errors from the probability)
        assertThat(embeddedPngs(html)).hasSize(1 + 1 + 4);
        // one foreground pixel of 599 annotated ones is missed by an all-zero probability
        assertThat(html).contains("errors: 0.0% false positive, 0.2% false negative");
    }

    @Test
    void configFromJsonIsFlattenedWithDottedKeys() throws Exception {
        var json = new ObjectMapper().readTree("{\"net\":{\"depth\":3,\"sizes\":[1,2]},\"runs\":[{\"a\":1}],\"name\":\"x<y\"}");
        Map<String, String> flat = new LinkedHashMap<>();
        HtmlReport.flatten("", ReportData.configOf(json), flat);
        assertThat(flat).containsExactly(Map.entry("net.depth", "3"), Map.entry("net.sizes", "[1, 2]"), Map.entry("runs[0].a", "1"),
                Map.entry("name", "x<y"));
        String html = HtmlReport.render(new ReportData("t", null, ReportData.configOf(json), null, null, null, null));
        assertThat(html).contains("<th>net.depth</th><td>3</td>").contains("x&lt;y");
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path html = dir.resolve("run/report.html");
        HtmlReport.write(html, new ReportData("first", null, null, null, null, null, null));
        HtmlReport.write(html, new ReportData("second", Map.of("k", "v"), null, null, null, null, null));
        assertThat(Files.readString(html)).contains("<title>second</title>").endsWith("</html>\n");
        try (Stream<Path> files = Files.list(html.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.html");
        }
    }

    @Test
    void numbersAreShortAndReadable() {
        assertThat(HtmlReport.number(0.912345)).isEqualTo("0.9123");
        assertThat(HtmlReport.number(1200)).isEqualTo("1,200");
        assertThat(HtmlReport.number(12345.67)).isEqualTo("12,345.7");
        assertThat(HtmlReport.number(2.5e-5)).isEqualTo("2.5e-5");
        assertThat(HtmlReport.number(Double.NaN)).isEqualTo("NaN");
    }

    private static List<BufferedImage> embeddedPngs(String html) throws Exception {
        List<BufferedImage> out = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            Matcher src = SRC.matcher(m.group());
            assertThat(src.find()).as(m.group()).isTrue();
            String uri = src.group(1);
            assertThat(uri).startsWith("data:image/png;base64,");
            byte[] png = Base64.getDecoder().decode(uri.substring("data:image/png;base64,".length()));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img).isNotNull();
            out.add(img);
        }
        return out;
    }

    private static void assertBalanced(String html, String... tags) {
        for (String tag : tags) {
            int open = count(html, Pattern.compile("<" + tag + "[\\s>]"));
            int close = count(html, Pattern.compile("</" + tag + ">"));
            assertThat(close).as("</%s> for %d <%s>", tag, open, tag).isEqualTo(open);
        }
    }

    private static int count(String s, Pattern p) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
