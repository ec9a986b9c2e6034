#!/usr/bin/python3
"""advdiv vs SciPy on the same probability vectors, in one run.

Usage:
  /usr/bin/python3 bench/divergence/compare_scipy.py [LABEL=]BINARY [[LABEL=]BINARY ...]
      [--sizes 1000000] [--repeats 11]

Each BINARY is a build of bench_divergence (default build/release/bench/bench_divergence),
e.g. `O2=build-o2/bench/bench_divergence O3=build-o3/bench/bench_divergence
native=build-native/bench/bench_divergence` for the default-flag and -march=native builds.
Writes p, q for each n to a temporary directory, times SciPy there (median of the repeats) and
runs every program on the same files (ADVDIV_BENCH_DATA, median of the repetitions), then
prints a Markdown table per program with the ratios SciPy time / advdiv time, and, with more
than one program, a summary at the largest n with each build's time relative to the last one
named (the -march=native build in the example). Single thread on both sides. Also prints the
CPU (lscpu's model name) and the dispatch target each build picked.
"""
import argparse
import json
import os
import subprocess
import tempfile
import timeit

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy import special, stats  # noqa: E402
from scipy.spatial import distance  # noqa: E402


def median_time(fn, n, repeats):
    number = max(1, int(2e6 // n))
    times = timeit.repeat(fn, number=number, repeat=repeats)
    return float(np.median(times)) / number


def cpu_name():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        return next(line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name"))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return "unknown CPU"


def run_advdiv(binary, data_dir, repeats, sizes):
    sizes_re = "|".join(str(n) for n in sizes)
    out = subprocess.run(
        [binary, f"--benchmark_repetitions={repeats}", "--benchmark_report_aggregates_only=true",
         "--benchmark_format=json", f"--benchmark_filter=BM_(kl|js)(<double>/({sizes_re})$|_target)"],
        env=dict(os.environ, ADVDIV_BENCH_DATA=data_dir), check=True, capture_output=True, text=True)
    ours, targets = {}, {}
    for b in json.loads(out.stdout)["benchmarks"]:
        if b.get("aggregate_name") != "median" or b.get("error_occurred"):
            continue
        t = b["real_time"] * {"us": 1e-6, "ms": 1e-3, "ns": 1e-9}[b["time_unit"]]
        parts = b["run_name"].split("/")
        if parts[0].endswith("_target"):
            targets[(parts[0][3:5], b.get("label", parts[2]))] = t
        else:
            ours[(parts[0], int(parts[1]))] = t
    return ours, targets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="*", default=["build/release/bench/bench_divergence"])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000,10000000")
    ap.add_argument("--repeats", type=int, default=11)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    builds = [(b.split("=", 1) if "=" in b else (b, b)) for b in args.binaries]
    rng = np.random.default_rng(2026)
    scipy_times, results = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            p = rng.uniform(1e-3, 1.0, n)
            q = rng.uniform(1e-3, 1.0, n)
            p /= p.sum()
            q /= q.sum()
            p.tofile(os.path.join(tmp, f"p_{n}.f64"))
            q.tofile(os.path.join(tmp, f"q_{n}.f64"))
            scipy_times[n] = {
                "rel_entr": median_time(lambda: special.rel_entr(p, q).sum(), n, args.repeats),
                "entropy": median_time(lambda: stats.entropy(p, q), n, args.repeats),
                "jensenshannon": median_time(lambda: distance.jensenshannon(p, q) ** 2, n, args.repeats),
            }
        for label, binary in builds:
            results[label] = run_advdiv(binary, tmp, args.repeats, sizes)

    print(f"{cpu_name()}; SciPy {scipy.__version__}, NumPy {np.__version__}; medians of {args.repeats}; "
          "ratio = SciPy / advdiv\n")
    us = lambda t: f"{t * 1e6:,.0f} µs" if t >= 1e-4 else f"{t * 1e6:.1f} µs"
    for label, (ours, targets) in results.items():
        print(f"### {label}\n")
        print("| n | advdiv kl | rel_entr(p,q).sum() | ratio | stats.entropy(p,q) | ratio "
              "| advdiv js | jensenshannon(p,q)**2 | ratio |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n in sizes:
            kl, js = ours[("BM_kl<double>", n)], ours[("BM_js<double>", n)]
            s = scipy_times[n]
            print(f"| 10^{len(str(n)) - 1} | {us(kl)} | {us(s['rel_entr'])} | {s['rel_entr'] / kl:.1f}× "
                  f"| {us(s['entropy'])} | {s['entropy'] / kl:.1f}× | {us(js)} | {us(s['jensenshannon'])} "
                  f"| {s['jensenshannon'] / js:.1f}× |")
        if targets:
            print("\nForced dispatch targets at n = 10^6: " + ", ".join(
                f"{name} {target} {us(t)}" for (name, target), t in sorted(targets.items())))
        print()
    if len(results) > 1:
        n = max(sizes)
        ref_label = builds[-1][0]
        ref = results[ref_label][0]
        s = scipy_times[n]
        print(f"### summary at n = 10^{len(str(n)) - 1} (time / {ref_label})\n")
        print(f"| build | kl | ratio to SciPy | vs {ref_label} | js | ratio to SciPy | vs {ref_label} |")
        print("|---|---|---|---|---|---|---|")
        for label, (ours, _) in results.items():
            kl, js = ours[("BM_kl<double>", n)], ours[("BM_js<double>", n)]
            print(f"| {label} | {us(kl)} | {s['rel_entr'] / kl:.1f}× | {kl / ref[('BM_kl<double>', n)]:.2f} "
                  f"| {us(js)} | {s['jensenshannon'] / js:.1f}× | {js / ref[('BM_js<double>', n)]:.2f} |")


if __name__ == "__main__":
    main()
