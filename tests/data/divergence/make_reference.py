#!/usr/bin/python3
"""Reference values for tests/divergence, computed with mpmath at 40 significant digits.

The test vectors are generated identically here and in the C++ tests from integer weights
(tests/divergence/reference_data.hpp): p_i = w_i / W with W = sum(w), a correctly
rounded IEEE division in both languages. The references are the divergences of exactly
those double (or float) vectors, evaluated in high precision. Output: reference.txt,
one line per case: "<family> <n> <precision> <quantity> <value>".

Run: /usr/bin/python3 tests/data/divergence/make_reference.py  (about two minutes)

`make_reference.py --edges` writes only edge_reference.txt (a few seconds): extreme inputs of
issue 10 (ratios that overflow, subnormals, -0.0, underflowing squares, disjoint supports) and
Jeffreys' conjugate on a grid t in [-1e300, 700], at 50 digits, for tests/divergence/
test_edges.cpp and tests/thrust/test_thrust.cpp (via tests/divergence/edge_cases.hpp).
Every input is an IEEE double, converted exactly (mp.mpf(float)).
"""
import sys
import os
import mpmath as mp
import numpy as np

mp.mp.dps = 40


def weights(family, n):
    i = np.arange(n, dtype=np.int64)
    if family == "mixed":      # two unrelated pseudo-random integer profiles
        wp = (i * 7919) % 1009 + 1
        wq = (i * 104729) % 997 + 1
    elif family == "close":    # q = p perturbed by at most 3e-3 relative
        wp = (i * 7919) % 1009 + 1
        wq = 1000 * wp + (i % 7) - 3
    elif family == "sparse":   # zeros in p only: every term limit at p = 0 is exercised
        wp = np.where(i % 3 == 0, 0, (i * 31) % 17 + 1)
        wq = (i * 13) % 11 + 1
    else:
        raise ValueError(family)
    return wp, wq


def vectors(family, n, precision):
    wp, wq = weights(family, n)
    p = wp.astype(np.float64) / float(wp.sum())
    q = wq.astype(np.float64) / float(wq.sum())
    if precision == "float":
        p, q = p.astype(np.float32), q.astype(np.float32)
    return [mp.mpf(float(x)) for x in p], [mp.mpf(float(x)) for x in q]


def xlogy(x, y):
    return mp.mpf(0) if x == 0 else x * mp.log(y)


def quantities(p, q, full):
    out = {}
    out["kl"] = mp.fsum(xlogy(a, a / b) for a, b in zip(p, q) if a > 0)
    m = [(a + b) / 2 for a, b in zip(p, q)]
    out["js"] = mp.fsum((xlogy(a, a / c) + xlogy(b, b / c)) / 2 for a, b, c in zip(p, q, m))
    if not full:
        return out
    out["reverse_kl"] = mp.fsum(xlogy(b, b / a) for a, b in zip(p, q) if b > 0) \
        if all(a > 0 for a, b in zip(p, q) if b > 0) else mp.inf
    out["total_variation"] = mp.fsum(abs(a - b) for a, b in zip(p, q)) / 2
    out["squared_hellinger"] = mp.fsum((mp.sqrt(a) - mp.sqrt(b)) ** 2 for a, b in zip(p, q))
    out["pearson_chi2"] = mp.fsum((a - b) ** 2 / b for a, b in zip(p, q))
    out["neyman_chi2"] = mp.fsum((a - b) ** 2 / a for a, b in zip(p, q)) \
        if all(a > 0 for a in p) else mp.inf
    out["jeffreys"] = out["kl"] + out["reverse_kl"]
    out["gan"] = mp.fsum(xlogy(a, a / (a + b)) + xlogy(b, b / (a + b)) for a, b in zip(p, q))
    for alpha in ("0.5", "2", "-0.5", "3"):
        al = mp.mpf(alpha)
        s = mp.fsum((a ** al) * (b ** (1 - al)) if a > 0 else (0 if al > 0 else mp.inf)
                    for a, b in zip(p, q))
        # D_alpha = sum q f(p/q) literally: the vectors sum to 1 only up to rounding, so the
        # shortcut (s - 1)/(alpha(alpha - 1)) would differ by ~1e-16/D.
        out["alpha_" + alpha] = mp.fsum((a ** al) * (b ** (1 - al)) - b - al * (a - b)
                                        if a > 0 else (-b + al * b if al > 0 else mp.inf)
                                        for a, b in zip(p, q)) / (al * (al - 1)) \
            if s != mp.inf else mp.inf
        if al > 0:
            out["renyi_" + alpha] = mp.log(s) / (al - 1)
    out["entropy"] = -mp.fsum(xlogy(a, a) for a in p)
    out["cross_entropy"] = -mp.fsum(xlogy(a, b) for a, b in zip(p, q))
    return out


