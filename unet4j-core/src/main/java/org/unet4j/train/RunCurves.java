package org.unet4j.train;

import java.util.List;
import java.util.Locale;
import org.unet4j.model.RunLayout;
import org.unet4j.report.CurvePoint;
import org.unet4j.report.Curves;
import org.unet4j.report.TrainLog;

/** The learning curves of a run folder ({@code curves.png} drawn from {@code train.csv}) and the duration text of its log lines. */
public final class RunCurves {
    private RunCurves() {
    }

    /** Redraws {@code curves.png} from {@code train.csv}; returns the points read. */
    public static List<CurvePoint> writeCurves(RunDirectory run) {
        List<CurvePoint> curve = TrainLog.read(run.dir().resolve(RunLayout.CSV));
        if (!curve.isEmpty()) {
            Curves.write(run.dir().resolve(RunLayout.CURVES), curve);
        }
        return curve;
    }

    /** {@code 75} -> {@code "1 min 15 s"}, {@code 42} -> {@code "42 s"}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
