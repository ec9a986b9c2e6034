#!/usr/bin/env python3
"""Reference for tests/density/test_discriminator.cpp ("the variational bound at T* where p
underflows and q^2/p does not"): the alpha = -1 divergence and Neyman chi^2 between
P = 0.5 N(-1, 1) + 0.5 N(1, 1) and Q = N(0, 1.3^2), by mpmath.quad at 40 digits.

D_{-1}(P||Q) = (int q^2/p dx - 1)/2 and chi^2_N(P||Q) = int q^2/p dx - 1 (P, Q normalised).
Run: /usr/bin/python3 tests/data/density/variational_tails.py (mpmath 1.2.1), and paste the
two numbers into the test.
"""
import mpmath as mp

mp.mp.dps = 40


def normal(x, m, s):
    return mp.exp(-((x - m) / s) ** 2 / 2) / (s * mp.sqrt(2 * mp.pi))


def ratio(x):
    p = (normal(x, -1, 1) + normal(x, 1, 1)) / 2
    q = normal(x, 0, mp.mpf("1.3"))
    return q * q / p


i = mp.quad(ratio, [-mp.inf, -40, -10, -1, 0, 1, 10, 40, mp.inf])
print("alpha -1:", mp.nstr((i - 1) / 2, 20))
print("neyman:  ", mp.nstr(i - 1, 20))
