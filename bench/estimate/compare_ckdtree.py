#!/usr/bin/python3
"""knn_kl (advdiv, bench_knn) against the same estimator written with scipy.spatial.cKDTree,
on identical inputs, in one run; prints the median times and their ratios (a Markdown table).

    /usr/bin/python3 bench/estimate/compare_ckdtree.py [--build build-bench] [--reps 5]
        [--cases 10000x2,10000x10,100000x2,100000x10] [--reps-slow 3]

Inputs: X ~ N(0, I_d), Y ~ N(0.5·e_1, I_d), n = m, drawn here with NumPy (seed 12) and written
to a temporary folder that bench_knn reads (ADVDIV_BENCH_DATA). Both sides build a tree on X
and one on Y, query every X_i for its 2nd neighbour in X (the 1st is X_i) and its 1st in Y,
and sum (d/n)·log(nu/rho) + log(m/(n − 1)); the two estimates are printed and must agree.
SciPy runs cKDTree with its defaults (leafsize 16) and workers=1; advdiv with threads 1 and 2.
Times are wall-clock medians over repetitions; the single-threaded CPU-time ratio is printed too
(the machine may be shared: CPU time is less disturbed by other load). Cases whose SciPy time
exceeds 5 s per estimate use --reps-slow repetitions (the slow first run then counts) instead
of a warm-up and --reps.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402


def knn_kl_ckdtree(X, Y, k=1):
    """The Wang–Kulkarni–Verdú estimator with cKDTree (X, Y: points as rows)."""
    n, d = X.shape
    m = Y.shape[0]
    tx, ty = cKDTree(X), cKDTree(Y)
    rho = tx.query(X, k=[k + 1], workers=1)[0][:, 0]
    nu = ty.query(X, k=[k], workers=1)[0][:, 0]
    return d * np.mean(np.log(nu / rho)) + np.log(m / (n - 1))


def time_python(X, Y, reps, reps_slow):
    """Median wall and CPU times; the first run is a warm-up, or, when it takes more than 5 s,
    the first of reps_slow timed runs."""
    wall, cpu, value, warmed = [], [], None, False
    while True:
        t, c = time.perf_counter(), time.process_time()
        value = knn_kl_ckdtree(X, Y)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if not warmed and wall[0] < 5:
            wall, cpu, warmed = [], [], True  # a warm-up
            continue
        warmed = True
        if len(wall) >= (reps if wall[0] < 5 else reps_slow):
            return statistics.median(wall), statistics.median(cpu), value, len(wall)


def time_ours(exe, data, n, d, reps):
    env = dict(os.environ, ADVDIV_BENCH_DATA=data)
    out = subprocess.run([exe, f"--benchmark_filter=^BM_knn_kl/{n}/{d}/[12]/",
                          f"--benchmark_repetitions={reps}", "--benchmark_min_time=0.01",
                          "--benchmark_format=json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            threads = int(b["run_name"].split("/")[3])
            res[threads] = (b["real_time"] / 1e3, b["cpu_time"] / 1e3, b["kl"])  # ms -> s
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--reps-slow", type=int, default=3)
    ap.add_argument("--cases", default="10000x2,10000x10,100000x2,100000x10")
    a = ap.parse_args()
    exe = os.path.join(a.build, "bench", "bench_knn")
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("Model name")), "?")
    print(f"CPU: {model}; {os.cpu_count()} logical CPUs visible")
    print("| n = m | d | reps | cKDTree (s) | advdiv 1 thread (s) | ratio | CPU-time ratio | advdiv 2 threads (s) | ratio | estimate (SciPy / advdiv) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(12)
    with tempfile.TemporaryDirectory() as data:
        for case in a.cases.split(","):
            n, d = (int(v) for v in case.split("x"))
            X = rng.standard_normal((n, d))
            Y = rng.standard_normal((n, d))
            Y[:, 0] += 0.5
            # Point after point: the bytes of the n × d row-major array are the d × n
            # column-major matrix advdiv reads (one column per point).
            X.tofile(os.path.join(data, f"knn_X_{n}_{d}.bin"))
            Y.tofile(os.path.join(data, f"knn_Y_{n}_{d}.bin"))
            py_wall, py_cpu, py_value, reps = time_python(X, Y, a.reps, a.reps_slow)
            ours = time_ours(exe, data, n, d, reps)
            w1, c1, v1 = ours[1]
            w2, _, _ = ours[2]
            print(f"| {n} | {d} | {reps} | {py_wall:.4g} | {w1:.4g} | {py_wall / w1:.2f} | {py_cpu / c1:.2f} "
                  f"| {w2:.4g} | {py_wall / w2:.2f} | {py_value:.12g} / {v1:.12g} |", flush=True)


if __name__ == "__main__":
    main()
