#!/usr/bin/env python3
"""unet4j-exported TorchScript models on a GPU (issue 22): correctness and warm timings.

    python3 bench/gpu-torchscript.py BUNDLE_DIR [--device cuda|cpu] [--quick]

BUNDLE_DIR holds two packages written by `unet export` (bench/gpu-bundle.sh makes it; < 64 MiB):
  nuclei/   a trained base-16 model (batch norm, 3 classes: DSB2018 nuclei, --preset nuclei)
  paper16/  a base-16 model of the paper's architecture (no normalisation, 2 classes: ISBI 2012)
For each, the script checks that the TorchScript weights reproduce the package's test_output.npy
on the device (after the package's scale_range / zero_mean_unit_variance preprocessing).

The paper's network itself (base 64, 31 M parameters, 124 MB of fp32 weights) does not fit the
64 MiB a device call takes, so it is built on the device from paper16's TorchScript program: the
same scripted forward (its channel counts come from the weights), every parameter replaced by a
He-initialised one of the paper's shape (channels x 4; input channels and classes kept).

What is timed (warm: after warm-up passes, CUDA synchronised, median of N):
  - the paper net's forward at the paper's 572 tile (the exported graph takes 388 and reflect-pads
    its 92 px context inside, so the network sees 572 and returns 388 x 388), and at a large tile
    (input 1028 -> network 1212), batch 1 and 4, fp32 and bf16 autocast;
  - a 512 x 512 and a 2048 x 2048 image as unet4j would run them: the smallest accepted size
    covering the image in one pass (516, 2052; mirror-extended, then cropped), and the 2048 image
    also in tiles of 1044 with the 92 px halo discarded (bioimage.io's tiling), fp32 and bf16;
  - a training step of the paper net at 572 (forward, weighted-free cross-entropy on the log of the
    probabilities, backward, SGD momentum 0.99), fp32 and bf16 autocast.
This is the architecture and the weights unet4j produces, run by PyTorch on the GPU; it is not
unet4j's Java CUDA path (the device has no JDK).
"""
import argparse, json, os, statistics, sys, time, zipfile, tempfile

import numpy as np
import torch
import yaml


def package(path):
    if zipfile.is_zipfile(path):
        tmp = tempfile.mkdtemp(prefix="gpu-bench-")
        zipfile.ZipFile(path).extractall(tmp)
        path = tmp
    with open(os.path.join(path, "rdf.yaml")) as f:
        return path, yaml.safe_load(f)


def preprocess(x, ops):
    for op in ops or []:
        k = op.get("kwargs", {}) or {}
        axes = tuple({"y": 2, "x": 3, "channel": 1}[a] for a in k.get("axes", ["channel", "y", "x"]))
        eps = k.get("eps", 1e-6)
        if op["id"] == "scale_range":
            lo = np.percentile(x, k.get("min_percentile", 0), axis=axes, keepdims=True)
            hi = np.percentile(x, k.get("max_percentile", 100), axis=axes, keepdims=True)
            x = (x - lo) / (hi - lo + eps)
        elif op["id"] == "zero_mean_unit_variance":
            x = (x - x.mean(axis=axes, keepdims=True)) / (x.std(axis=axes, keepdims=True) + eps)
        elif op["id"] != "ensure_dtype":
            sys.exit(f"preprocessing {op['id']} not implemented in this script")
    return x.astype(np.float32)


def check(name, path, device):
    root, rdf = package(path)
    m = torch.jit.load(os.path.join(root, rdf["weights"]["torchscript"]["source"]), map_location=device).eval()
    x = np.load(os.path.join(root, rdf["inputs"][0]["test_tensor"]["source"]))
    y = np.load(os.path.join(root, rdf["outputs"][0]["test_tensor"]["source"]))
    xp = torch.from_numpy(preprocess(x, rdf["inputs"][0].get("preprocessing"))).to(device)
    with torch.no_grad():
        got = m(xp).float().cpu().numpy()
    diff = float(np.abs(got - y).max())
    return m, diff, list(x.shape)


def paper_net(paper16, device, seed=1):
    """paper16's scripted program with He-initialised parameters of the paper's shape."""
    torch.manual_seed(seed)
    m = torch.jit.load(paper16, map_location=device)
    names = [n for n, _ in m.named_parameters()]
    for n in names:
        p = getattr(m, n)
        shape = list(p.shape)
        if p.dim() == 4:
            transposed = "upconv" in n
            out_dim, in_dim = (1, 0) if transposed else (0, 1)
            if not n.startswith("head"):
                shape[out_dim] *= 4
            if not n.startswith("down0_conv1"):
                shape[in_dim] *= 4
            fan_in = shape[in_dim] * shape[2] * shape[3] if not transposed else shape[0] * shape[2] * shape[3] // 4
            w = torch.randn(shape, device=device) * (2.0 / fan_in) ** 0.5
        else:
            if not n.startswith("head"):
                shape[0] *= 4
            w = torch.zeros(shape, device=device)
        m._c.setattr(n, w)
    count = sum(getattr(m, n).numel() for n in names)
    return m, count


