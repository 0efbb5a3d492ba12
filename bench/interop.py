#!/usr/bin/python3
"""Runs a bioimage.io package's weights outside unet4j and compares them with its test tensors.

    /usr/bin/python3 bench/interop.py PACKAGE.zip|DIR

TorchScript through PyTorch's torch.jit.load (Debian's python3-torch, 1.13: older than every
consumer), ONNX through OpenCV's DNN module (Debian's python3-opencv; QuPath's ONNX route). The
package's preprocessing is applied with numpy as bioimage.io defines the ops (statistics over the
whole tensor or the axes named, eps 1e-6, numpy's linear percentiles). Prints one row per runtime.
"""
import os, sys, tempfile, time, zipfile
import numpy as np
import yaml


def open_package(path):
    if zipfile.is_zipfile(path):
        tmp = tempfile.mkdtemp(prefix="interop-")
        zipfile.ZipFile(path).extractall(tmp)
        path = tmp
    for name in ("rdf.yaml", "bioimageio.yaml"):
        if os.path.exists(os.path.join(path, name)):
            return path, yaml.safe_load(open(os.path.join(path, name)))
    sys.exit(f"no rdf.yaml in {path}")


def reduce_axes(axes, ids):
    return tuple(i for i, a in enumerate(ids) if a in axes)


def preprocess(x, ops, ids):
    for op in ops or []:
        k = op.get("kwargs", {}) or {}
        name = op["id"]
        axes = reduce_axes(k.get("axes", [a for a in ids if a != "batch"]), ids)
        eps = k.get("eps", 1e-6)
        if name == "ensure_dtype":
            x = x.astype(k["dtype"])
        elif name == "zero_mean_unit_variance":
            x = (x - x.mean(axis=axes, keepdims=True)) / (x.std(axis=axes, keepdims=True) + eps)
        elif name == "scale_range":
            lo = np.percentile(x, k.get("min_percentile", 0), axis=axes, keepdims=True)
            hi = np.percentile(x, k.get("max_percentile", 100), axis=axes, keepdims=True)
            x = (x - lo) / (hi - lo + eps)
        elif name == "scale_linear":
            x = x * k.get("gain", 1.0) + k.get("offset", 0.0)
        elif name == "clip":
            x = np.clip(x, k.get("min"), k.get("max"))
        else:
            sys.exit(f"preprocessing {name} is not implemented here")
    return x.astype(np.float32)


def postprocess(y, ops):
    for op in ops or []:
        if op["id"] == "sigmoid":
            y = 1 / (1 + np.exp(-y))
        elif op["id"] == "softmax":
            e = np.exp(y - y.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        elif op["id"] != "ensure_dtype":
            sys.exit(f"postprocessing {op['id']} is not implemented here")
    return y.astype(np.float32)


def main():
    root, rdf = open_package(sys.argv[1])
    inp, out = rdf["inputs"][0], rdf["outputs"][0]
    default = {"batch": "batch", "channel": "channel", "space": "x", "time": "time", "index": "index"}
    ids = [a.get("id", default[a["type"]]) for a in inp["axes"]]
    x = np.load(os.path.join(root, inp["test_tensor"]["source"]))
    y = np.load(os.path.join(root, out["test_tensor"]["source"]))
    xp = preprocess(x, inp.get("preprocessing"), ids)
    rows = []
    w = rdf["weights"]
    if "torchscript" in w:
        import torch
        t0 = time.time()
        m = torch.jit.load(os.path.join(root, w["torchscript"]["source"]), map_location="cpu").eval()
        with torch.no_grad():
            got = m(torch.from_numpy(xp)).numpy()
        rows.append(("torchscript", f"PyTorch {torch.__version__}", got, time.time() - t0))
    onnx = []
    if "onnx" in w:
        onnx.append(("onnx", w["onnx"]["source"]))
    size = "x".join(str(d) for d in x.shape[2:])
    for a in rdf.get("attachments", []):
        if a["source"] == f"weights_{size}.onnx":
            onnx.append((f"onnx {size}", a["source"]))
    for label, source in onnx:
        import cv2
        t0 = time.time()
        try:
            net = cv2.dnn.readNetFromONNX(os.path.join(root, source))
            net.setInput(xp)
            got = net.forward()
        except cv2.error as e:
            reason = [l for l in str(e).splitlines() if "error:" in l][-1].strip()
            print(f"{label}: OpenCV DNN {cv2.__version__} refuses it: {reason[:160]}")
            continue
        rows.append((label, f"OpenCV DNN {cv2.__version__}", got, time.time() - t0))
    print(f"package {sys.argv[1]}: input {list(x.shape)}, output {list(y.shape)}")
    print(f"{'weights':12s} {'runtime':22s} {'shape':20s} {'max |diff|':>12s} {'seconds':>8s}")
    worst = 0.0
    for fmt, runtime, got, sec in rows:
        got = postprocess(got, out.get("postprocessing"))
        diff = float(np.abs(got - y).max()) if got.shape == y.shape else float("inf")
        worst = max(worst, diff)
        print(f"{fmt:12s} {runtime:22s} {str(list(got.shape)):20s} {diff:12.2e} {sec:8.2f}")
    return 0 if worst <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
