package org.unet4j.fiji.bridge;

import java.nio.file.Path;

/**
 * What {@code unet4j Train} asks of the engine: the options of {@code unet train}.
 *
 * @param images an image stack or a folder of images (as {@code unet train --images})
 * @param labels the matching label stack or folder (as {@code --labels})
 * @param out the new run folder
 * @param minutes time budget, 0 = none
 * @param iterations optimisation steps
 * @param base channels of the first level
 * @param depth number of poolings
 * @param tile training tile side, 0 = the network's default
 * @param augment none, light, paper, strong or a factor
 * @param w0 border weight w0
 * @param sigma border weight sigma (pixels)
 * @param lr learning rate, NaN = the default
 * @param seed random seed
 * @param validateEvery iterations between validations (and the checkpoints), 0 = the default
 * @param resume a stopped run to start from (its last checkpoint), or null
 */
public record TrainRequest(Path images, Path labels, Path out, double minutes, int iterations, int base, int depth, int tile,
        String augment, double w0, double sigma, double lr, long seed, int validateEvery, Path resume) {
}
