#!/usr/bin/python3
"""advdiv vs SciPy on the same probability vectors, in one run.

Usage: /usr/bin/python3 bench/divergence/compare_scipy.py [path/to/bench_divergence]
(default build/release/bench/bench_divergence). Writes p, q for each n to a temporary
directory, times SciPy there (median of 7 repeats) and runs the Google Benchmark program on
the same files (ADVDIV_BENCH_DATA, median of 7 repetitions), then prints a Markdown table
with the ratios SciPy time / advdiv time. Single thread on both sides.
"""
import json
import os
import subprocess
import sys
import tempfile
import timeit

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy import special, stats  # noqa: E402
from scipy.spatial import distance  # noqa: E402

SIZES = [10**3, 10**4, 10**5, 10**6, 10**7]
REPEATS = 7


def median_time(fn, n):
    number = max(1, int(2e6 // n))
    times = timeit.repeat(fn, number=number, repeat=REPEATS)
    return float(np.median(times)) / number


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/bench/bench_divergence"
    rng = np.random.default_rng(2026)
    scipy_times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            p = rng.uniform(1e-3, 1.0, n)
            q = rng.uniform(1e-3, 1.0, n)
            p /= p.sum()
            q /= q.sum()
            p.tofile(os.path.join(tmp, f"p_{n}.f64"))
            q.tofile(os.path.join(tmp, f"q_{n}.f64"))
            scipy_times[n] = {
                "rel_entr": median_time(lambda: special.rel_entr(p, q).sum(), n),
                "entropy": median_time(lambda: stats.entropy(p, q), n),
                "jensenshannon": median_time(lambda: distance.jensenshannon(p, q) ** 2, n),
            }
        out = subprocess.run(
            [binary, f"--benchmark_repetitions={REPEATS}", "--benchmark_report_aggregates_only=true",
             "--benchmark_format=json", "--benchmark_filter=BM_(kl|js)<double>"],
            env=dict(os.environ, ADVDIV_BENCH_DATA=tmp), check=True, capture_output=True, text=True)
    ours = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name, n = b["run_name"].split("/")
        ours[(name, int(n))] = b["real_time"] * {"us": 1e-6, "ms": 1e-3, "ns": 1e-9}[b["time_unit"]]

    print(f"SciPy {scipy.__version__}, NumPy {np.__version__}; medians of {REPEATS}; ratio = SciPy / advdiv\n")
    print("| n | advdiv kl | rel_entr(p,q).sum() | ratio | stats.entropy(p,q) | ratio "
          "| advdiv js | jensenshannon(p,q)**2 | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    us = lambda t: f"{t * 1e6:,.0f} µs" if t >= 1e-4 else f"{t * 1e6:.1f} µs"
    for n in SIZES:
        kl, js = ours[("BM_kl<double>", n)], ours[("BM_js<double>", n)]
        s = scipy_times[n]
        print(f"| 10^{len(str(n)) - 1} | {us(kl)} | {us(s['rel_entr'])} | {s['rel_entr'] / kl:.1f}× "
              f"| {us(s['entropy'])} | {s['entropy'] / kl:.1f}× | {us(js)} | {us(s['jensenshannon'])} "
              f"| {s['jensenshannon'] / js:.1f}× |")


if __name__ == "__main__":
    main()
