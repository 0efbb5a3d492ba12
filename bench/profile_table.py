#!/usr/bin/python3
"""Side-by-side tables of per-layer step profiles (for bench/profile-step.sh).

  profile_table.py --unet4j U1.json [U2.json ...] --pytorch P1.json [P2.json ...] [--load LOAD.txt]

Each file holds one JSON line of `unet bench --mode profile` or bench/profile_pytorch.py (same
schema); with several rounds per tool every number is the median over the rounds. Prints markdown:
the step per layer (in-step forward and backward of both, and unet4j's speed-up = PyTorch's time /
unet4j's), then the sums per group for the instrumented step and for the layers run alone, the
whole step and what the parts leave unaccounted.
"""
import argparse
import json
import statistics


def load(files):
    runs = []
    for f in files:
        with open(f) as fh:
            lines = [ln for ln in fh if ln.startswith("{")]
        if not lines:
            raise SystemExit(f"no JSON line in {f}")
        runs.append(json.loads(lines[-1]))
    return runs


def merged(runs):
    """Per row name the median of every column over the runs, in the first run's order; and the scalars."""
    med = statistics.median
    rows = {}
    for r in runs[0]["rows"]:
        name = r["name"]
        vals = [next(x for x in run["rows"] if x["name"] == name) for run in runs]
        rows[name] = dict(group=r["group"], **{k: med(v[k] for v in vals) for k in ("fwd_s", "bwd_s", "iso_fwd_s", "iso_bwd_s")})
    scal = {k: med(run[k] for run in runs) for k in ("step_s", "instrumented_step_s") if k in runs[0]}
    if "reference_step_s" in runs[0]:
        scal["reference_step_s"] = med(run["reference_step_s"] for run in runs)
    scal["step_times_s"] = [t for run in runs for t in run["step_times_s"]]
    scal["page_faults_per_step"] = med(run.get("page_faults_per_step", -1) for run in runs)
    return rows, scal


def ms(v):
    if v is None:
        return "-"
    v *= 1e3
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def ratio(p, u):
    if u is None or p is None or u < 1e-5 or p < 1e-5:
        return "-"
    return f"{p / u:.2f}x"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unet4j", nargs="+", required=True)
    ap.add_argument("--pytorch", nargs="+", required=True)
    args = ap.parse_args()
    ur, us = merged(load(args.unet4j))
    pr, ps = merged(load(args.pytorch))
    names = list(ur) + [n for n in pr if n not in ur]

    print("| layer | unet4j fwd | unet4j bwd | PyTorch fwd | PyTorch bwd | unet4j speed-up (fwd+bwd) |")
    print("|---|---|---|---|---|---|")
    tot = dict(uf=0.0, ub=0.0, pf=0.0, pb=0.0)
    for n in names:
        u, p = ur.get(n), pr.get(n)
        uf, ub = (u["fwd_s"], u["bwd_s"]) if u else (None, None)
        pf, pb = (p["fwd_s"], p["bwd_s"]) if p else (None, None)
        tot["uf"] += uf or 0
        tot["ub"] += ub or 0
        tot["pf"] += pf or 0
        tot["pb"] += pb or 0
        no_bwd = (ub or 0) == 0 and (pb or 0) == 0
        print(f"| {n} | {ms(uf)} | {'' if no_bwd else ms(ub)} | {ms(pf)} | {'' if no_bwd else ms(pb)} | "
              f"{ratio((pf or 0) + (pb or 0), (uf or 0) + (ub or 0))} |")
    print(f"| **sum of the rows** | {ms(tot['uf'])} | {ms(tot['ub'])} | {ms(tot['pf'])} | {ms(tot['pb'])} | "
          f"{ratio(tot['pf'] + tot['pb'], tot['uf'] + tot['ub'])} |")
    print()

    groups = []
    for n in names:
        g = (ur.get(n) or pr.get(n))["group"]
        if g not in groups:
            groups.append(g)

    def gsum(rows, g, cols):
        return sum(r[c] for r in rows.values() if r["group"] == g for c in cols)

    print("| group (ms) | unet4j in step | PyTorch in step | speed-up | unet4j alone | PyTorch alone | speed-up |")
    print("|---|---|---|---|---|---|---|")
    sums = dict(u=0.0, p=0.0, ui=0.0, pi=0.0)
    for g in groups:
        u = gsum(ur, g, ("fwd_s", "bwd_s"))
        p = gsum(pr, g, ("fwd_s", "bwd_s"))
        ui = gsum(ur, g, ("iso_fwd_s", "iso_bwd_s"))
        pi = gsum(pr, g, ("iso_fwd_s", "iso_bwd_s"))
        sums["u"] += u
        sums["p"] += p
        sums["ui"] += ui
        sums["pi"] += pi
        print(f"| {g} | {ms(u)} | {ms(p)} | {ratio(p, u)} | {ms(ui)} | {ms(pi)} | {ratio(pi, ui)} |")
    for label, cols in (("forward of the layers", ("fwd_s",)), ("backward of the layers (with the loss's)", ("bwd_s",))):
        layer_groups = [g for g in groups if g.startswith("conv") or g in ("pool", "dropout", "up-conv", "crop+concat", "head")]
        if cols == ("bwd_s",):
            layer_groups = layer_groups + ["loss"]
        u = sum(gsum(ur, g, cols) for g in layer_groups)
        p = sum(gsum(pr, g, cols) for g in layer_groups)
        ui = sum(gsum(ur, g, tuple("iso_" + c for c in cols)) for g in layer_groups)
        pi = sum(gsum(pr, g, tuple("iso_" + c for c in cols)) for g in layer_groups)
        print(f"| {label} | {ms(u)} | {ms(p)} | {ratio(p, u)} | {ms(ui)} | {ms(pi)} | {ratio(pi, ui)} |")
    print(f"| **sum of parts** | {ms(sums['u'])} | {ms(sums['p'])} | {ratio(sums['p'], sums['u'])} | {ms(sums['ui'])} | "
          f"{ms(sums['pi'])} | {ratio(sums['pi'], sums['ui'])} |")
    print(f"| **whole step (median)** | {ms(us['step_s'])} | {ms(ps['step_s'])} | {ratio(ps['step_s'], us['step_s'])} | "
          f"{ms(us['step_s'])} | {ms(ps['step_s'])} | |")
    print(f"| unaccounted (whole - parts) | {ms(us['step_s'] - sums['u'])} | {ms(ps['step_s'] - sums['p'])} | | "
          f"{ms(us['step_s'] - sums['ui'])} | {ms(ps['step_s'] - sums['pi'])} | |")
    print()
    print(f"Instrumented step: unet4j {ms(us['instrumented_step_s'])} ms, PyTorch {ms(ps['instrumented_step_s'])} ms. "
          f"Whole steps: unet4j {', '.join(ms(t) for t in us['step_times_s'])} ms; "
          f"PyTorch {', '.join(ms(t) for t in ps['step_times_s'])} ms"
          + (f"; the PyTorch reference step without dropout {ms(ps['reference_step_s'])} ms." if "reference_step_s" in ps else ".")
          + f" Minor page faults per whole step: unet4j {us['page_faults_per_step']:.0f}, PyTorch {ps['page_faults_per_step']:.0f}.")


if __name__ == "__main__":
    main()
