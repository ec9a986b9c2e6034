#!/usr/bin/python3
"""Reference W_p for weighted wasserstein_1d whose weights span more than a double's exponent
range (issue 10, class W7 of docs/reliability.md: a weight below 2^-1022 times the largest of
its sample), printed as the C++ table pinned in tests/transport/test_wasserstein_1d.cpp.

Exact on the stored doubles, as weighted_tiny_weights.py (whose wp() is reused): Fractions
for every mass and gap, mpmath at 50 digits for the powers and the root.

    /usr/bin/python3 tests/data/transport/weighted_wide_weights.py
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from weighted_tiny_weights import wp  # noqa: E402


def cases():
    # The fuzzer's reproducer (it gave W2 = 0.001: the weight 6.95e-310 next to 1e154 was
    # dropped, and with it the atom at -5.5e303).
    yield ([1e-100, 1.188182228934475e-227, 0.0], [3.875, 2.2250738585072014e-308, 1e-16],
           [1e-200, 0.001, -5.4861240687936887e303], [3.875, 1e154, 6.9533827094686128e-310], 2.0)
    # The extremes: the smallest subnormal next to the largest double.
    yield [0.0, 1e300], [1.7976931348623157e308, 5e-324], [0.0], [1.0], 1.0
    yield [0.0, 1e300], [1.7976931348623157e308, 5e-324], [0.0], [1.0], 2.0
    rng = random.Random(20261201 + 7)
    for _ in range(12):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        def values(c):
            return [rng.gauss(0.0, 1.0) * 10.0 ** rng.choice([0, 0, 10, 100, 200, 300]) for _ in range(c)]
        def weights(c):
            w = [rng.random() * 10.0 ** rng.choice([300, 200, 154, 0, -100, -200, -300, -310, -320])
                 for _ in range(c)]
            return w
        yield values(n), weights(n), values(m), weights(m), rng.choice([1.0, 2.0, 3.0])


def cpp(v):
    return "{" + ", ".join(repr(float(e)) for e in v) + "}"


if __name__ == "__main__":
    for x, wx, y, wy, p in cases():
        print(f"    {{{cpp(x)}, {cpp(wx)}, {cpp(y)}, {cpp(wy)}, {p!r}, {float(wp(x, wx, y, wy, p))!r}}},")
