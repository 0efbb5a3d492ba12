package org.unet4j.eval;

import java.util.Locale;

/** The cell/instance metrics, with the names of {@code unet evaluate} and {@code train.csv} ({@link #key()}); all higher-is-better. */
public enum CellMetric {
    /** Foreground intersection over union, pooled over the images. */
    IOU,
    /** Foreground Dice coefficient, pooled over the images. */
    DICE,
    /** The Cell Tracking Challenge's SEG: mean IoU of every ground-truth object with its match (IoU &gt; 0.5), 0 unmatched. */
    SEG,
    /** Average precision TP / (TP + FP + FN) of objects matched at an IoU threshold ({@link CellScore}). */
    AP,
    /** Mean of the pooled AP over the IoU thresholds (0.5, 0.55, ..., 0.95 by default): the Data Science Bowl's score. */
    MEAN_AP,
    /** Panoptic quality: Σ IoU of the pairs matched at IoU &gt; 0.5 / (TP + FP/2 + FN/2). */
    PQ;

    /** {@code iou}, {@code dice}, {@code seg}, {@code ap}, {@code mean_ap}, {@code pq}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the metric is computed at an IoU threshold (AP). */
    public boolean hasThreshold() {
        return this == AP;
    }

    /** The metric named {@code key} ({@link #key()}), or null. */
    public static CellMetric fromKey(String key) {
        for (CellMetric m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }

    /** The pooled value in {@code r} (AP: at its first threshold). */
    public double value(CellResult r) {
        return switch (this) {
            case IOU -> r.iou().value();
            case DICE -> r.dice().value();
            case SEG -> r.seg().value();
            case AP -> r.firstAp().value();
            case MEAN_AP -> r.meanAp();
            case PQ -> r.pq().value();
        };
    }

    /** The mean of the per-image values in {@code r} (AP: at its first threshold). */
    public double meanPerImage(CellResult r) {
        return switch (this) {
            case IOU -> r.iou().meanPerImage();
            case DICE -> r.dice().meanPerImage();
            case SEG -> r.seg().meanPerImage();
            case AP -> r.firstAp().meanPerImage();
            case MEAN_AP -> r.meanApPerImage();
            case PQ -> r.pq().meanPerImage();
        };
    }

    /** The value of image {@code i} in {@code r} (AP: at its first threshold). */
    public double perImage(CellResult r, int i) {
        return switch (this) {
            case IOU -> r.iou().perImage()[i];
            case DICE -> r.dice().perImage()[i];
            case SEG -> r.seg().perImage().get(i).seg();
            case AP -> r.firstAp().perImage().get(i).ap();
            case MEAN_AP -> r.meanAp(i);
            case PQ -> r.pq().perImage().get(i).pq();
        };
    }
}
