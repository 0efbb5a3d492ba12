package org.unet4j.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.unet4j.InvalidInputException;
import org.unet4j.io.DataSpec;
import org.unet4j.model.UNetConfig;

/**
 * A run's {@code config.json} as one typed record, written and read by {@link RunDirectory}:
 * the command, the data, the training configuration, the network and the time budget. Absent
 * values (null) are not written; {@code format} and {@code version} are {@link RunDirectory}'s.
 *
 * @param demo true for the folder of {@code unet demo} (which it may replace), else null
 * @param created when the run was created (ISO-8601), or null
 * @param command the command line (or API) that created the run
 * @param minutes the whole run's time budget in minutes (0 = none), or null
 * @param data where the data is and how it is read
 * @param training the training configuration
 * @param network the network
 * @param parent the model a fine-tuning run started from ({@code --init}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunConfig(Boolean demo, String created, String command, Double minutes, DataSpec data, TrainConfig training,
        UNetConfig network, Parent parent) {
    /** Checks the parts every run has. */
    public RunConfig {
        if (data == null || training == null || network == null) {
            throw new InvalidInputException("config.json lacks its data, training or network section; the file is damaged, restore it");
        }
    }

    /** The record of a run that starts from random weights. */
    public RunConfig(Boolean demo, String created, String command, Double minutes, DataSpec data, TrainConfig training,
            UNetConfig network) {
        this(demo, created, command, minutes, data, training, network, null);
    }

    /** The same run, fine-tuned from {@code p}. */
    public RunConfig withParent(Parent p) {
        return new RunConfig(demo, created, command, minutes, data, training, network, p);
    }

    /** The time budget in minutes, 0 when none is recorded. */
    public double budgetMinutes() {
        return minutes == null ? 0 : minutes;
    }

    /** With another training configuration and time budget (a resumed run given new --iterations or --minutes). */
    public RunConfig withTraining(TrainConfig t, double budget) {
        return new RunConfig(demo, created, command, budget, data, t, network, parent);
    }
}
