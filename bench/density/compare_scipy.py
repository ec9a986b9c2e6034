#!/usr/bin/python3
"""advdiv's density layer against SciPy on the same integrals, in one run.

    /usr/bin/python3 bench/density/compare_scipy.py [path/to/bench_density]

Runs bench_density (Google Benchmark, --benchmark_repetitions, medians) and the SciPy
equivalents (scipy.integrate.quad on scipy.stats pdfs at epsabs = epsrel = 1e-10, timed with
timeit, median of repetitions), checks both against the mpmath values of
tests/data/density/divergences.csv, and prints times, ratios and errors.
"""
import json
import math
import os
import statistics
import subprocess
import sys
import timeit

import numpy as np
from scipy import integrate, stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "bench", "bench_density")
REPS = 7

ref = {}
with open(os.path.join(ROOT, "tests", "data", "density", "divergences.csv")) as fh:
    next(fh)
    for line in fh:
        pair, name, value = line.strip().split(",")
        ref[(pair, name)] = float(value)

d1, d2 = stats.norm(-1, 0.5), stats.norm(2, 1)
gen = stats.norm(0.5, 1.5)
data_pdf = lambda x: 0.3 * d1.pdf(x) + 0.7 * d2.pdf(x)
data_logpdf = lambda x: np.logaddexp(np.log(0.3) + d1.logpdf(x), np.log(0.7) + d2.logpdf(x))
n1, n2 = stats.norm(0, 1), stats.norm(1, 2)
TOL = dict(epsabs=1e-10, epsrel=1e-10, limit=200)


def js_mixture_normal():
    def f(x):
        p, q = data_pdf(x), gen.pdf(x)
        m = 0.5 * (p + q)
        return 0.5 * ((p * math.log(p / m) if p > 0 else 0) + (q * math.log(q / m) if q > 0 else 0))
    return integrate.quad(f, -np.inf, np.inf, **TOL)[0]


SQ2PI = math.sqrt(2 * math.pi)


def npdf(x, mu, s):
    z = (x - mu) / s
    return math.exp(-0.5 * z * z) / (s * SQ2PI)


def js_mixture_normal_math():
    """The same quad with the densities written with math.exp (no scipy.stats call overhead)."""
    def f(x):
        p = 0.3 * npdf(x, -1, 0.5) + 0.7 * npdf(x, 2, 1)
        q = npdf(x, 0.5, 1.5)
        m = 0.5 * (p + q)
        return 0.5 * ((p * math.log(p / m) if p > 0 else 0) + (q * math.log(q / m) if q > 0 else 0))
    return integrate.quad(f, -np.inf, np.inf, **TOL)[0]


def kl_mixture_normal():
    def f(x):
        lp = data_logpdf(x)
        return math.exp(lp) * (lp - gen.logpdf(x))
    return integrate.quad(f, -np.inf, np.inf, **TOL)[0]


def kl_normal_quadrature():
    return integrate.quad(lambda x: n1.pdf(x) * (n1.logpdf(x) - n2.logpdf(x)), -np.inf, np.inf, **TOL)[0]


def dstar_grid_801():
    x = np.linspace(-5, 6, 801)
    lr = data_logpdf(x) - gen.logpdf(x)
    return 1 / (1 + np.exp(-lr))


def mixture_sample_10k(rng=np.random.default_rng(1)):
    k = rng.random(10000) < 0.3
    return np.where(k, rng.normal(-1, 0.5, 10000), rng.normal(2, 1, 10000)).sum()


def time_python(fn):
    t = timeit.Timer(fn)
    n, _ = t.autorange()
    return statistics.median(t.repeat(repeat=REPS, number=n)) / n


cpp_values = {}


def run_cpp():
    out = subprocess.run([BIN, "--benchmark_format=json", f"--benchmark_repetitions={REPS}",
                          "--benchmark_report_aggregates_only=true"], check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            res[b["run_name"]] = b["real_time"] * unit
            if b.get("label"):
                cpp_values[b["run_name"]] = float(b["label"])
    return res


def main():
    cpp = run_cpp()
    kl_exact = math.log(2) + (1 + 1) / 8 - 0.5
    cases = [
        ("JS(mixture || normal)", "BM_js_mixture_normal", js_mixture_normal, ref[("mixture_vs_normal", "js")]),
        ("JS(mixture || normal), math.exp pdfs", "BM_js_mixture_normal", js_mixture_normal_math,
         ref[("mixture_vs_normal", "js")]),
        ("KL(mixture || normal)", "BM_kl_mixture_normal", kl_mixture_normal, ref[("mixture_vs_normal", "kl")]),
        ("KL(N(0,1) || N(1,4)) quadrature", "BM_kl_normal_quadrature", kl_normal_quadrature, kl_exact),
        ("D* on 801 grid points", "BM_dstar_grid_801", dstar_grid_801, None),
        ("10^4 mixture draws", "BM_mixture_sample_10k", mixture_sample_10k, None),
    ]
    print(f"{'case':38s} {'advdiv':>11s} {'SciPy':>11s} {'SciPy/advdiv':>13s} {'advdiv err':>11s} {'SciPy err':>10s}")
    for label, bm, fn, exact in cases:
        t_cpp = cpp[bm]
        t_py = time_python(fn)
        e_cpp = e_py = ""
        if exact is not None:
            e_cpp = f"{abs(cpp_values[bm] - exact):.1e}"
            e_py = f"{abs(fn() - exact):.1e}"
        print(f"{label:38s} {t_cpp * 1e6:9.1f}us {t_py * 1e6:9.1f}us {t_py / t_cpp:12.1f}x {e_cpp:>11s} {e_py:>10s}")
    print(f"\nmedians of {REPS} repetitions; SciPy quad at epsabs = epsrel = 1e-10; errors against mpmath.")


if __name__ == "__main__":
    main()
