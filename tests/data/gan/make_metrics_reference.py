#!/usr/bin/python3
# Run with /usr/bin/python3 (mpmath, NumPy, SciPy from Debian).
# Reference log posteriors log p(k | x) of the equal-weight isotropic mixtures (mpmath, 50 digits).
import mpmath as mp
mp.mp.dps = 50
def ring(K=8, r=1, s=mp.mpf('0.01')):
    return [(r*mp.cos(2*mp.pi*k/K), r*mp.sin(2*mp.pi*k/K)) for k in range(K)], s
def grid(side=5, sp=2, s=mp.mpf('0.05')):
    off = mp.mpf(sp)*(side-1)/2
    return [(sp*i-off, sp*j-off) for i in range(side) for j in range(side)], s
def logpost(mix, x):
    mu, s = mix
    l = [-((x[0]-m[0])**2 + (x[1]-m[1])**2)/(2*s**2) for m in mu]
    z = mp.log(mp.fsum(mp.exp(v) for v in l))
    return [v - z for v in l]
x = (mp.mpf('0.001'), mp.mpf('0.0005'))
print('ring (0.001, 0.0005):', [mp.nstr(v, 17) for v in logpost(ring(), x)])
x = (mp.mpf('1.01'), mp.mpf('0.3'))
lp = logpost(grid(), x)
print('grid (1.01, 0.3):', {k: mp.nstr(lp[k], 17) for k in (12, 13, 17, 18)})
x = (mp.mpf('1e6'), mp.mpf('0.5'))
lp = logpost(ring(), x)
print('ring (1e6, 0.5):', [mp.nstr(v, 17) for v in lp])

# Fréchet distance ‖μ1 − μ2‖² + tr(Σ1 + Σ2 − 2(Σ1^{1/2} Σ2 Σ1^{1/2})^{1/2}) at 50 digits, the square
# roots of the symmetric matrices through mpmath's own symmetric eigen-solver (mp.eigsy); SciPy's
# sqrtm on Σ1Σ2 (the reference FID code's route) is printed for comparison.
def sqrt_sym(A):
    E, Q = mp.eigsy(A)
    return Q * mp.diag([mp.sqrt(max(e, 0)) for e in E]) * Q.T
def frechet(m1, S1, m2, S2):
    m1, m2, S1, S2 = mp.matrix(m1), mp.matrix(m2), mp.matrix(S1), mp.matrix(S2)
    R = sqrt_sym(S1)
    M = R * S2 * R
    M = (M + M.T) / 2
    t = sum(S1[i, i] + S2[i, i] for i in range(S1.rows))
    d = m1 - m2
    return sum(d[i]**2 for i in range(d.rows)) + t - 2 * mp.fsum(mp.sqrt(max(e, 0)) for e in mp.eigsy(M)[0])
A = [[2.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 0.5]]
B = [[0.7, -0.4, 0.1], [-0.4, 1.5, 0.3], [0.1, 0.3, 2.2]]
print('3-D non-commuting:', mp.nstr(frechet([1, -2, 0.5], A, [0, 0.5, 1], B), 17))
C = [[1e-4, 0, 0, 0], [0, 4.0, 1.9, 0], [0, 1.9, 1.0, 0], [0, 0, 0, 9.0]]   # ill-conditioned
D = [[3.0, 1.0, 0.5, 0.2], [1.0, 2.0, 0.3, 0.1], [0.5, 0.3, 1.0, 0.4], [0.2, 0.1, 0.4, 0.5]]
print('4-D ill-conditioned:', mp.nstr(frechet([0] * 4, C, [1, 0, 0, 0], D), 17))
try:
    import numpy as np, scipy.linalg as sl
    for S1, S2, dm in ((A, B, [1, -2.5, -0.5]), (C, D, [-1, 0, 0, 0])):
        S1, S2 = np.array(S1), np.array(S2)
        print('  scipy sqrtm route:', float(np.dot(dm, dm) + np.trace(S1 + S2 - 2 * np.real(sl.sqrtm(S1 @ S2)))))
except ImportError:
    pass
