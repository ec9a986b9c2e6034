#!/usr/bin/env python3
"""Writes the hand-made seeds of tests/fuzz/corpus/: the reproducers listed in issue 10 and a
few valid inputs per harness, encoded in each harness's input layout (see the comment at the
top of tests/fuzz/fuzz_<harness>.cpp). Findings of fuzzing runs are added next to them as
<harness>/finding-<what>-<sha1 prefix>; this script rewrites only the issue-*/seed-* files.

    python3 tests/fuzz/make_corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def raw(x):
    """fuzz::byte_reader::value() reading an exact double: selector 128, then 8 bytes."""
    return bytes([128]) + struct.pack("<d", x)


def write(harness, name, data):
    d = os.path.join(HERE, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- divergence: flags, [options], alpha selector, len, rows, p..., q...
# flags: bits 0-1 mode (0 raw), bit 2 float, bits 3-5 tolerance (4 inf, 6 raw), 6-7 base.
ALPHA = {0.5: 0, 2.0: 1, 3.0: 2, -1.0: 3}


def div(p, q, alpha=0.5, flags=0, options=b"", rows=0):
    return (bytes([flags]) + options + bytes([ALPHA[alpha], len(p), rows]) +
            b"".join(raw(x) for x in p) + b"".join(raw(x) for x in q))


write("divergence", "issue-kl-ratio-underflow-1e-309", div([0.5, 0.5], [1e-309, 1 - 1e-309]))
write("divergence", "issue-kl-ratio-overflow-4.9e-324", div([0.5, 0.5], [1.0, 5e-324]))
write("divergence", "issue-negative-zero-q", div([0.5, 0.5], [1.0, -0.0]))
write("divergence", "issue-negative-zero-p", div([1.0, -0.0], [0.5, 0.5]))
write("divergence", "issue-negative-zero-rowwise", div([0.5, 0.5], [1.0, -0.0], rows=2))
write("divergence", "issue-pearson-underflowed-square", div([1e-170, 1.0], [0.0, 1.0]))
write("divergence", "issue-neyman-underflowed-square", div([0.0, 1.0], [1e-170, 1.0]))
write("divergence", "issue-alpha-half-subnormal-q", div([0.5, 0.5], [1.0, 5e-324], alpha=0.5))
write("divergence", "issue-alpha-2-q-1e-160", div([0.5, 0.5], [1e-160, 1.0], alpha=2.0))
write("divergence", "issue-renyi-disjoint", div([1.0, 0.0], [0.0, 1.0], alpha=0.5))
write("divergence", "issue-renyi-nearly-disjoint", div([1.0, 1e-266], [1e-266, 1.0], alpha=0.5))
write("divergence", "issue-alpha-zero-entry-expm1-ubsan", div([1.0, 0.0], [0.5, 0.5], alpha=3.0))
write("divergence", "issue-js-huge-unnormalised", div([1e308, 1e308], [1e308, 1e308], flags=4 << 3))
write("divergence", "issue-sum-tolerance-nan",
      div([0.5, 0.5], [0.5, 0.5], flags=6 << 3, options=struct.pack("<d", float("nan"))))
write("divergence", "issue-sum-tolerance-negative",
      div([0.5, 0.5], [0.5, 0.5], flags=6 << 3, options=struct.pack("<d", -1.0)))
write("divergence", "seed-valid-3", div([0.2, 0.3, 0.5], [0.1, 0.6, 0.3], rows=3))
write("divergence", "seed-valid-float-bits", div([0.25, 0.75], [0.5, 0.5], flags=4 | (1 << 6)))
write("divergence", "seed-invalid-negative", div([1.5, -0.5], [0.5, 0.5]))
write("divergence", "seed-invalid-lengths", bytes([0, 0, 64 | 2, 3, 0]) + raw(0.5) + raw(0.5) + raw(1.0) * 3)

# ---- transport: bn, bm, bmass, bcost, beps, bopt, a..., b..., scale, big M (u16), big_at, C...
# n = 1 + (bn & 7); masses how = bmass & 3 (0 raw, 2 uniform); costs how = bcost & 3 (0 raw).
# beps < 200: ε = table[beps & 7]·max C with table (1, .1, 1e-2, 1e-3, ...).


def transport(a, b, C, beps=3, bopt=1, mass_how=0, cost_how=0, extra=b""):
    n, m = len(a) if a else 3, len(b) if b else 3
    head = bytes([n - 1, m - 1, mass_how, cost_how, beps, bopt])
    masses = b"".join(raw(x) for x in a) + b"".join(raw(x) for x in b) if mass_how == 0 else b""
    costs = b"".join(raw(c) for row in C for c in row) if cost_how == 0 else extra
    return head + masses + bytes([0, 0, 0, 0]) + costs


write("transport", "issue-sinkhorn-zero-mass-a", transport([1.0, 0.0], [0.5, 0.5], [[1, 0], [0, 0]]))
write("transport", "issue-sinkhorn-zero-mass-both", transport([1.0, 0.0], [1.0, 0.0], [[1, 0], [0, 0]]))
third = 1.0 / 3.0
write("transport", "issue-emd-big-m-dual-infeasible",
      transport([third] * 3, [third] * 3, [[0, 1, 1e15], [1, 0, 0.5], [0.5, 1, 0]], mass_how=0))
write("transport", "issue-sinkhorn-cost-1e16-eps",  # costs ~1e16·ε: ε-table entry 1e-16·max C
      transport([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], beps=7))
write("transport", "issue-sinkhorn-cost-1e10-eps",
      transport([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], beps=6))
write("transport", "seed-valid-uniform-3x2",
      transport([0.2, 0.3, 0.5], [0.5, 0.5], [[0, 1], [1, 0], [2, 3]], beps=1))

# ---- wasserstein: b0 (n | 64 raw), b1 (m), bp (p index), bs, bw, bsl, bproj, x..., y..., X, Y
P = {1.0: 0, 2.0: 1, 2000.0: 6}


def w1d(x, y, p=1.0, bw=0, bsl=0, X=(), extra=b"", proj=0):
    head = bytes([len(x) | 64, len(y), P[p], 0, bw, bsl, proj])
    return head + b"".join(raw(v) for v in x) + b"".join(raw(v) for v in y) + extra + \
        b"".join(raw(v) for v in X)


write("wasserstein", "issue-w2-power-overflow-1e200", w1d([1e200], [-1e200], p=2.0))
write("wasserstein", "issue-w2000-power-underflow", w1d([0.0], [0.5], p=2000.0))
write("wasserstein", "issue-weighted-weight-sum-overflow", w1d([0.0, 1.0], [0.0], bw=3))
# sliced: bsl bit 6 makes Y = X; 1 row x 2 columns at 1.5e308
write("wasserstein", "issue-sliced-identical-1.5e308",
      w1d([0.0], [1.0], bw=0, bsl=64 | 1 | (1 << 3), X=[1.5e308] * 4, proj=7))
write("wasserstein", "seed-valid", w1d([0.0, 1.0, 3.0], [5.0, 6.0, 8.0], p=2.0))

# ---- density: bp, bq (kind | 8 raw), bf (function | 16 no closed form | 32 base 2), ba, params
# moderate grid: location (u8 − 128)/16, scale 2^((u8 − 128)/32)
write("density", "issue-user-pearson-generator-normals", bytes([0, 0, 8, 0, 136, 128, 128, 128]))
write("density", "issue-tv-kink-normals", bytes([0, 0, 3, 0, 128, 128, 144, 128]))
write("density", "issue-tv-kink-normals-sigma", bytes([0, 0, 3, 0, 128, 128, 144, 150]))
write("density", "seed-kl-normals-quadrature", bytes([0, 0, 0 | 16, 0, 128, 128, 144, 140]))
write("density", "seed-js-mixture-normal", bytes([5, 0, 2, 0, 128, 1, 100, 128, 156, 128, 128, 128]))
write("density", "seed-kl-laplace", bytes([1, 1, 0, 0, 128, 128, 150, 160]))
write("density", "seed-hellinger-uniform-exponential", bytes([3, 4, 4, 0, 128, 140, 130]))
write("density", "seed-raw-bad-sigma", bytes([8, 0, 0, 0]) + raw(0.0) + raw(-1.0))


# ---- nn_load: flags (bits 0-1 network, bit 2 fix the checksum, bits 3-7 = 01011 directory), file bytes
def fnv1a(b):
    h = 0xcbf29ce484222325
    for c in b:
        h ^= c
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def nn_file(scalar, layers, params):
    body = b"ADVDIVNN" + struct.pack("<III", 1, scalar, len(layers))
    for i, o, act, par in layers:
        body += struct.pack("<IIId", i, o, act, par)
    body += struct.pack("<Q", len(params))
    body += b"".join(struct.pack("<d" if scalar == 8 else "<f", v) for v in params)
    return body + struct.pack("<Q", fnv1a(body))


# net0 = mlp<double, dense<2, 3, relu>, dense<3, 1>>: 2·3 + 3 + 3·1 + 1 = 13 parameters
good = nn_file(8, [(2, 3, 1, 0.0), (3, 1, 0, 0.0)], [0.1 * k for k in range(13)])
write("nn_load", "seed-valid-net0", bytes([0]) + good)
write("nn_load", "seed-valid-net0-checksum-fixed", bytes([4]) + good)
write("nn_load", "seed-truncated", bytes([0]) + good[:40])
write("nn_load", "seed-nan-parameter", bytes([4]) + nn_file(8, [(2, 3, 1, 0.0), (3, 1, 0, 0.0)],
                                                       [float("nan")] + [0.0] * 12))
write("nn_load", "seed-wrong-architecture", bytes([1]) + good)
write("nn_load", "issue-load-directory", bytes([0x58]))
