#!/usr/bin/python3
"""Reference values for tests/nn/test_double_backprop.cpp, test_optimizer.cpp (PyTorch in
float64) and test_init.cpp (std::mt19937_64 from its definition).

Writes tests/data/nn/torch_reference.txt, one array per line: `name n v_1 ... v_n`
(17 significant digits). Run from the repository root:
    /usr/bin/python3 tests/data/nn/make_reference.py

1. A critic 2 -> 5 (tanh) -> 4 (softplus) -> 1 (identity) with fixed parameters, laid out as
   advdiv's nn::mlp::parameters() (per layer: W column-major, then b), on 6 points x:
   outputs D(x), input gradients dD/dx (2x6, column-major), the WGAN-GP penalty
   lambda * mean_i (||grad_x D(x_i)|| - 1)^2 with lambda = 10, and its gradient with respect to
   the parameters by torch.autograd double backpropagation (create_graph=True).
2. Five steps of torch.optim.{SGD(momentum), Adam, AdamW, RMSprop} on 4 parameters with a
   fixed sequence of gradients: the parameters after the last step.
3. Glorot-uniform weights of nn::mlp<double, dense<3, 2>, dense<2, 1>> from seed 7, from
   std::mt19937_64 written out here from its published definition (Matsumoto & Nishimura;
   the C++ standard fixes its output and its 10000th value, checked below), so the pinned
   weights do not come from any C++ standard library: u = ((bits >> 12) + 1/2)·2^-52 as
   core/random.hpp's uniform01, w = -a + 2a·u column by column, a = sqrt(6/(fan_in + fan_out)).
"""
import math
import pathlib

import torch

torch.set_default_dtype(torch.float64)
out_lines = []


def emit(name, values):
    flat = [float(v) for v in values]
    out_lines.append(name + " " + str(len(flat)) + " " + " ".join(f"{v:.17g}" for v in flat))


def colmajor(t):
    return t.t().reshape(-1) if t.dim() == 2 else t.reshape(-1)


# 1. Critic and gradient penalty.
gen = torch.Generator().manual_seed(1234)
widths = [2, 5, 4, 1]
layers = []
for i in range(3):
    w = (torch.randn(widths[i + 1], widths[i], generator=gen) * 0.8).requires_grad_()
    b = (torch.randn(widths[i + 1], generator=gen) * 0.3).requires_grad_()
    layers.append((w, b))
acts = [torch.tanh, torch.nn.functional.softplus, lambda z: z]
x = torch.randn(6, 2, generator=gen).requires_grad_()  # one row per sample here


def critic(inp):
    a = inp
    for (w, b), act in zip(layers, acts):
        a = act(a @ w.t() + b)
    return a


params = [p for wb in layers for p in wb]
emit("parameters", torch.cat([colmajor(p.detach()) for p in params]))
emit("x", x.detach().reshape(-1))  # = the 2x6 batch (one column per sample), column-major
d = critic(x)
emit("d", d.detach().reshape(-1))
(grad_x,) = torch.autograd.grad(d.sum(), x, create_graph=True)
emit("grad_x", grad_x.detach().reshape(-1))  # row i = sample i = column i of 2x6
lam = 10.0
penalty = lam * ((grad_x.norm(dim=1) - 1) ** 2).mean()
emit("penalty", [penalty.item()])
# The output bias does not reach grad_x: its gradient is None (zero).
grads = torch.autograd.grad(penalty, params, allow_unused=True)
grads = [torch.zeros_like(p) if g is None else g for g, p in zip(grads, params)]
emit("penalty_gradient", torch.cat([colmajor(g) for g in grads]))

# 2. Optimizers.
grad_sequence = [[0.5, -1.0, 2.0, 0.0], [0.25, 0.5, -1.5, 1e-3], [-0.75, 0.1, 0.3, -2.0],
                 [1.0, -0.2, 0.0, 0.5], [0.1, 0.1, -0.1, 3.0]]
start = [1.0, -2.0, 0.5, 0.0]
configs = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.5, 0.9), eps=1e-8, weight_decay=0.1),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8,
                                         weight_decay=0.1),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0.05),
}
for name, make in configs.items():
    theta = torch.tensor(start, requires_grad=True)
    opt = make([theta])
    for g in grad_sequence:
        opt.zero_grad()
        theta.grad = torch.tensor(g)
        opt.step()
    emit("optimizer_" + name, theta.detach())



# 3. Glorot-uniform weights from std::mt19937_64.
class MT19937_64:
    def __init__(self, seed):
        self.mt = [0] * 312
        self.mt[0] = seed & 0xFFFFFFFFFFFFFFFF
        for i in range(1, 312):
            prev = self.mt[i - 1]
            self.mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & 0xFFFFFFFFFFFFFFFF
        self.index = 312

    def __call__(self):
        if self.index >= 312:
            for i in range(312):
                x = (self.mt[i] & 0xFFFFFFFF80000000) | (self.mt[(i + 1) % 312] & 0x7FFFFFFF)
                xa = x >> 1
                if x & 1:
                    xa ^= 0xB5026F5AA96619E9
                self.mt[i] = self.mt[(i + 156) % 312] ^ xa
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y


check = MT19937_64(5489)
for _ in range(9999):
    check()
assert check() == 9981545732273789042  # [rand.predef] of the C++ standard

engine = MT19937_64(7)
weights = []
for fan_out, fan_in in [(2, 3), (1, 2)]:
    a = math.sqrt(6.0 / (fan_in + fan_out))
    for _ in range(fan_out * fan_in):  # column-major order of W, as the draws are made
        u = ((engine() >> 12) + 0.5) * 2.0**-52
        weights.append(-a + (a - (-a)) * u)
emit("glorot_seed7", weights)

path = pathlib.Path(__file__).with_name("torch_reference.txt")
path.write_text("# generated by make_reference.py with torch " + torch.__version__ + "\n" +
                "\n".join(out_lines) + "\n")
print("wrote", path)