def main():
    lines = []
    cases = [("mixed", 10, True), ("mixed", 1000, True), ("close", 1000, True),
             ("sparse", 999, True), ("mixed", 100000, False), ("mixed", 1000000, False),
             ("close", 1000000, False)]
    for family, n, full in cases:
        for precision in ("double", "float"):
            if precision == "float" and n > 1000:
                continue
            p, q = vectors(family, n, precision)
            for name, value in quantities(p, q, full).items():
                lines.append(f"{family} {n} {precision} {name} {mp.nstr(value, 25)}")
            print(family, n, precision, "done", flush=True)
    # Jeffreys' conjugate f*(t) = W(e^{1-t}) + 1/W(e^{1-t}) + t - 2 with Lambert W0.
    for t in ("-800", "-50", "-3", "-0.5", "0", "0.3", "1", "4", "20", "300"):
        tt = mp.mpf(t)
        w = mp.lambertw(mp.exp(1 - tt)).real
        lines.append(f"jeffreys_conjugate 0 double {t} {mp.nstr(w + 1 / w + tt - 2, 25)}")
    # f*(g_f(v)) evaluated naively at 400 digits, where nothing rounds onto the domain's end.
    with mp.workdps(400):
        half_ln2 = mp.log(2) / 2
        softplus = lambda v: mp.log(1 + mp.exp(v))
        table = {
            "kl": (lambda v: v, lambda t: mp.exp(t - 1)),
            "reverse_kl": (lambda v: -mp.exp(-v), lambda t: -1 - mp.log(-t)),
            "pearson": (lambda v: v, lambda t: t * t / 4 + t),
            "neyman": (lambda v: 1 - mp.exp(-v), lambda t: 2 - 2 * mp.sqrt(1 - t)),
            "squared_hellinger": (lambda v: 1 - mp.exp(-v), lambda t: t / (1 - t)),
            "jensen_shannon": (lambda v: half_ln2 - softplus(-v) / 2,
                               lambda t: -mp.log(2 - mp.exp(2 * t)) / 2),
            "gan": (lambda v: -softplus(-v), lambda t: -mp.log(1 - mp.exp(t))),
            "total_variation": (lambda v: mp.tanh(v) / 2, lambda t: t),
        }
        for name, (g, fstar) in table.items():
            for v in ("-700", "-100", "-30", "-5", "-0.25", "0", "0.25", "5", "30", "100", "700"):
                value = fstar(g(mp.mpf(v)))
                lines.append(f"composite 0 {name} {v} {mp.nstr(value, 25)}")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "reference.txt"), "w") as f:
        f.write("# generated by make_reference.py (mpmath, 40 digits); do not edit\n")
        f.write("\n".join(lines) + "\n")


