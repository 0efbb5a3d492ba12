#!/usr/bin/env python3
"""Regenerates the evaluation golden fixtures: small images and the JSON that the reference
scorer ../shared/eval/score.py printed for them.

Run from anywhere (needs /work/shared/eval, i.e. ../shared/eval beside the repository, and
Debian's python3-numpy, python3-scipy, python3-tifffile, python3-pil):

    /usr/bin/python3 unet4j-cli/src/test/resources/eval/make_goldens.py

Every image is built from a fixed seed. For each case of CASES the scorer is run with the
arguments listed there (paths relative to this folder) and --detail; its JSON goes to
expected/<case>.json and the case list to cases.json. The Java test GoldenValuesTest runs
`unet evaluate` with the same arguments and compares every number (to 1e-9); it never calls
Python. Rerunning rewrites the same images and JSON except the scorer's "seconds" field.
"""
import json
import os
import subprocess
import sys

import numpy as np
import tifffile
from PIL import Image
from scipy import ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", ".."))
# ../shared beside the repository (main checkout) or beside its worktree folder
SCORER = next((p for p in (os.path.join(ROOT, "..", "shared", "eval", "score.py"),
                           os.path.join(ROOT, "..", "..", "shared", "eval", "score.py"))
               if os.path.exists(p)), "/work/shared/eval/score.py")


# ------------------------------------------------------------------ EM images
def voronoi_gt(rng, h, w, n_seeds):
    """Voronoi cells with 1-pixel membranes: 0 = membrane, 255 = interior (uint8)."""
    sy = rng.uniform(0, h, n_seeds)
    sx = rng.uniform(0, w, n_seeds)
    yy, xx = np.mgrid[0:h, 0:w]
    d = (yy[..., None] - sy) ** 2 + (xx[..., None] - sx) ** 2
    lab = np.argmin(d, axis=-1)
    mem = np.zeros((h, w), bool)
    mem[:, :-1] |= lab[:, :-1] != lab[:, 1:]
    mem[:-1, :] |= lab[:-1, :] != lab[1:, :]
    return np.where(mem, 0, 255).astype(np.uint8)


