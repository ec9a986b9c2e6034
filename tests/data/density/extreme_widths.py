#!/usr/bin/python3
"""References for tests/density/test_extreme_widths.cpp (run with /usr/bin/python3).

Divergences between densities whose widths are subnormal, near DBL_MAX or tiny against
their location, from the textbook closed forms in mpmath at 60 digits (the parameters are
the doubles the test passes, read exactly with mp.mpf(float)); printed with 17 digits, 'inf'
where the true value exceeds DBL_MAX.
"""
import mpmath as mp

mp.mp.dps = 60
F = lambda x: mp.mpf(float(x))
DBL_MAX = mp.mpf(1.7976931348623157e308)


def kl_normal(m1, s1, m2, s2):
    m1, s1, m2, s2 = map(F, (m1, s1, m2, s2))
    return mp.log(s2 / s1) + (s1**2 + (m1 - m2)**2) / (2 * s2**2) - mp.mpf(1) / 2


def kl_laplace(m1, b1, m2, b2):
    m1, b1, m2, b2 = map(F, (m1, b1, m2, b2))
    d = abs(m1 - m2)
    return mp.log(b2 / b1) + d / b2 + b1 / b2 * mp.exp(-d / b1) - 1


def kl_exponential(l1, l2):
    l1, l2 = F(l1), F(l2)
    return mp.log(l1 / l2) + l2 / l1 - 1


def h2_normal(m1, s1, m2, s2):
    m1, s1, m2, s2 = map(F, (m1, s1, m2, s2))
    bc = mp.sqrt(2 * s1 * s2 / (s1**2 + s2**2)) * mp.exp(-(m1 - m2)**2 / (4 * (s1**2 + s2**2)))
    return 2 * (1 - bc)


def show(name, v):
    print(f"{name:60s} {'inf' if v > DBL_MAX else mp.nstr(v, 17)}")


show("kl N(0,2e-319) || N(0,1)", kl_normal(0, 2e-319, 0, 1))
show("kl N(0,1) || N(0,2e-319)", kl_normal(0, 1, 0, 2e-319))
show("kl N(0,1.7e308) || N(-8,1/16)", kl_normal(0, 1.7e308, -8, 0.0625))
show("kl N(0,1.7e308) || N(1e308,1.6e308)", kl_normal(0, 1.7e308, 1e308, 1.6e308))
show("jeffreys N(0,2e-318) N(0,1)", kl_normal(0, 2e-318, 0, 1) + kl_normal(0, 1, 0, 2e-318))
show("reverse_kl Exp(6.5e-322) Exp(1e-321) = kl(Exp(1e-321)||Exp(6.5e-322))", kl_exponential(1e-321, 6.5e-322))
show("kl Laplace(0,1.1e-321) || Laplace(1e-321,2e-321)", kl_laplace(0, 1.1e-321, 1e-321, 2e-321))
show("h2 N(0,9e-322) N(0,1)", h2_normal(0, 9e-322, 0, 1))
show("h2 N(0,9e-322) N(1e-321,2e-321)", h2_normal(0, 9e-322, 1e-321, 2e-321))
# At the edges of the range the quadrature resolves (the test runs these with closed forms off).
show("kl N(0,2^-1000) || N(2^-1000,2^-999)", kl_normal(0, 2.0**-1000, 2.0**-1000, 2.0**-999))
show("kl N(1000,1000*2^-16) || N(1000.01,0.02)", kl_normal(1000, 1000 * 2.0**-16, 1000.01, 0.02))
show("kl Laplace(0,2^1000) || Laplace(2^1000,2^999)", kl_laplace(0, 2.0**1000, 2.0**1000, 2.0**999))
show("kl Exp(2^-1000) || Exp(2^-999)", kl_exponential(2.0**-1000, 2.0**-999))
