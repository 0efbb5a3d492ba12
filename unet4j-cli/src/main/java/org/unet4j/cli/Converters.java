package org.unet4j.cli;

import org.unet4j.InvalidInputException;
import org.unet4j.Naming;
import org.unet4j.augment.AugmentParams;
import org.unet4j.infer.PredictOptions;
import org.unet4j.infer.TileSizes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli type converters for the options with their own syntax, so that a bad value is refused
 * while the command line is parsed (exit 2, one line), with the same wording as the library's
 * check (its message in the command line's naming). {@link Main} shows a {@link Refused} message as
 * it is, without picocli's prefix.
 */
final class Converters {
    private Converters() {
    }

    /** A value refused by one of these converters; its message is the whole explanation. */
    static final class Refused extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** {@code --tile auto|N}: {@link PredictOptions#AUTO_TILE} for auto, else the size (checked against the model later). */
    static final class Tile implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim();
            if (v.equalsIgnoreCase("auto")) {
                return PredictOptions.AUTO_TILE;
            }
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new Refused("--tile '" + value + "' is not valid; use auto or a tile size such as 572");
        }
    }

    /** {@code --memory SIZE}: bytes, from 2g, 1500m, 512m, ... */
    static final class Memory implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return TileSizes.parseBytes(value);
            } catch (InvalidInputException e) {
                throw new Refused(e.message(Naming.CLI));
            }
        }
    }

    /** {@code --augment none|light|paper|strong|FACTOR}. */
    static final class Augment implements ITypeConverter<AugmentParams> {
        @Override
        public AugmentParams convert(String value) {
            try {
                return AugmentParams.parse(value);
            } catch (InvalidInputException e) {
                throw new Refused(e.message(Naming.CLI));
            }
        }
    }

    /** {@code --thresholds challenge|LIST|min:max:step}. */
    static final class Thresholds implements ITypeConverter<EvaluateCommand.Thresholds> {
        @Override
        public EvaluateCommand.Thresholds convert(String value) {
            return EvaluateCommand.Thresholds.parse(value, "--thresholds");
        }
    }

    /** {@code --warping-thresholds challenge|LIST|min:max:step}. */
    static final class WarpingThresholds implements ITypeConverter<EvaluateCommand.Thresholds> {
        @Override
        public EvaluateCommand.Thresholds convert(String value) {
            return EvaluateCommand.Thresholds.parse(value, "--warping-thresholds");
        }
    }
}