def add_errors(rng, gt, n_splits, n_merges):
    """A copy of the interior mask with extra membrane lines (splits) and removed membrane
    pieces (merges)."""
    m = gt > 0
    h, w = m.shape
    for _ in range(n_splits):
        y0, x0 = rng.integers(0, h), rng.integers(0, w)
        ang = rng.uniform(0, np.pi)
        length = rng.integers(h // 6, h // 2)
        for t in range(length):
            y = int(round(y0 + t * np.sin(ang)))
            x = int(round(x0 + t * np.cos(ang)))
            if 0 <= y < h and 0 <= x < w:
                m[y, x] = False
    ys, xs = np.nonzero(~m)
    for _ in range(n_merges):
        k = rng.integers(0, len(ys))
        m[max(0, ys[k] - 2):ys[k] + 3, max(0, xs[k] - 2):xs[k] + 3] = True
    return m


def noisy_map(rng, mask, sigma, noise):
    p = ndi.gaussian_filter(mask.astype(np.float64), sigma) + rng.normal(0, noise, mask.shape)
    return np.clip(p, 0, 1).astype(np.float32)


def em_stack(rng, n, h, w, seeds, splits, merges, sigma, noise):
    gts, preds = [], []
    for _ in range(n):
        g = voronoi_gt(rng, h, w, seeds)
        gts.append(g)
        preds.append(noisy_map(rng, add_errors(rng, g, splits, merges), sigma, noise))
    return np.stack(gts), np.stack(preds)


def write_tiff(path, arr):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tifffile.imwrite(path, arr, photometric="minisblack")


def write_png(path, arr):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(arr).save(path)


def make_em(rng):
    # a: 3 x 64 x 64, float32 prediction, multi-page TIFFs
    g, p = em_stack(rng, 3, 64, 64, 14, 2, 2, 1.0, 0.15)
    write_tiff("em_a/gt.tif", g)
    write_tiff("em_a/pred.tif", p)
    # b: 2 x 128 x 96 as folders of one file per slice: 8-bit PNG ground truth, 16-bit TIFF
    # prediction (auto scale: / 65535). Not 16-bit PNG: PIL reads those as int32, which the
    # scorer's auto scale divides by 2^31 - 1.
    g, p = em_stack(rng, 2, 128, 96, 30, 3, 3, 1.2, 0.1)
    for k in range(2):
        write_png("em_b/gt/slice_%02d.png" % k, g[k])
        write_tiff("em_b/pred/slice_%02d.tif" % k, np.round(p[k] * 65535).astype(np.uint16))
    # c: 2 x 80 x 72, 8-bit prediction in a TIFF stack (values on a 1/255 grid: many ties)
    g, p = em_stack(rng, 2, 80, 72, 16, 2, 2, 1.0, 0.2)
    write_tiff("em_c/gt.tif", g)
    write_tiff("em_c/pred.tif", np.round(p * 255).astype(np.uint8))
    # d: 2 x 64 x 64, float32 values on a 0.1 grid (values equal to thresholds, tied sort keys)
    g, p = em_stack(rng, 2, 64, 64, 12, 2, 2, 0.8, 0.1)
    write_tiff("em_d/gt.tif", g)
    write_tiff("em_d/pred.tif", (np.round(p * 10) / 10).astype(np.float32))
    # e: 1 x 100 x 100 single PNGs, prediction with membrane polarity (255 = membrane)
    g, p = em_stack(rng, 1, 100, 100, 20, 2, 3, 1.0, 0.12)
    write_png("em_e/gt.png", g[0])
    write_png("em_e/pred.png", np.round((1 - p[0]) * 255).astype(np.uint8))
    # edge: 3 x 12 x 10, whole-image mismatch classification (radius 20 > size); slice 1 is
    # predicted all membrane, slice 2 all interior; random tiny masks
    gts, preds = [], []
    for s in range(3):
        gm = rng.random((12, 10)) > 0.35
        gm[0, :] = gm[-1, :] = False
        g = np.where(gm, 255, 0).astype(np.uint8)
        if s == 1:
            pr = np.zeros((12, 10), np.float32)
        elif s == 2:
            pr = np.ones((12, 10), np.float32)
        else:
            pr = rng.random((12, 10)).astype(np.float32)
        gts.append(g)
        preds.append(pr)
    write_tiff("em_edge/gt.tif", np.stack(gts))
    write_tiff("em_edge/pred.tif", np.stack(preds))
    # nan: 2 x 16 x 16, slice 1 of the ground truth has no interior (Fiji's NaN Rand/V_Info)
    g, p = em_stack(rng, 2, 16, 16, 4, 1, 1, 0.8, 0.1)
    g[1] = 0
    write_tiff("em_nan/gt.tif", g)
    write_tiff("em_nan/pred.tif", p)


# ---------------------------------------------------------------- cell images
def blobs(rng, h, w, n, r_min, r_max, start_id=1, step=1):
    """Touching disc-like objects painted in order (later ones overwrite): instance labels."""
    lab = np.zeros((h, w), np.int32)
    yy, xx = np.mgrid[0:h, 0:w]
    ids = []
    for k in range(n):
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        ry, rx = rng.uniform(r_min, r_max), rng.uniform(r_min, r_max)
        i = start_id + k * step
        lab[((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1] = i
        ids.append(i)
    return lab


def perturb(rng, gt, n_split, n_merge, n_miss, n_fp, shift=True):
    """A prediction from the GT: some objects split, some pairs merged, some missed, some
    false positives, boundaries shifted by a pixel; ids renumbered."""
    p = gt.copy()
    ids = [i for i in np.unique(gt) if i > 0]
    rng.shuffle(ids)
    nxt = int(gt.max()) + 100
    k = 0
    for _ in range(n_split):
        if k >= len(ids):
            break
        i = ids[k]
        k += 1
        ys, xs = np.nonzero(gt == i)
        cut = np.median(xs) + rng.uniform(-2, 2)
        sel = (gt == i) & (np.arange(gt.shape[1])[None, :] > cut)
        p[sel] = nxt
        nxt += 1
    for _ in range(n_merge):
        if k + 1 >= len(ids):
            break
        a, b = ids[k], ids[k + 1]
        k += 2
        p[p == b] = a
    for _ in range(n_miss):
        if k >= len(ids):
            break
        p[p == ids[k]] = 0
        k += 1
    h, w = gt.shape
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(n_fp):
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        sel = (((yy - cy) / 3.5) ** 2 + ((xx - cx) / 4.5) ** 2 <= 1) & (p == 0)
        p[sel] = nxt
        nxt += 1
    if shift:
        p = np.roll(p, (int(rng.integers(-1, 2)), int(rng.integers(-1, 2))), axis=(0, 1))
    # renumber ids in a scrambled way (ids are arbitrary)
    u = [i for i in np.unique(p) if i > 0]
    new = rng.permutation(len(u)) * 3 + 2
    out = np.zeros_like(p)
    for i, n in zip(u, new):
        out[p == i] = n
    return out


def make_cells(rng):
    # a: CTC naming (man_segTTT.tif <-> maskTTT.tif), 16-bit TIFF, 4 frames; frame 3 has an
    # empty ground truth and a prediction with one false positive
    for t in range(4):
        if t == 3:
            g = np.zeros((64, 64), np.int32)
            p = np.zeros((64, 64), np.int32)
            p[5:12, 40:50] = 9
        else:
            g = blobs(rng, 64, 64, 9, 5, 11, start_id=1 + 7 * t, step=2)
            p = perturb(rng, g, 2, 1, 1, 2)
        write_tiff("cells_a/gt/man_seg%03d.tif" % t, g.astype(np.uint16))
        write_tiff("cells_a/pred/mask%03d.tif" % t, p.astype(np.uint16))
    # b: same names, 8-bit PNG; exact half split, uneven split, merge, both-empty image
    g = np.zeros((40, 48), np.uint8)
    g[2:6, 2:7] = 1          # 20 px, split exactly in half
    g[10:14, 2:7] = 2        # 20 px, split 12/8
    g[20:22, 2:7] = 3        # 10 px  } merged
    g[22:24, 2:7] = 4        # 10 px  }
    g[30:38, 30:40] = 5      # missed
    g[2:12, 20:30] = 6       # shifted by one pixel
    p = np.zeros_like(g)
    p[2:4, 2:7] = 10
    p[4:6, 2:7] = 11
    p[10:14, 2:5] = 12
    p[10:14, 5:7] = 13
    p[20:24, 2:7] = 14
    p[2:12, 21:31] = 15
    p[30:35, 2:8] = 16       # false positive
    write_png("cells_b/gt/img_one.png", g)
    write_png("cells_b/pred/img_one.png", p)
    write_png("cells_b/gt/img_two.png", np.zeros((40, 48), np.uint8))
    write_png("cells_b/pred/img_two.png", np.zeros((40, 48), np.uint8))
    g2 = blobs(rng, 40, 48, 6, 4, 8)
    write_png("cells_b/gt/img_three.png", g2.astype(np.uint8))
    write_png("cells_b/pred/img_three.png", perturb(rng, g2, 1, 1, 0, 1).astype(np.uint8))
    # c: binary masks (0/255) to be relabelled: GT 8-connected, prediction 4-connected;
    # names paired by sorted position (different names, no numbers)
    for name_g, name_p in (("alpha.png", "first.png"), ("beta.png", "second.png")):
        g = blobs(rng, 48, 48, 8, 3, 7)
        p = perturb(rng, g, 1, 1, 1, 1)
        write_png("cells_c/gt/" + name_g, np.where(g > 0, 255, 0).astype(np.uint8))
        write_png("cells_c/pred/" + name_p, np.where(p > 0, 255, 0).astype(np.uint8))
    # d: a 3-page TIFF of frames scored as separate images (--stack-as-images)
    gs, ps = [], []
    for _ in range(3):
        g = blobs(rng, 48, 40, 7, 4, 9)
        gs.append(g.astype(np.uint16))
        ps.append(perturb(rng, g, 1, 1, 1, 1).astype(np.uint16))
    write_tiff("cells_d/gt.tif", np.stack(gs))
    write_tiff("cells_d/pred.tif", np.stack(ps))


# -------------------------------------------------------------------- cases
CASES = [
    ("em_a", ["--gt", "em_a/gt.tif", "--pred", "em_a/pred.tif", "--metric", "isbi2012"]),
    ("em_b", ["--gt", "em_b/gt", "--pred", "em_b/pred", "--metric", "isbi2012"]),
    ("em_c", ["--gt", "em_c/gt.tif", "--pred", "em_c/pred.tif", "--metric", "isbi2012"]),
    ("em_d", ["--gt", "em_d/gt.tif", "--pred", "em_d/pred.tif", "--metric", "isbi2012"]),
    ("em_e", ["--gt", "em_e/gt.png", "--pred", "em_e/pred.png", "--metric", "isbi2012",
              "--pred-polarity", "membrane"]),
    ("em_edge", ["--gt", "em_edge/gt.tif", "--pred", "em_edge/pred.tif", "--metric", "isbi2012"]),
    ("em_nan", ["--gt", "em_nan/gt.tif", "--pred", "em_nan/pred.tif", "--metric", "isbi2012"]),
    ("em_a_options", ["--gt", "em_a/gt.tif", "--pred", "em_a/pred.tif", "--metric", "isbi2012",
                      "--thresholds", "0.05:0.95:0.15", "--warping-radius", "5"]),
    ("em_c_noscale", ["--gt", "em_c/gt.tif", "--pred", "em_c/pred.tif", "--metric", "pixel_error",
                      "--metric", "rand_error", "--pred-scale", "300"]),
    ("cells_a", ["--gt", "cells_a/gt", "--pred", "cells_a/pred", "--metric", "cells",
                 "--iou-thresholds", "0.5,0.75,0.9"]),
    ("cells_b", ["--gt", "cells_b/gt", "--pred", "cells_b/pred", "--metric", "cells"]),
    ("cells_c", ["--gt", "cells_c/gt", "--pred", "cells_c/pred", "--metric", "cells",
                 "--relabel-gt", "cc8", "--relabel-pred", "cc4"]),
    ("cells_d", ["--gt", "cells_d/gt.tif", "--pred", "cells_d/pred.tif", "--metric", "cells",
                 "--stack-as-images"]),
    ("cells_d_volume", ["--gt", "cells_d/gt.tif", "--pred", "cells_d/pred.tif", "--metric", "cells"]),
]


def main():
    os.chdir(HERE)
    rng = np.random.default_rng(20240607)
    make_em(rng)
    make_cells(rng)
    os.makedirs("expected", exist_ok=True)
    manifest = []
    for name, args in CASES:
        cmd = ["/usr/bin/python3", SCORER] + args + ["--detail"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        with open(os.path.join("expected", name + ".json"), "w") as f:
            f.write(out)
        manifest.append(dict(name=name, args=args, expected="expected/%s.json" % name))
        print("%-16s %s" % (name, " ".join(args)), file=sys.stderr)
    with open("cases.json", "w") as f:
        json.dump(dict(scorer="../shared/eval/score.py (run with --detail)",
                       generator="make_goldens.py", cases=manifest), f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
