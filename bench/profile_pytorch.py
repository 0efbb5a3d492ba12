#!/usr/bin/python3
"""Per-layer profile of one training step of the PyTorch reference U-Net, measured as
`unet bench --mode profile` measures unet4j's (org.unet4j.train.StepProfiler), for
bench/profile-step.sh.

The network is the reference's PaperUNet (../shared/bench/torch_unet.py, imported, not copied):
unpadded 3x3 convolutions + ReLU, 2x2 max-pool, 2x2 stride-2 transposed convolutions, centre crop +
concatenation, 1x1 head; the step is the reference's (SGD momentum 0.99, zero_grad(set_to_none),
pixel-weighted cross-entropy `(F.cross_entropy(..., reduction="none") * w).mean()`). unet4j's net has
dropout 0.5 at the end of the contracting path and the reference has none: the profiled step runs
the reference's modules in the reference's order with F.dropout(p=--dropout) added there (the
plain reference step, without it, is timed too: reference_step_s).

It measures, one after the other, each block with its own warm-up,
  1. the whole step (uninstrumented; alternating with the plain reference step);
  2. the same step instrumented: time between consecutive layer outputs in the forward pass, and in
     the backward pass the time between the gradient hooks of consecutive layer outputs (fired in
     reverse order; checked by the gradients' shapes) -> forward and backward per layer;
  3. every layer alone on fresh random inputs of the shapes/dtypes/layouts the step fed it
     (recorded in 2), forward then backward of a random gradient; the loss alone, the optimizer
     step alone.
Medians over --iterations repetitions after --warmup. One JSON line on stdout (prefix-free), the
same schema as unet4j's; --torch-profiler adds torch.profiler's top operators of one whole step
(self CPU time) as a cross-check.

  /usr/bin/python3 bench/profile_pytorch.py --base 16 --threads 2 [--layout nhwc] [--precision bf16]
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "bench"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch_unet import PaperUNet, center_crop  # noqa: E402

COPIES, ZERO_GRAD, LOSS, OPTIMIZER, ITEM, RELEASE = "copies", "zero_grad", "loss", "optimizer", "item", "release"
DROPOUT = "bottom.dropout"
INPUT = "input"
now = time.perf_counter
now_ns = time.perf_counter_ns


def group(name: str, depth: int) -> str:
    """The sum group of a row, as org.unet4j.train.StepProfiler.group."""
    if name.endswith(".pool"):
        return "pool"
    if name == DROPOUT:
        return "dropout"
    if name.endswith(".upconv"):
        return "up-conv"
    if name.endswith(".concat"):
        return "crop+concat"
    if name.endswith(".conv1") or name.endswith(".conv2"):
        if name.startswith("bottom"):
            return f"conv L{depth}"
        return "conv L" + name[4 if name.startswith("down") else 2:name.index(".")]
    if name in ("head", LOSS, OPTIMIZER, COPIES):
        return name
    return "overhead"


class Profiler:
    def __init__(self, args):
        self.args = args
        self.depth = args.depth
        torch.manual_seed(1)
        self.model = PaperUNet(1, 2, args.base, padded=False, depth=args.depth)
        self.model.train()
        self.channels_last = args.layout == "nhwc"
        if self.channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.001, momentum=0.99)
        n = args.batch
        self.x = torch.randn(n, 1, args.tile, args.tile)
        if self.channels_last:
            self.x = self.x.contiguous(memory_format=torch.channels_last)
        with torch.no_grad():
            out = self.model.eval()(self.x[:1]).shape[2]
        self.model.train()
        self.out = out
        self.target = torch.randint(0, 2, (n, out, out))
        self.weight = 1.0 + 9.0 * torch.rand(n, out, out)
        self.bf16 = args.precision == "bf16"
        self.parts = self._parts()
        self.specs = {}

    # ---- the network, unrolled: the reference's modules in PaperUNet.forward's order ----
    def _parts(self):
        m, p, d = self.model, self.args.dropout, self.depth
        parts = []  # (name, inputs, fn)
        prev = INPUT
        for i, blk in enumerate(m.down):
            parts.append((f"down{i}.conv1", [prev], lambda x, b=blk: F.relu(b.c1(x))))
            parts.append((f"down{i}.conv2", [f"down{i}.conv1"], lambda x, b=blk: F.relu(b.c2(x))))
            parts.append((f"down{i}.pool", [f"down{i}.conv2"], lambda x: F.max_pool2d(x, 2)))
            prev = f"down{i}.pool"
        parts.append(("bottom.conv1", [prev], lambda x: F.relu(m.bottom.c1(x))))
        parts.append(("bottom.conv2", ["bottom.conv1"], lambda x: F.relu(m.bottom.c2(x))))
        parts.append((DROPOUT, ["bottom.conv2"], lambda x: F.dropout(x, p, True)))
        prev = DROPOUT
        for j, (up, dec) in enumerate(zip(m.ups, m.dec)):
            i = d - 1 - j
            parts.append((f"up{i}.upconv", [prev], lambda x, u=up: u(x)))
            parts.append((f"up{i}.concat", [f"down{i}.conv2", f"up{i}.upconv"],
                          lambda s, x: torch.cat([center_crop(s, x.shape[2], x.shape[3]), x], dim=1)))
            parts.append((f"up{i}.conv1", [f"up{i}.concat"], lambda x, b=dec: F.relu(b.c1(x))))
            parts.append((f"up{i}.conv2", [f"up{i}.conv1"], lambda x, b=dec: F.relu(b.c2(x))))
            prev = f"up{i}.conv2"
        parts.append(("head", [prev], lambda x: m.head(x)))
        return parts

    def forward(self, x, mark=None):
        """PaperUNet.forward with dropout after the bottom block; mark(name, t) after every layer."""
        m = self.model
        mark = mark or (lambda name, t: None)
        skips = []
        for i, blk in enumerate(m.down):
            x = F.relu(blk.c1(x))
            mark(f"down{i}.conv1", x)
            x = F.relu(blk.c2(x))
            mark(f"down{i}.conv2", x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
            mark(f"down{i}.pool", x)
        x = F.relu(m.bottom.c1(x))
        mark("bottom.conv1", x)
        x = F.relu(m.bottom.c2(x))
        mark("bottom.conv2", x)
        x = F.dropout(x, self.args.dropout, True)
        mark(DROPOUT, x)
        n = len(skips)
        for j, (up, dec) in enumerate(zip(m.ups, m.dec)):
            i = n - 1 - j
            x = up(x)
            mark(f"up{i}.upconv", x)
            s = center_crop(skips[i], x.shape[2], x.shape[3])
            x = torch.cat([s, x], dim=1)
            mark(f"up{i}.concat", x)
            x = F.relu(dec.c1(x))
            mark(f"up{i}.conv1", x)
            x = F.relu(dec.c2(x))
            mark(f"up{i}.conv2", x)
        x = m.head(x)
        mark("head", x)
        return x

    def _logits(self, fwd):
        if not self.bf16:
            return fwd()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            y = fwd()
        return y.float()

    def loss(self, logits):
        return (F.cross_entropy(logits, self.target, reduction="none") * self.weight).mean()

    def step(self, reference=False, clock=None, mark=None):
        """One training step; clock(phase) at the phase boundaries, mark(name, t) per layer."""
        clock = clock or (lambda phase: None)
        clock(COPIES)  # the reference's tensors exist already: nothing to copy
        self.opt.zero_grad(set_to_none=True)
        clock(ZERO_GRAD)
        if reference:
            logits = self._logits(lambda: self.model(self.x))
        else:
            logits = self._logits(lambda: self.forward(self.x, mark))
        loss = self.loss(logits)
        clock(LOSS)
        loss.backward()
        clock("backward")
        self.opt.step()
        clock(OPTIMIZER)
        clock(ITEM)  # the reference does not read the loss
        return None

    # ---- instrumented step ----
    def instrumented(self):
        ev = []  # (label, arrival, departure, grad shape)
        hooked = []
        now = now_ns

        def clock(phase):
            t = now()
            ev.append((phase, t, t, None))

        def on_grad(g):
            t = now()
            ev.append(("\0grad", t, now(), (g.shape[1], g.shape[2])))

        def mark(name, t):
            a = now()
            cl = t.dim() == 4 and t.shape[1] > 1 and not t.is_contiguous() and t.is_contiguous(memory_format=torch.channels_last)
            self.specs[name] = (tuple(t.shape), t.dtype, cl)
            if t.requires_grad:
                t.register_hook(on_grad)
                hooked.append(name)
            ev.append((name, a, now(), None))

        clock("start")
        self.step(clock=clock, mark=mark)
        clock(RELEASE)
        rows = {}
        grads = list(reversed(hooked))
        g = 0
        seen_backward = False
        for k in range(1, len(ev)):
            label, a, _, shape = ev[k]
            dt = (a - ev[k - 1][2]) / 1e9
            if label == "\0grad":
                name = grads[g]
                exp = self.specs[name][0]
                if (exp[1], exp[2]) != shape:
                    raise RuntimeError(f"backward not in reverse order: expected {name} {exp}, got {shape}")
                rows.setdefault(LOSS if g == 0 else grads[g - 1], [0.0, 0.0])[1] += dt
                g += 1
            elif label == "backward":
                rows.setdefault(LOSS if g == 0 else grads[g - 1], [0.0, 0.0])[1] += dt
                seen_backward = True
            else:
                rows.setdefault(label, [0.0, 0.0])[0] += dt
        if not seen_backward or g != len(grads):
            raise RuntimeError(f"backward reported {g} of {len(grads)} gradients")
        total = (ev[-1][2] - ev[0][2]) / 1e9
        return rows, total

    # ---- every layer alone ----
    def _random(self, spec, grad):
        shape, dtype, cl = spec
        x = torch.randn(shape).to(dtype)
        if cl:
            x = x.contiguous(memory_format=torch.channels_last)
        return x.requires_grad_(grad)

    def isolated(self):
        rows = {COPIES: [0.0, 0.0]}
        self.opt.zero_grad(set_to_none=True)
        inp = (tuple(self.x.shape), torch.float32, False)
        for name, inputs, fn in self.parts:
            xs = [self._random(inp, False) if n == INPUT else self._random(self.specs[n], True) for n in inputs]
            a = now()
            if self.bf16:
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    y = fn(*xs)
            else:
                y = fn(*xs)
            b = now()
            bwd = 0.0
            if y.requires_grad:
                g = torch.randn_like(y)
                c = now()
                y.backward(g)
                bwd = now() - c
            rows[name] = [b - a, bwd]
            del xs, y
        logits = self._random(self.specs["head"], True)
        a = now()
        loss = self.loss(logits.float())
        b = now()
        loss.backward()
        rows[LOSS] = [b - a, now() - b]
        a = now()
        self.opt.step()
        rows[OPTIMIZER] = [now() - a, 0.0]
        return rows

    def row_names(self):
        return [COPIES, ZERO_GRAD] + [p[0] for p in self.parts] + [LOSS, OPTIMIZER, ITEM, RELEASE]

    def run(self, warmup, reps):
        names = self.row_names()
        samples = {n: [[], [], [], []] for n in names}
        whole, ref, instr, iso = [], [], [], []
        # three blocks, each after its own warm-up, as unet4j's StepProfiler
        faults = 0
        for i in range(-warmup, reps):
            f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            t0 = now()
            self.step()
            plain = now() - t0
            if i >= 0:
                faults += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
            t0 = now()
            self.step(reference=True)
            reference = now() - t0
            if i >= 0:
                whole.append(plain)
                ref.append(reference)
        for i in range(-warmup, reps):
            in_step, total = self.instrumented()
            if i >= 0:
                instr.append(total)
                for n in names:
                    a = in_step.get(n, [0.0, 0.0])
                    samples[n][0].append(a[0])
                    samples[n][1].append(a[1])
        for i in range(-warmup, reps):
            alone = self.isolated()
            if i >= 0:
                iso.append(sum(sum(v) for v in alone.values()))
                for n in names:
                    b = alone.get(n, [0.0, 0.0])
                    samples[n][2].append(b[0])
                    samples[n][3].append(b[1])
        med = statistics.median
        rows = [dict(name=n, group=group(n, self.depth), fwd_s=med(s[0]), bwd_s=med(s[1]),
                     iso_fwd_s=med(s[2]), iso_bwd_s=med(s[3])) for n, s in samples.items()]
        return rows, whole, ref, instr, iso, faults / reps


def profiler_top(prof: Profiler, n_top: int = 15):
    """torch.profiler over one whole step: the operators with the most self CPU time."""
    from torch.profiler import profile, ProfilerActivity
    with profile(activities=[ProfilerActivity.CPU]) as p:
        prof.step()
    avg = p.key_averages()
    print(avg.table(sort_by="self_cpu_time_total", row_limit=n_top), file=sys.stderr)
    top = sorted(avg, key=lambda e: e.self_cpu_time_total, reverse=True)[:n_top]
    return [dict(op=e.key, calls=e.count, self_cpu_s=e.self_cpu_time_total / 1e6) for e in top]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=64)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--tile", type=int, default=572)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--layout", choices=["nchw", "nhwc"], default="nchw")
    ap.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    ap.add_argument("--dropout", type=float, default=0.5, help="after the bottom block, as unet4j's (default 0.5)")
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--cpu-time", action="store_true",
                    help="time with the thread's CPU time (use with --threads 1: less disturbed by other processes)")
    ap.add_argument("--torch-profiler", action="store_true", help="add torch.profiler's top operators of one step")
    args = ap.parse_args()

    if args.cpu_time:
        global now, now_ns
        now, now_ns = time.thread_time, time.thread_time_ns
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    prof = Profiler(args)
    rows, whole, ref, instr, iso, faults = prof.run(args.warmup, args.iterations)
    med = statistics.median
    step_s = med(whole)
    s = sum(r["fwd_s"] + r["bwd_s"] for r in rows)
    si = sum(r["iso_fwd_s"] + r["iso_bwd_s"] for r in rows)
    res = dict(tool="pytorch", mode="profile", torch=torch.__version__, base=args.base, depth=args.depth, tile=args.tile,
               batch=args.batch, threads=torch.get_num_threads(), layout=args.layout, precision=args.precision,
               dropout=args.dropout, clock="thread_cpu" if args.cpu_time else "wall", reps=args.iterations, warmup=args.warmup, rows=rows,
               step_s=step_s, step_times_s=[round(t, 5) for t in whole],
               reference_step_s=med(ref), reference_step_times_s=[round(t, 5) for t in ref],
               instrumented_step_s=med(instr), sum_s=s, isolated_sum_s=si,
               unaccounted_s=step_s - s, isolated_unaccounted_s=step_s - si, page_faults_per_step=faults,
               peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    if args.torch_profiler:
        res["profiler_top"] = profiler_top(prof)
    print(f"pytorch {torch.__version__} profile: base {args.base} tile {args.tile}, {res['threads']} threads, {args.layout}, "
          f"{args.precision}: step {1e3 * step_s:.1f} ms (reference without dropout {1e3 * med(ref):.1f} ms), "
          f"instrumented {1e3 * med(instr):.1f} ms, parts {1e3 * s:.1f} ms, layers alone {1e3 * si:.1f} ms", file=sys.stderr)
    print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
