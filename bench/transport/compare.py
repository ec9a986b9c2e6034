#!/usr/bin/python3
"""Runs the same inputs through advdiv (bench_transport), SciPy and POT in one run and
prints the median times and their ratios (a Markdown table).

    /usr/bin/python3 bench/transport/compare.py [--build build] [--reps 5] [--only w1d,emd,sinkhorn]

All timings are single-threaded wall-clock medians over repetitions. Inputs:
  * wasserstein_1d: two N(0,1) / N(0.5,1) samples of 10^6, vs scipy.stats.wasserstein_distance;
  * emd: n = 1000 and 2000 uniform points in [0,1]^2, uniform masses, squared Euclidean
    costs (ot.dist), vs ot.emd2 (numItermax 10^7, so both reach the optimum);
  * sinkhorn: n = 1000, cost scaled to max 1, epsilon = 1e-3, vs
    ot.sinkhorn2(..., method='sinkhorn_log'); POT runs to stopThr, then advdiv is asked
    for the same L1 marginal error as POT's plan reached.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import ot  # noqa: E402
import scipy  # noqa: E402
import scipy.stats  # noqa: E402


def median_time(fn, reps):
    times, value = [], None
    for _ in range(reps):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


def run_ours(build, data, filt, reps):
    exe = os.path.join(build, "bench", "bench_transport")
    env = dict(os.environ, ADVDIV_BENCH_DATA=data)
    out = subprocess.run([exe, f"--benchmark_filter={filt}", f"--benchmark_repetitions={reps}",
                          "--benchmark_min_time=0.01", "--benchmark_format=json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            res[b["run_name"]] = b
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default="w1d,emd,sinkhorn")
    ap.add_argument("--stop", type=float, default=1e-7, help="POT sinkhorn stopThr")
    args = ap.parse_args()
    only = args.only.split(",")
    rng = np.random.default_rng(12345)
    rows = []
    with tempfile.TemporaryDirectory() as data:
        def save(name, arr):
            np.ascontiguousarray(arr, dtype=np.float64).tofile(os.path.join(data, name))

        if "w1d" in only:
            x = rng.normal(0.0, 1.0, 10**6)
            y = rng.normal(0.5, 1.0, 10**6)
            save("w1d_x.bin", x)
            save("w1d_y.bin", y)
            t_ref, v_ref = median_time(lambda: scipy.stats.wasserstein_distance(x, y), args.reps)
            ours = run_ours(args.build, data, "BM_wasserstein_1d", args.reps)
            t = ours["BM_wasserstein_1d/real_time"]["real_time"] / 1e3
            rows.append(("wasserstein_1d, 2 x 10^6 samples", "scipy.stats.wasserstein_distance",
                         t_ref, t, ""))
        if "emd" in only:
            for n in (1000, 2000):
                X = rng.random((n, 2))
                Y = rng.random((n, 2))
                C = ot.dist(X, Y)
                save(f"emd{n}_C.bin", C)
                a = np.full(n, 1.0 / n)
                t_ref, v_ref = median_time(lambda: ot.emd2(a, a, C, numItermax=10**7),
                                           max(3, args.reps // 2))
                ours = run_ours(args.build, data, f"BM_emd/{n}/", args.reps)
                b = ours[f"BM_emd/{n}/real_time"]
                rel = abs(b["cost"] - v_ref) / v_ref
                rows.append((f"emd, n = m = {n}, sq. Euclidean", "ot.emd2", t_ref,
                             b["real_time"] / 1e3, f"cost rel. diff {rel:.1e}, {b['pivots']:.0f} pivots"))
        if "sinkhorn" in only:
            n, eps = 1000, 1e-3
            X = rng.random((n, 2))
            Y = rng.random((n, 2))
            C = ot.dist(X, Y)
            save(f"sinkhorn{n}_C.bin", C)
            Cn = C / C.max()
            a = np.full(n, 1.0 / n)

            def pot():
                return ot.sinkhorn(a, a, Cn, eps, method="sinkhorn_log", stopThr=args.stop,
                                   numItermax=10**6, log=True)
            t_ref, (P, log) = median_time(pot, max(1, args.reps // 2))
            err = float(np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - a).sum())
            cost_ref = float((P * Cn).sum())
            save("sinkhorn_tolerance.bin", np.array([err]))
            save("sinkhorn_epsilon.bin", np.array([eps]))
            ours = run_ours(args.build, data, "BM_sinkhorn_log", args.reps)
            b = ours[f"BM_sinkhorn_log/{n}/real_time"]
            rel = abs(b["cost"] - cost_ref) / cost_ref
            rows.append((f"sinkhorn (log domain), n = {n}, eps = 1e-3", "ot.sinkhorn2 sinkhorn_log",
                         t_ref, b["real_time"] / 1e3,
                         f"L1 marginal error POT {err:.1e} / ours {b['marginal_error']:.1e}; "
                         f"iterations POT {log['niter']} / ours {b['iterations']:.0f}; "
                         f"cost rel. diff {rel:.1e}"))
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, POT {ot.__version__}; "
          f"{args.reps} repetitions (medians)\n")
    print("| case | competitor | competitor (s) | advdiv (s) | speed-up | notes |")
    print("|---|---|---|---|---|---|")
    for name, comp, t_ref, t, note in rows:
        print(f"| {name} | {comp} | {t_ref:.4g} | {t:.4g} | {t_ref / t:.1f}x | {note} |")


if __name__ == "__main__":
    sys.exit(main())
