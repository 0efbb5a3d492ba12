package org.unet4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.unet4j.InvalidInputException;
import org.unet4j.data.Image;
import org.unet4j.data.Normalization;
import org.unet4j.data.Normalization.Method;

class PreprocessingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Normalization read(String json) throws Exception {
        return Preprocessing.normalization(JSON.readTree(json));
    }

    @Test
    void theRecordedNormalisationIsUsed() throws Exception {
        assertThat(read("{}")).isEqualTo(Normalization.DEFAULT);
        assertThat(read("{\"normalization\": \"minmax\"}").method()).isEqualTo(Method.MINMAX);
        assertThat(read("{\"preprocessing\": {\"normalization\": \"Z-Score\"}}").method()).isEqualTo(Method.ZSCORE);
        assertThat(read("{\"preprocessing\": {\"normalization\": {\"method\": \"PERCENTILE\", \"low\": 2, \"high\": 98}}}"))
                .isEqualTo(new Normalization(Method.PERCENTILE, 2, 98));
        assertThatThrownBy(() -> read("{\"normalization\": \"histogram\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"histogram\"");
    }

    @Test
    void imagesAreNormalisedPerChannel() throws Exception {
        JsonNode meta = JSON.readTree("{\"normalization\": \"minmax\"}");
        Image out = Preprocessing.normalise(new Image(2, 1, 2, new float[] {10, 20, 5, 5}), meta);
        assertThat(out.pixels()).containsExactly(0f, 1f, 0f, 0f);
    }
}
