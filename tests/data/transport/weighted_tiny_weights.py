#!/usr/bin/python3
"""Reference W_p for weighted wasserstein_1d with tiny weights (issue 10, class W5 of
docs/reliability.md), printed as the C++ table pinned in tests/transport/test_wasserstein_1d.cpp.

The merged quantile integral is computed exactly on the stored doubles: the weights, values
and breakpoints are Fractions (every double is one), so each piece's mass and gap is exact;
mpmath at 50 digits forms sum(mass * gap^p) and its p-th root. Run with /usr/bin/python3:

    /usr/bin/python3 tests/data/transport/weighted_tiny_weights.py
"""
import random
from fractions import Fraction

import mpmath

mpmath.mp.dps = 50


def mpf(q):
    """A Fraction to 50 digits."""
    return mpmath.mpf(q.numerator) / q.denominator


def wp(x, wx, y, wy, p):
    """(int_0^1 |F^-1 - G^-1|^p)^(1/p) of sum wx_i d_x_i / sum wx against the same for y."""
    def side(v, w):
        atoms = sorted((Fraction(a), Fraction(b)) for a, b in zip(v, w) if b != 0)
        total = sum(b for _, b in atoms)
        return [(a, b / total) for a, b in atoms]
    xs, ys = side(x, wx), side(y, wy)
    i = j = 0
    rx, ry = xs[0][1], ys[0][1]
    acc = mpmath.mpf(0)
    while True:
        mass = min(rx, ry)
        acc += mpf(mass) * mpf(abs(xs[i][0] - ys[j][0])) ** p
        rx, ry = rx - mass, ry - mass
        if rx == 0:
            i += 1
            if i == len(xs):
                break
            rx = xs[i][1]
        if ry == 0:
            j += 1
            if j == len(ys):
                break
            ry = ys[j][1]
    return acc ** (mpmath.mpf(1) / p)


def cases():
    # The fuzzer's reproducer (docs/reliability.md, W5).
    yield [1e-100, 1e-15, 0.0], [0.99, 0.001, 0.0], [0.0, 1e-5, 0.0], [0.0, 1e-15, 0.75], 2.0
    # Breakpoints that nearly coincide in the middle: 1/2 against 1/(2 + 2^-52); the whole
    # distance is the piece between them.
    yield [0.0, 1e10], [1.0, 1.0], [0.0, 1e10], [1.0, 1.0 + 2.0 ** -52], 1.0
    yield [-3.0, 0.0, 1e10], [1.0, 2.0, 3.0], [-3.0, 0.0, 1e10], [1.0, 2.0 - 2.0 ** -51, 3.0 + 2.0 ** -50], 2.0
    rng = random.Random(20261201)
    for k in range(24):
        n, m = rng.randint(1, 7), rng.randint(1, 7)
        def values(c):
            # Mostly O(1), some far out, where a tiny weight then matters.
            return [rng.gauss(0.0, 1.0) * (10.0 ** rng.choice([0, 0, 0, 3, 8, 15])) for _ in range(c)]
        def weights(c):
            w = []
            for _ in range(c):
                r = rng.random()
                if r < 0.4:
                    w.append(rng.random() + 0.01)
                elif r < 0.9:
                    w.append(rng.random() * 10.0 ** -rng.randint(10, 300))
                else:
                    w.append(0.0)
            if all(v == 0 for v in w):
                w[0] = 1.0
            return w
        p = rng.choice([1.0, 2.0, 3.0, 1.5])
        yield values(n), weights(n), values(m), weights(m), p
    # The same atoms on both sides, y's weights x's plus tiny amounts (below the rounding of
    # the cumulative weights), and a far atom of tiny weight: every breakpoint of y is within
    # a rounding of one of x, and the distance is made of those differences.
    for k in range(16):
        n = rng.randint(2, 8)
        v = sorted(rng.gauss(0.0, 1.0) for _ in range(n))
        w = [rng.random() + 0.01 for _ in range(n)]
        wy = [a + a * rng.random() * 10.0 ** -rng.randint(13, 40) if rng.random() < 0.6 else a for a in w]
        far = rng.gauss(0.0, 1.0) * 10.0 ** rng.randint(3, 12)
        y, wy = v + [far], wy + [rng.random() * 10.0 ** -rng.randint(14, 60)]
        p = rng.choice([1.0, 2.0, 3.0, 1.5])
        yield v, w, y, wy, p


def cxx(v):
    return "{" + ", ".join(repr(float(a)) for a in v) + "}"


for x, wx, y, wy, p in cases():
    print(f"    {{{cxx(x)}, {cxx(wx)}, {cxx(y)}, {cxx(wy)}, {p!r}, {mpmath.nstr(wp(x, wx, y, wy, p), 17)}}},")
