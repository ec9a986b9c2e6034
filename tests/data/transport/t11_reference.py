#!/usr/bin/env python3
# Reference of tests/transport/test_emd.cpp, "tiny masses and costs from 1e-309 to 3 ... (T11)".
# Run: /usr/bin/python3 tests/data/transport/t11_reference.py
# Independent reference for T11: exact rational min-cost flow on the balanced problem
# a' = (Σb/3) x3, b = 1.25e-11 x8 (the doubles a and b disagree by 2e-27 in Σ), from a
# north-west-corner start, cycle cancelling until no negative cycle exists (exact optimum).
from fractions import Fraction as F
t, f = F(1.0000000000000019e-309), F(1.0000000000000001e-15)
e, c3, c99 = F(1e-100), F(3.0), F(0.98999999999999999)
C = [[e, f, c3, c3, c3, c3, c3, e], [f, t, t, e, e, e, e, t], [t, t, f, f, c99, c99, c99, c99]]
n, m = 3, 8
b = [F(1.25e-11)] * m
a = [sum(b) / 3] * n
flow = {}
ra, rb = a[:], b[:]
i = j = 0
while i < n and j < m:
    d = min(ra[i], rb[j]); flow[(i, j)] = d; ra[i] -= d; rb[j] -= d
    if ra[i] == 0: i += 1
    else: j += 1
def neg_cycle():
    V = n + m; arcs = []
    for i in range(n):
        for j in range(m):
            arcs.append((i, n + j, C[i][j], (i, j), 1))
            if flow.get((i, j), 0) > 0: arcs.append((n + j, i, -C[i][j], (i, j), -1))
    d = [F(0)] * V; pred = [None] * V
    for _ in range(V):
        x = None
        for (s, tt, c, k, sg) in arcs:
            if d[s] + c < d[tt]: d[tt] = d[s] + c; pred[tt] = (s, c, k, sg); x = tt
        if x is None: return None
    for _ in range(V): x = pred[x][0]
    cyc = []; y = x
    while True:
        s, c, k, sg = pred[y]; cyc.append((c, k, sg)); y = s
        if y == x: return cyc
steps = 0
while (cyc := neg_cycle()) is not None:
    dl = min(flow[k] for c, k, sg in cyc if sg < 0)
    for c, k, sg in cyc: flow[k] = flow.get(k, 0) + sg * dl
    steps += 1
opt = sum(flow[k] * C[k[0]][k[1]] for k in flow)
print('cancelled', steps, 'cycles; exact optimum', repr(float(opt)))
print('plan', {k: float(v) for k, v in flow.items() if v > 0})
# scipy cross-check (HiGHS, default tolerances ~1e-7): masses scaled by 1e10 to total 1.
import numpy as np
from scipy.optimize import linprog
A = []; rhs = []
for i in range(n):
    r = np.zeros(n * m); r[i * m:(i + 1) * m] = 1; A.append(r); rhs.append(1 / 3)
for j in range(m):
    r = np.zeros(n * m); r[j::m] = 1; A.append(r); rhs.append(1 / 8)
res = linprog(np.array([[float(x) for x in row] for row in C]).ravel(), A_eq=np.array(A), b_eq=rhs, method='highs')
print('scipy highs (scaled back by 1e-10):', res.status, repr(res.fun * 1e-10))
