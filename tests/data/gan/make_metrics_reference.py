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