def edges():
    """Reference values of the extreme cases, 50 significant digits."""
    with mp.workdps(50):
        X = lambda v: mp.mpf(float(v))  # the exact value of the double

        def vec(values):
            return [X(v) for v in values]

        def kl(p, q):
            if any(b == 0 and a > 0 for a, b in zip(p, q)):
                return mp.inf
            return mp.fsum(a * mp.log(a / b) for a, b in zip(p, q) if a > 0)

        def pearson(p, q):
            if any(b == 0 and a != b for a, b in zip(p, q)):
                return mp.inf
            return mp.fsum((a - b) ** 2 / b for a, b in zip(p, q) if a != b)

        def alpha_div(p, q, al):
            al = mp.mpf(al)
            terms = []
            for a, b in zip(p, q):
                if a == b:
                    continue
                if b == 0:
                    terms.append(a / (1 - al) if al < 1 else mp.inf)
                elif a == 0:
                    terms.append(b / al if al > 0 else mp.inf)
                else:
                    terms.append((a ** al * b ** (1 - al) - b - al * (a - b)) / (al * (al - 1)))
            return mp.fsum(terms)

        def renyi(p, q, al):
            al = mp.mpf(al)
            if al > 1 and any(b == 0 and a > 0 for a, b in zip(p, q)):
                return mp.inf
            s = mp.fsum(a ** al * b ** (1 - al) for a, b in zip(p, q) if a > 0 and b > 0)
            return mp.inf if s == 0 else mp.log(s) / (al - 1)

        def js(p, q):
            out = []
            for a, b in zip(p, q):
                m = (a + b) / 2
                for x in (a, b):
                    if x > 0:
                        out.append(x * mp.log(x / m) / 2)
            return mp.fsum(out)

        half = [0.5, 0.5]
        cases = {
            # p/q overflows (SciPy gh-20710): 1 - 1e-309 is 1.0 in double.
            "kl_overflowing_ratio": kl(vec(half), vec([1e-309, 1 - 1e-309])),
            "kl_min_subnormal_q": kl(vec(half), vec([1.0, 4.9e-324])),
            "reverse_kl_min_subnormal_p": kl(vec(half), vec([1.0, 4.9e-324])),  # reverse_kl(q, p)
            "jeffreys_overflowing_ratio": kl(vec(half), vec([1e-309, 1.0])) + kl(vec([1e-309, 1.0]), vec(half)),
            "alpha_0.5_min_subnormal_q": alpha_div(vec(half), vec([1.0, 4.9e-324]), "0.5"),
            "alpha_2_tiny_q": alpha_div(vec(half), vec([1e-160, 1.0]), "2"),
            "alpha_3_tiny_q": alpha_div(vec([0.999, 0.001]), vec([1e-150, 1.0]), "3"),
            "alpha_-1_tiny_p": alpha_div(vec([1e-300, 1.0]), vec(half), "-1"),
            "renyi_0.5_nearly_disjoint": renyi(vec([1.0, 1e-300]), vec([1e-300, 1.0]), "0.5"),
            "renyi_0.3_nearly_disjoint": renyi(vec([1.0, 1e-250]), vec([1e-250, 1.0]), "0.3"),
            "renyi_0.9_nearly_disjoint": renyi(vec([1.0, 1e-40]), vec([1e-40, 1.0]), "0.9"),
            "renyi_2_nearly_disjoint": renyi(vec([1.0, 1e-300]), vec([1e-300, 1.0]), "2"),
            # The squares underflow: (1e-170 - 1e-300)^2 = 1e-340 is below the subnormals.
            "pearson_underflowing_square": pearson(vec([1e-170, 1.0]), vec([1e-300, 1.0])),
            "neyman_underflowing_square": pearson(vec([1e-300, 1.0]), vec([1e-170, 1.0])),
            "js_huge_disjoint": js(vec([1e308, 0.0]), vec([0.0, 1e308])),
        }
        lines = [f"{k} {mp.nstr(v, 30)}" for k, v in cases.items()]

        # Jeffreys' conjugate f*(t) = 1/w - log w - 1, w = W0(e^(1-t)), on a log-spaced grid
        # t in [-1e300, -1e-3] u [1e-3, 700]; w by Newton on w + log w = 1 - t at 50 digits
        # (mp.lambertw of exp(1e300) is slow), checked against mp.lambertw where e^(1-t) is moderate.
        def omega(x):
            w = x - mp.log(x) if x > 1 else mp.log1p(mp.exp(x))
            for _ in range(200):
                step = (w + mp.log(w) - x) * w / (w + 1)
                w -= step
                if abs(step) <= mp.mpf(10) ** -55 * w:
                    break
            return w

        grid = [-(10.0 ** (k / 4)) for k in range(1200, -13, -1)] + [10.0 ** (k / 16) for k in range(-48, 46)]
        grid.append(700.0)
        for t in grid:
            x = 1 - X(t)
            w = omega(x)
            if x < 50:
                assert abs(w / mp.lambertw(mp.exp(x)).real - 1) < mp.mpf(10) ** -45
            lines.append(f"jeffreys_conjugate {t!r} {mp.nstr(1 / w - mp.log(w) - 1, 30)}")
        # Wright's omega itself (the device evaluation), x in [-700, 1e300].
        for x in [-700.0, -100.0, -20.5, -3.0, -0.5, 0.0, 0.7, 1.0, 5.0, 30.0, 699.0, 700.0, 1e4, 1e10, 1e100,
                  1e300]:
            lines.append(f"wright_omega {x!r} {mp.nstr(omega(X(x)), 30)}")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "edge_reference.txt"), "w") as f:
        f.write("# generated by make_reference.py --edges (mpmath, 50 digits); do not edit\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if "--edges" in sys.argv:
        edges()
    else:
        main()
        edges()
