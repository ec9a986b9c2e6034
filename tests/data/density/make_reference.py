#!/usr/bin/python3
"""Reference values for tests/density (run with /usr/bin/python3 from this folder).

Writes
  distributions.csv  pdf, log pdf and cdf of the toy distributions (mpmath, 30 digits),
  quantiles.csv      quantiles, mixtures included (mpmath findroot on the cdf),
  divergences.csv    f-divergences between pairs that have no closed form, by mpmath.quad
                     at 30 digits with breakpoints at kinks, jumps and density crossings,
  gan.csv            GAN values V(G, D) for D = sigma(a x + b) (mpmath.quad, 30 digits),
  samples.csv        the first inverse-cdf draws for a seed: std::mt19937_64 written out here
                     from its published recurrence, u = ((bits >> 12) + 1/2) 2^-52 as
                     core/random.hpp documents, and the quantile at u by mpmath.
`make_reference.py gan samples` writes only the files named.
Every density and divergence is written here from its textbook formula, independently of
advdiv (and of SciPy, which is used only as a cross-check of the distribution values).
"""
import csv
import mpmath as mp
from scipy import stats

mp.mp.dps = 30
inf = mp.inf


def normal(mu, s):
    mu, s = mp.mpf(mu), mp.mpf(s)
    return dict(pdf=lambda x: mp.npdf(x, mu, s), cdf=lambda x: mp.ncdf(x, mu, s),
                kinks=[], lo=-inf, hi=inf)


