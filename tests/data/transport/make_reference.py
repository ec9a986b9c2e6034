#!/usr/bin/python3
"""Reference values for the transport tests, from SciPy and POT (Debian python3-scipy,
python3-pot) and brute force. Run with /usr/bin/python3 (from any folder); writes
tests/data/transport/reference.txt next to this script.

Format: one case per block,
    case <kind> <label>
    <field> <count> <values...>      (vectors; matrices row-major, with rows/cols fields)
    end
Point clouds X (n points in R^d) are stored as NumPy's n x d row-major array, which is the
same sequence of numbers as advdiv's d x n column-major matrix (one column per point): the
tests map them as d x n.
Values are printed with repr() (17 significant digits), so they read back exactly.
"""
import os
import numpy as np
import ot
import scipy
import scipy.stats

rng = np.random.default_rng(20261123)
out = []


def vec(name, v):
    v = np.asarray(v, dtype=float).ravel()
    out.append(f"{name} {v.size} " + " ".join(repr(float(x)) for x in v))


def scalar(name, x):
    vec(name, [x])


def case(kind, label, **fields):
    out.append(f"case {kind} {label}")
    for k, v in fields.items():
        vec(k, v)
    out.append("end")


# 1-D Wasserstein: SciPy's W_1 (weighted and not), POT's W_p^p (its p-th root is stored).
for k, (n, m) in enumerate([(1, 1), (5, 5), (7, 3), (50, 80), (1000, 999), (333, 1000), (6000, 5000)]):
    x = rng.normal(0.0, 1.0, n)
    y = rng.normal(0.5, 2.0, m)
    wx = rng.random(n) + 0.05
    wy = rng.random(m) + 0.05
    if k == 3:
        x = np.round(x, 1)  # ties
        y = np.round(y, 1)
    w1 = scipy.stats.wasserstein_distance(x, y)
    w1w = scipy.stats.wasserstein_distance(x, y, wx, wy)
    w2 = np.sqrt(ot.wasserstein_1d(x, y, p=2))
    w3w = ot.wasserstein_1d(x, y, wx / wx.sum(), wy / wy.sum(), p=3) ** (1.0 / 3.0)
    case("w1d", f"n{n}_m{m}", x=x, y=y, wx=wx, wy=wy, w1=[w1], w1_weighted=[w1w], w2=[w2],
         w3_weighted=[w3w])

# Exact OT: POT's network simplex (ot.emd2), squared Euclidean costs of random 2-D points
# and random (Dirichlet) masses; one case with zero masses, one with a random dense C.
for k, (n, m) in enumerate([(1, 4), (6, 6), (9, 4), (40, 30), (100, 120), (150, 150)]):
    X = rng.random((n, 2))
    Y = rng.random((m, 2))
    C = ot.dist(X, Y)
    a = rng.dirichlet(np.ones(n))
    b = rng.dirichlet(np.ones(m))
    if k == 3:
        a[[0, 5]] = 0.0
        b[[2]] = 0.0
        a /= a.sum()
        b /= b.sum()
    if k == 5:
        a = np.full(n, 1.0 / n)
        b = np.full(m, 1.0 / m)
    cost = ot.emd2(a, b, C, numItermax=10**7)
    case("emd", f"n{n}_m{m}", rows=[n], cols=[m], a=a, b=b, C=C, cost=[cost])

# Entropic OT: POT's log-domain Sinkhorn run to full convergence; <P, C> at the same eps.
for k, (n, m, eps) in enumerate([(5, 7, 0.5), (30, 20, 0.05), (60, 80, 0.01), (50, 50, 0.002)]):
    X = rng.random((n, 2))
    Y = rng.random((m, 2))
    C = ot.dist(X, Y)
    C /= C.max()
    a = rng.dirichlet(np.ones(n))
    b = rng.dirichlet(np.ones(m))
    P = ot.sinkhorn(a, b, C, eps, method="sinkhorn_log", numItermax=200000, stopThr=1e-14)
    cost = float((P * C).sum())
    err = np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - b).sum()
    assert err < 1e-11, err
    case("sinkhorn", f"n{n}_m{m}_eps{eps}", rows=[n], cols=[m], eps=[eps], a=a, b=b, C=C,
         cost=[cost])