def timed(fn, reps, device, warmup=2):
    for _ in range(warmup):
        fn()
    if device == "cuda":
        torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def forward(m, x, bf16, device):
    with torch.no_grad(), torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=bf16):
        return m(x)


def whole(m, img, size, bf16, device):
    """One pass at an accepted size covering the image: mirror-extended at the end, cropped back."""
    h, w = img.shape[-2:]
    x = torch.nn.functional.pad(img, (0, size - w, 0, size - h), mode="reflect")
    return forward(m, x, bf16, device)[..., :h, :w]


def tiled(m, img, tile, halo, bf16, device, step=16):
    """bioimage.io's tiling: tiles of `tile`, `halo` discarded, cores (a multiple of the size step,
    so every tile meets the pooling grid at one phase, as unet4j tiles) pasted."""
    h, w = img.shape[-2:]
    core = (tile - 2 * halo) // step * step
    out = None
    padded = torch.nn.functional.pad(img, (halo, halo + core, halo, halo + core), mode="reflect")
    for y0 in range(0, h, core):
        for x0 in range(0, w, core):
            p = forward(m, padded[..., y0:y0 + tile, x0:x0 + tile], bf16, device)
            if out is None:
                out = torch.empty((1, p.shape[1], h, w), device=device, dtype=p.dtype)
            hh, ww = min(core, h - y0), min(core, w - x0)
            out[..., y0:y0 + hh, x0:x0 + ww] = p[..., halo:halo + hh, halo:halo + ww]
    return out


def train_step(m, opt, x, target, bf16, device):
    opt.zero_grad(set_to_none=True)
    with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=bf16):
        p = m(x)
    loss = torch.nn.functional.nll_loss(torch.log(p.float().clamp_min(1e-8)), target)
    loss.backward()
    opt.step()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--quick", action="store_true", help="small sizes and few repetitions (a CPU check of the script)")
    a = ap.parse_args()
    dev = a.device
    reps = 2 if a.quick else 10
    torch.backends.cudnn.benchmark = True
    info = torch.cuda.get_device_name(0) if dev == "cuda" else "CPU"
    print(f"# gpu-torchscript.py  torch {torch.__version__}  device {dev} ({info})  quick={a.quick}")
    rows = []
    for name in ("nuclei", "paper16"):
        path = os.path.join(a.bundle, name + ".zip")
        _, diff, shape = check(name, path, dev)
        rows.append((f"{name}: test_output reproduced", f"input {shape}", f"max |diff| {diff:.2e}"))
    root, _ = package(os.path.join(a.bundle, "paper16.zip"))
    m, count = paper_net(os.path.join(root, "weights.pt"), dev)
    m.eval()
    rows.append(("paper net (He init on the device)", f"{count:,} parameters", "31,030,658 expected"))
    fw_sizes = [(388, 1), (388, 4), (1028, 1)] if not a.quick else [(196, 1), (196, 2)]
    for size, batch in fw_sizes:
        x = torch.randn(batch, 1, size, size, device=dev)
        for bf16 in (False, True):
            t = timed(lambda: forward(m, x, bf16, dev), reps, dev)
            rows.append((f"forward {size + 184}->{size} batch {batch}", "bf16" if bf16 else "fp32", f"{t * 1000:.1f} ms"))
    images = [(512, 516), (2048, 2052)] if not a.quick else [(200, 212)]
    for n, size in images:
        img = torch.rand(1, 1, n, n, device=dev)
        for bf16 in (False, True):
            t = timed(lambda: whole(m, img, size, bf16, dev), max(2, reps // 2), dev)
            rows.append((f"image {n}x{n}, one pass at {size}", "bf16" if bf16 else "fp32", f"{t * 1000:.1f} ms"))
        if n >= 1024:
            for bf16 in (False, True):
                t = timed(lambda: tiled(m, img, 1044, 92, bf16, dev), max(2, reps // 2), dev)
                rows.append((f"image {n}x{n}, tiles 1044, halo 92", "bf16" if bf16 else "fp32", f"{t * 1000:.1f} ms"))
    for p in m.parameters():
        p.requires_grad_(True)
    m.train()
    opt = torch.optim.SGD(m.parameters(), lr=1e-4, momentum=0.99)
    size = 388 if not a.quick else 196
    x = torch.randn(1, 1, size, size, device=dev)
    target = torch.randint(0, 2, (1, size, size), device=dev)
    for bf16 in (False, True):
        t = timed(lambda: train_step(m, opt, x, target, bf16, dev), reps, dev)
        rows.append((f"training step {size + 184}->{size}", "bf16 autocast" if bf16 else "fp32", f"{t * 1000:.1f} ms"))
    if dev == "cuda":
        rows.append(("peak CUDA memory", "", f"{torch.cuda.max_memory_allocated() / 2**30:.2f} GiB"))
    w = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:{w}s}  {r[1]:18s}  {r[2]}")


if __name__ == "__main__":
    main()