def uniform(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return dict(pdf=lambda x: 1 / (b - a) if a <= x <= b else mp.mpf(0),
                cdf=lambda x: mp.mpf(0) if x <= a else (mp.mpf(1) if x >= b else (x - a) / (b - a)),
                kinks=[a, b], lo=a, hi=b)


def laplace(mu, b):
    mu, b = mp.mpf(mu), mp.mpf(b)
    return dict(pdf=lambda x: mp.exp(-abs(x - mu) / b) / (2 * b),
                cdf=lambda x: mp.exp((x - mu) / b) / 2 if x < mu else 1 - mp.exp(-(x - mu) / b) / 2,
                kinks=[mu], lo=-inf, hi=inf)


def logistic(mu, s):
    mu, s = mp.mpf(mu), mp.mpf(s)
    def pdf(x):
        z = (x - mu) / s
        return mp.exp(-z) / (s * (1 + mp.exp(-z)) ** 2)
    return dict(pdf=pdf, cdf=lambda x: 1 / (1 + mp.exp(-(x - mu) / s)), kinks=[], lo=-inf, hi=inf)


def exponential(lam):
    lam = mp.mpf(lam)
    return dict(pdf=lambda x: lam * mp.exp(-lam * x) if x >= 0 else mp.mpf(0),
                cdf=lambda x: -mp.expm1(-lam * x) if x >= 0 else mp.mpf(0),
                kinks=[mp.mpf(0)], lo=mp.mpf(0), hi=inf)


def mixture(parts):
    ws = [mp.mpf(w) for w, _ in parts]
    ds = [d for _, d in parts]
    # The weights are the binary doubles (0.3 + 0.7 differs from 1 by 5.6e-17), so the upper
    # tail is defined by the survival function sum w_i (1 - F_i), as in advdiv.
    return dict(pdf=lambda x: sum(w * d["pdf"](x) for w, d in zip(ws, ds)),
                cdf=lambda x: sum(w * d["cdf"](x) for w, d in zip(ws, ds)),
                sf=lambda x: sum(w * (1 - d["cdf"](x)) for w, d in zip(ws, ds)),
                kinks=[k for d in ds for k in d["kinks"]],
                lo=min(d["lo"] for d in ds), hi=max(d["hi"] for d in ds))


def quantile(d, u, lo=-60, hi=60):
    u = mp.mpf(u)
    a, b = mp.mpf(max(lo, d["lo"]) if d["lo"] != -inf else lo), mp.mpf(min(hi, d["hi"]) if d["hi"] != inf else hi)
    sf = d.get("sf", lambda x: 1 - d["cdf"](x))
    for _ in range(200):  # bisection to 30 digits, on the survival function for u > 1/2
        m = (a + b) / 2
        if (d["cdf"](m) < u) if u <= 0.5 else (sf(m) > 1 - u):
            a = m
        else:
            b = m
    return (a + b) / 2


# ---- distributions ---------------------------------------------------------------------
def dist_rows():
    cases = [
        ("normal", (0.5, 1.5), normal(0.5, 1.5), stats.norm(0.5, 1.5)),
        ("uniform", (-1.0, 3.0), uniform(-1, 3), stats.uniform(-1, 4)),
        ("laplace", (1.0, 0.5), laplace(1, 0.5), stats.laplace(1, 0.5)),
        ("logistic", (-0.5, 2.0), logistic(-0.5, 2), stats.logistic(-0.5, 2)),
        ("exponential", (1.5, 0.0), exponential(1.5), stats.expon(scale=1 / 1.5)),
    ]
    rows = []
    for name, params, d, sd in cases:
        for x in (-7.25, -2.0, -0.3, 0.0, 0.7, 1.0, 2.5, 12.0):
            p = d["pdf"](mp.mpf(x))
            lp = mp.log(p) if p > 0 else -inf
            c = d["cdf"](mp.mpf(x))
            assert abs(float(p) - sd.pdf(x)) <= 1e-14 * max(1, float(p)), (name, x)
            assert abs(float(c) - sd.cdf(x)) <= 1e-14, (name, x)
            rows.append([name, params[0], params[1], x, mp.nstr(p, 20), mp.nstr(lp, 20), mp.nstr(c, 20)])
    return rows


def quantile_rows():
    cases = [
        ("normal", normal(0.5, 1.5)), ("uniform", uniform(-1, 3)), ("laplace", laplace(1, 0.5)),
        ("logistic", logistic(-0.5, 2)), ("exponential", exponential(1.5)),
        ("mixture", mixture([(0.3, normal(-1, 0.5)), (0.7, normal(2, 1))])),
    ]
    rows = []
    for name, d in cases:
        for u in (1e-9, 0.01, 0.2, 0.4, 0.5, 0.77, 0.99, 1 - 1e-9):
            rows.append([name, u, mp.nstr(quantile(d, u), 20)])
    return rows


# ---- divergences -----------------------------------------------------------------------
def crossings(p, q, lo, hi):
    xs = [lo + (hi - lo) * k / 4000 for k in range(4001)]
    out = []
    g = lambda x: p["pdf"](x) - q["pdf"](x)
    for a, b in zip(xs, xs[1:]):
        ga, gb = g(mp.mpf(a)), g(mp.mpf(b))
        if ga * gb < 0:  # bisection (also brackets a jump, which is a breakpoint all the same)
            a, b = mp.mpf(a), mp.mpf(b)
            for _ in range(120):
                m = (a + b) / 2
                if g(m) * ga > 0:
                    a = m
                else:
                    b = m
            out.append((a + b) / 2)
    return out


def terms():
    def js(p, q):
        m = (p + q) / 2
        return (p * mp.log(p / m) if p > 0 else 0) / 2 + (q * mp.log(q / m) if q > 0 else 0) / 2
    return {
        "kl": lambda p, q: (p * mp.log(p / q) if q > 0 else inf) if p > 0 else mp.mpf(0),
        "reverse_kl": lambda p, q: (q * mp.log(q / p) if p > 0 else inf) if q > 0 else mp.mpf(0),
        "jeffreys": lambda p, q: (p - q) * mp.log(p / q) if p > 0 and q > 0 else (mp.mpf(0) if p == q else inf),
        "js": js,
        "gan": lambda p, q: 2 * js(p, q) - (p + q) * mp.log(2),
        "total_variation": lambda p, q: abs(p - q) / 2,
        "squared_hellinger": lambda p, q: (mp.sqrt(p) - mp.sqrt(q)) ** 2,
        "pearson": lambda p, q: (p - q) ** 2 / q if q > 0 else (mp.mpf(0) if p == 0 else inf),
        "neyman": lambda p, q: (p - q) ** 2 / p if p > 0 else (mp.mpf(0) if q == 0 else inf),
        "alpha0.5": lambda p, q: (mp.sqrt(p * q) - q - (p - q) / 2) / (mp.mpf(0.5) * -0.5),
        "bhattacharyya_coefficient": lambda p, q: mp.sqrt(p * q),
    }


def divergence_rows():
    pairs = [
        ("mixture_vs_normal", mixture([(0.3, normal(-1, 0.5)), (0.7, normal(2, 1))]), normal(0.5, 1.5)),
        ("laplace_vs_normal", laplace(0, 1), normal(0.5, 1.2)),
        ("logistic_vs_normal", logistic(0, 1), normal(0, 1.7)),
        ("exponential_vs_laplace", exponential(1.5), laplace(1, 1)),
        ("uniform_vs_normal", uniform(-1, 1), normal(0, 1)),
        ("laplace_mixture_vs_logistic", mixture([(0.5, laplace(-2, 0.7)), (0.5, laplace(2, 0.7))]), logistic(0, 1.5)),
    ]
    rows = []
    for name, p, q in pairs:
        lo, hi = -40, 40
        pts = sorted(set([mp.mpf(v) for v in p["kinks"] + q["kinks"] + crossings(p, q, -12, 12)] + [mp.mpf(0)]))
        for tname, t in terms().items():
            def f(x, t=t):
                pv, qv = p["pdf"](x), q["pdf"](x)
                if pv == 0 and qv == 0:
                    return mp.mpf(0)
                return t(pv, qv)
            # +inf when one density has mass where the other has none, for the unbounded terms
            probe = [f(mp.mpf(x)) for x in (-5, -3.3, -1.5, -0.9, 0.4, 0.95, 2.2, 4.1, 6)]
            # a divergent tail (e.g. chi^2 with a lighter-tailed denominator) grows without bound
            grows = any(abs(f(mp.mpf(2 * x))) > abs(f(mp.mpf(x))) > 0 for x in (-30, 30))
            if any(v == inf for v in probe) or grows:
                val = "inf"
            else:
                segs = [-inf] + [v for v in pts if lo < v < hi] + [inf]
                val = mp.nstr(mp.quad(f, segs, maxdegree=10), 20)
            rows.append([name, tname, val])
            print(name, tname, val)
    return rows


def write(path, header, rows):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


# ---- GAN values with a logistic discriminator ---------------------------------------------
def log_sigmoid(v):
    return -mp.log1p(mp.exp(-v)) if v > 0 else v - mp.log1p(mp.exp(v))


def gan_rows():
    """V(G, D) = E_data[log D] + E_G[log(1 - D)] for D(x) = sigma(a x + b), log(1 - D) = log sigma(-v)."""
    cases = [
        ("normal_1_1_vs_normal_0_3", normal(1, 1), normal(0, 3), 0.8, -0.2),
        ("normal_1_1_vs_normal_0_10", normal(1, 1), normal(0, 10), 0.8, -0.2),
        ("normal_0_1_vs_normal_0.5_1", normal(0, 1), normal(0.5, 1), -0.5, 0.125),
        ("laplace_0_1_vs_logistic_0.5_0.8", laplace(0, 1), logistic(0.5, 0.8), 3.0, 1.0),
    ]
    rows = []
    for name, pd, pg, a, b in cases:
        a, b = mp.mpf(a), mp.mpf(b)
        def f(x):
            v = a * x + b
            return pd["pdf"](x) * log_sigmoid(v) + pg["pdf"](x) * log_sigmoid(-v)
        pts = sorted(set([-inf, inf, mp.mpf(0), -b / a] + [mp.mpf(k) for k in (-200, -60, -20, -5, 5, 20, 60, 200)] + pd["kinks"] + pg["kinks"]))
        val = mp.quad(f, pts, maxdegree=10)
        rows.append([name, mp.nstr(a, 17), mp.nstr(b, 17), mp.nstr(val, 20)])
        print(name, val)
    return rows


# ---- the first draws for a seed --------------------------------------------------------
class mt19937_64:
    """std::mt19937_64 (Matsumoto & Nishimura's MT19937-64, the parameters of [rand.predef])."""
    n, m, mask = 312, 156, (1 << 64) - 1

    def __init__(self, seed):
        self.mt = [seed & self.mask]
        for i in range(1, self.n):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & self.mask)
        self.i = self.n

    def __call__(self):
        if self.i >= self.n:
            upper, lower = 0xFFFFFFFF80000000, 0x7FFFFFFF
            for k in range(self.n):
                y = (self.mt[k] & upper) | (self.mt[(k + 1) % self.n] & lower)
                x = self.mt[(k + self.m) % self.n] ^ (y >> 1)
                if y & 1:
                    x ^= 0xB5026F5AA96619E9
                self.mt[k] = x
            self.i = 0
        y = self.mt[self.i]
        self.i += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & self.mask