# Sliced Wasserstein with given projections (POT holds them as columns, d x L; stored here
# as L x d row-major = d x L column-major, advdiv's layout).
for k, (n, m, d, L, p) in enumerate([(20, 30, 2, 5, 2), (100, 80, 3, 20, 1), (64, 64, 5, 7, 3)]):
    X = rng.normal(size=(n, d))
    Y = rng.normal(size=(m, d)) + 0.3
    proj = rng.normal(size=(d, L))
    proj /= np.sqrt((proj ** 2).sum(0, keepdims=True))
    # POT 0.8.2 divides by its n_projections argument even when projections are given, so
    # pass L as well.
    sw = ot.sliced_wasserstein_distance(X, Y, projections=proj, n_projections=L, p=p)
    case("sliced", f"n{n}_m{m}_d{d}", n=[n], m=[m], d=[d], L=[L], p=[p], X=X, Y=Y,
         directions=proj.T, sw=[sw])

# Big-M exact OT: random costs in (0, 1) with one entry 1e15 (issue 10). Uniform square
# problems are assignment problems (Birkhoff: a permutation is optimal), solved by brute force
# over all n! permutations with math.fsum. Rectangular problems with random masses are solved
# by SciPy's linprog (HiGHS) with the big arc removed: as long as a plan avoiding it exists
# (checked: the LP is feasible), any plan sending f > 0 over it can move f around a cycle of
# O(1) arcs and save f·(1e15 − O(1)), so the optimum never uses it, and the LP sees only O(1)
# costs (no conditioning issue). POT's ot.emd2 on the same instance is stored as pot_cost.
import itertools
import math
import scipy.optimize

big_rng = np.random.default_rng(20261201)
pot_wrong = 0
big_cases = 0


def lp_without(C, a, b, skip):
    n, m = C.shape
    A_eq = np.zeros((n + m, n * m))
    for i in range(n):
        A_eq[i, i * m:(i + 1) * m] = 1.0
    for j in range(m):
        A_eq[n + j, j::m] = 1.0
    bounds = [(0.0, 0.0) if k == skip else (0.0, None) for k in range(n * m)]
    c = np.where(np.arange(n * m) == skip, 0.0, C.ravel())
    res = scipy.optimize.linprog(c, A_eq=A_eq, b_eq=np.concatenate([a, b]), bounds=bounds,
                                 method="highs", options={"primal_feasibility_tolerance": 1e-10,
                                                          "dual_feasibility_tolerance": 1e-10})
    assert res.status == 0, res.message
    return float(res.fun)


for k in range(20):
    n = 3 + k % 6
    C = big_rng.random((n, n))
    skip = int(big_rng.integers(n * n))
    C.flat[skip] = 1e15
    best = min(math.fsum(C[i, p[i]] for i in range(n)) for p in itertools.permutations(range(n)))
    a = np.full(n, 1.0 / n)
    cost = best / n
    pot = float(ot.emd2(a, a, C))
    pot_wrong += abs(pot - cost) > 1e-9 * max(1.0, cost)
    big_cases += 1
    case("emd_bigm", f"square{k}_n{n}", rows=[n], cols=[n], a=a, b=a, C=C, cost=[cost],
         pot_cost=[pot])
for k in range(10):
    n, m = 3 + k % 6, 4 + (k * 3) % 5
    C = big_rng.random((n, m))
    skip = int(big_rng.integers(n * m))
    C.flat[skip] = 1e15
    a = big_rng.dirichlet(np.ones(n))
    b = big_rng.dirichlet(np.ones(m))
    cost = lp_without(C, a, b, skip)
    pot = float(ot.emd2(a, b, C))
    pot_wrong += abs(pot - cost) > 1e-9 * max(1.0, cost)
    big_cases += 1
    case("emd_bigm", f"lp{k}_n{n}_m{m}", rows=[n], cols=[m], a=a, b=b, C=C, cost=[cost],
         pot_cost=[pot])
print(f"POT ot.emd2 off the optimum by more than 1e-9 on {pot_wrong} of {big_cases} big-M cases")

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.txt")
with open(path, "w") as f:
    f.write(f"# generated by make_reference.py with numpy {np.__version__}, scipy "
            f"{scipy.__version__}, POT {ot.__version__}\n")
    f.write("\n".join(out) + "\n")
print("wrote", path)
