#!/usr/bin/python3
"""Reference values pinned in tests/estimate/test_plugin.cpp and test_transport_estimators.cpp.

Run with Debian's python3 (numpy, scipy, POT). Independent of advdiv: numpy's own
Freedman-Diaconis bins, scipy's rel_entr, scipy.stats.gaussian_kde bandwidth factors and
norm.pdf kernel sums, POT's ot.emd2.
"""
import numpy as np
from scipy.special import rel_entr
from scipy.stats import norm, gaussian_kde
import ot

X = np.array([0.0, 0.3, 0.4, 0.45, 0.5, 0.9, 1.2, 1.3, 2.0, 2.2])
Y = np.array([0.8, 1.0, 1.1, 1.5, 1.6, 1.7, 1.9, 2.5, 3.1, 3.3, 3.4, 4.0])
pooled = np.concatenate([X, Y])
for rule in ["fd"]:
    edges = np.histogram_bin_edges(pooled, bins=rule)
    cx, _ = np.histogram(X, edges)
    cy, _ = np.histogram(Y, edges)
    p, q = cx / len(X), cy / len(Y)
    print(rule, "bins", len(edges) - 1, "KL %.17g" % rel_entr(p, q).sum(), "TV %.17g" % (0.5 * abs(p - q).sum()),
          "JS %.17g" % (0.5 * rel_entr(p, (p + q) / 2).sum() + 0.5 * rel_entr(q, (p + q) / 2).sum()))

x = np.array([0.0, 1.0, 3.0])
y = np.array([0.5, 2.0, 2.5, 4.0])
n, m = len(x), len(y)


def kde(data, z, h, skip=None):
    d = [v for i, v in enumerate(data) if i != skip]
    return np.mean([norm.pdf(z, v, h) for v in d])


def loo(hx, hy, term):
    tot = 0.0
    for i, z in enumerate(x):
        pp, qq = kde(x, z, hx, i), kde(y, z, hy)
        tot += term(pp, qq) / (n * pp + m * qq)
    for j, z in enumerate(y):
        pp, qq = kde(x, z, hx), kde(y, z, hy, j)
        tot += term(pp, qq) / (n * pp + m * qq)
    return tot


kl = lambda p, q: p * np.log(p / q)
tv = lambda p, q: 0.5 * abs(p - q)
print("kde given 0.7: KL %.17g TV %.17g" % (loo(0.7, 0.7, kl), loo(0.7, 0.7, tv)))
for rule in ["scott", "silverman"]:
    hx = gaussian_kde(x, rule).factor * np.std(x, ddof=1)
    hy = gaussian_kde(y, rule).factor * np.std(y, ddof=1)
    print("kde %s: KL %.17g" % (rule, loo(hx, hy, kl)))

A = np.array([[0, 0], [1, 0], [0, 2], [3, 1], [2, 2]], float)
B = np.array([[1, 1], [2, 0], [4, 3], [0, 1]], float)
a, b = np.ones(5) / 5, np.ones(4) / 4
print("W1 %.17g" % ot.emd2(a, b, ot.dist(A, B, "euclidean")))
print("W2 %.17g" % np.sqrt(ot.emd2(a, b, ot.dist(A, B, "sqeuclidean"))))
print("W3 %.17g" % (ot.emd2(a, b, ot.dist(A, B, "euclidean") ** 3) ** (1 / 3)))