def sample_rows():
    check = mt19937_64(5489)
    assert check() == 14514284786278117030  # the first output of a default-seeded mt19937_64
    rows = []
    for name, d in (("uniform", uniform(-1, 3)), ("laplace", laplace(0.5, 0.7)), ("logistic", logistic(-2, 0.5))):
        rng = mt19937_64(42)
        for k in range(5):
            u = (mp.mpf(rng() >> 12) + mp.mpf(0.5)) * mp.mpf(2) ** -52
            rows.append([name, 42, k, mp.nstr(u, 20), mp.nstr(quantile(d, u), 20)])
    # A 32-bit engine: std::mt19937(42) is NumPy's RandomState(42) (both init_genrand); two
    # words make the 64 bits, the first one high.
    import numpy as np
    words = [int(w) for w in np.random.RandomState(42).randint(0, 2 ** 32, size=10, dtype=np.uint64)]
    for k in range(5):
        u = (mp.mpf(((words[2 * k] << 32) | words[2 * k + 1]) >> 12) + mp.mpf(0.5)) * mp.mpf(2) ** -52
        rows.append(["uniform01_mt19937", 42, k, mp.nstr(u, 20), mp.nstr(u, 20)])
    return rows


if __name__ == "__main__":
    import sys
    wanted = set(sys.argv[1:]) or {"distributions", "quantiles", "divergences", "gan", "samples"}
    if "distributions" in wanted:
        write("distributions.csv", ["distribution", "param1", "param2", "x", "pdf", "log_pdf", "cdf"], dist_rows())
    if "quantiles" in wanted:
        write("quantiles.csv", ["distribution", "u", "quantile"], quantile_rows())
    if "divergences" in wanted:
        write("divergences.csv", ["pair", "divergence", "value"], divergence_rows())
    if "gan" in wanted:
        write("gan.csv", ["pair", "a", "b", "value"], gan_rows())
    if "samples" in wanted:
        write("samples.csv", ["distribution", "seed", "k", "u", "x"], sample_rows())
