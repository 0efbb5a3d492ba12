#!/usr/bin/env python3
"""Independent golden values for `unet evaluate --metric cells` (issue 19): AP_t = TP/(TP+FP+FN)
at IoU t = 0.5..0.95 with StarDist's assignment (scipy linear_sum_assignment), pooled as
StarDist's matching_dataset (TP/FP/FN summed over images), their mean, panoptic quality (matches
at IoU > 0.5) and touching ground-truth pairs merged by the prediction.
Usage: cell_metrics.py PRED_DIR GT_DIR   (label TIFFs paired by file name)"""
import os, sys
import numpy as np
import tifffile
from scipy.optimize import linear_sum_assignment

TH = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]

def iou_matrix(gt, pred):
    g_ids = np.unique(gt[gt > 0]); p_ids = np.unique(pred[pred > 0])
    gi = np.searchsorted(g_ids, gt); pi = np.searchsorted(p_ids, pred)
    inter = np.zeros((len(g_ids), len(p_ids)))
    m = (gt > 0) & (pred > 0)
    np.add.at(inter, (gi[m], pi[m]), 1)
    gs = np.array([(gt == i).sum() for i in g_ids]); ps = np.array([(pred == i).sum() for i in p_ids])
    union = gs[:, None] + ps[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0), inter, gs, g_ids

def tp_at(iou, t):
    if iou.size == 0: return 0
    n = min(iou.shape)
    cost = -(iou >= t).astype(float) - iou / (2 * n)
    r, c = linear_sum_assignment(cost)
    return int((iou[r, c] >= t).sum())

def merges(gt, inter, gs, g_ids):
    pairs = set()
    for a, b in ((gt[:, :-1], gt[:, 1:]), (gt[:-1, :], gt[1:, :])):
        m = (a > 0) & (b > 0) & (a != b)
        for x, y in zip(a[m], b[m]): pairs.add((min(x, y), max(x, y)))
    idx = {v: k for k, v in enumerate(g_ids)}
    maj = {}
    for k in range(len(g_ids)):
        j = np.nonzero(2 * inter[k] > gs[k])[0]
        maj[k] = int(j[0]) if len(j) else -1
    merged = sum(1 for x, y in pairs if maj[idx[x]] >= 0 and maj[idx[x]] == maj[idx[y]])
    return len(pairs), merged

def main(pred_dir, gt_dir):
    tot = {t: [0, 0, 0] for t in TH}; pq_tp = pq_fp = pq_fn = 0; pq_sum = 0.0; touch = merged = 0
    for name in sorted(os.listdir(gt_dir)):
        gt = tifffile.imread(os.path.join(gt_dir, name)).astype(np.int64)
        pred = tifffile.imread(os.path.join(pred_dir, name)).astype(np.int64)
        iou, inter, gs, g_ids = iou_matrix(gt, pred)
        ng, np_ = iou.shape
        for t in TH:
            tp = tp_at(iou, t); tot[t][0] += tp; tot[t][1] += np_ - tp; tot[t][2] += ng - tp
        m = iou > 0.5
        pq_tp += int(m.sum()); pq_fp += np_ - int(m.sum()); pq_fn += ng - int(m.sum()); pq_sum += iou[m].sum()
        a, b = merges(gt, inter, gs, g_ids); touch += a; merged += b
    aps = []
    for t in TH:
        tp, fp, fn = tot[t]; ap = tp / (tp + fp + fn); aps.append(ap)
        print(f"ap@{t:g} = {ap:.6f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"mean_ap = {np.mean(aps):.6f}")
    print(f"pq = {pq_sum / (pq_tp + 0.5 * pq_fp + 0.5 * pq_fn):.6f}  (tp {pq_tp}, fp {pq_fp}, fn {pq_fn})")
    print(f"touching ground-truth pairs: {touch}, merged by the prediction: {merged}")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
