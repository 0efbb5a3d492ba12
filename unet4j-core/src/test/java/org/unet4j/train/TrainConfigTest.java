package org.unet4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.unet4j.augment.AugmentParams;
import org.unet4j.io.Json;
import org.unet4j.loss.WeightMapParams;
import org.unet4j.model.UNetConfig;

class TrainConfigTest {
    @Test
    void readsBackFromConfigJsonUnchangedForEveryAugmentationPreset() throws Exception {
        for (String augment : new String[] {"none", "light", "paper", "strong", "0.5"}) {
            TrainConfig c = new TrainConfig(UNetConfig.paper().withDepth(2).withBaseChannels(8), 60, 2, 300,
                    new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.0005, 0.9, 1e-4), new Schedule(Schedule.Kind.COSINE, 10, 0.1),
                    WeightMapParams.paper(), TrainConfig.ClassWeightScope.DATASET, AugmentParams.parse(augment), 7, 100, 50,
                    TrainConfig.BestMetric.RAND_ERROR, 3, 0, TrainConfig.StallAction.STOP);
            JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(c));
            assertThat(json.path("augmentation").has("none")).isFalse();
            assertThat(Json.MAPPER.treeToValue(json, TrainConfig.class)).as(augment).isEqualTo(c);
        }
    }
}
