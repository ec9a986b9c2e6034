#!/usr/bin/python3
"""Run the same WGAN training step in advdiv (bench_nn_step) and in PyTorch on the CPU,
with the same thread count, and print the medians and the ratio.

Step (float32, batch 512; critic D: 2-128-128-1 ReLU; generator G: 256-128-128-2 ReLU):
  critic:    fake = G(z1) without grad; loss = mean D(fake) - mean D(real); backward; Adam
  generator: loss = -mean D(G(z2)); backward (through D into G); Adam
Adam: lr 1e-4, betas (0.5, 0.9), as in bench_nn_step.cpp.

Usage: /usr/bin/python3 bench/nn/compare_torch.py [path/to/bench_nn_step] [--repetitions N]
"""
import argparse
import json
import statistics
import subprocess
import time

import torch


def torch_step_times(repetitions, min_time):
    torch.manual_seed(0)
    d = torch.nn.Sequential(torch.nn.Linear(2, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                            torch.nn.ReLU(), torch.nn.Linear(128, 1))
    g = torch.nn.Sequential(torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                            torch.nn.ReLU(), torch.nn.Linear(128, 2))
    opt_d = torch.optim.Adam(d.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_g = torch.optim.Adam(g.parameters(), lr=1e-4, betas=(0.5, 0.9))
    real = torch.randn(512, 2)
    z1, z2 = torch.randn(512, 256), torch.randn(512, 256)

    def step():
        with torch.no_grad():
            fake = g(z1)
        opt_d.zero_grad(set_to_none=False)
        loss_d = d(fake).mean() - d(real).mean()
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad(set_to_none=False)
        d.zero_grad(set_to_none=False)
        loss_g = -d(g(z2)).mean()
        loss_g.backward()
        opt_g.step()

    for _ in range(5):
        step()
    wall_times, cpu_times = [], []
    for _ in range(repetitions):
        n, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            step()
            n += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= min_time:
                break
        wall_times.append(elapsed / n)
        cpu_times.append((time.process_time() - c0) / n)
    return wall_times, cpu_times


def advdiv_step_times(binary, repetitions, min_time):
    out = subprocess.run([binary, "--benchmark_filter=BM_wgan_step|BM_eigen_gemm_only",
                          f"--benchmark_repetitions={repetitions}",
                          f"--benchmark_min_time={min_time}", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b.get("run_type") == "iteration"]
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    real, cpu, flop = {}, {}, {}
    for b in runs:
        name = b["run_name"].split("/")[0]
        real.setdefault(name, []).append(b["real_time"] * scale[b["time_unit"]])
        cpu.setdefault(name, []).append(b["cpu_time"] * scale[b["time_unit"]])
        flop[name] = b["flop/step"]
    return real, cpu, flop


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default="build/bench/bench_nn_step")
    ap.add_argument("--repetitions", type=int, default=9)
    ap.add_argument("--min-time", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)

    real, cpu, flop = advdiv_step_times(args.binary, args.repetitions, args.min_time)
    t_real, t_cpu = torch_step_times(args.repetitions, args.min_time)
    med = statistics.median
    f = flop["BM_wgan_step"]
    rows = [("advdiv", med(real["BM_wgan_step"]), med(cpu["BM_wgan_step"])),
            ("Eigen GEMM only, same shapes", med(real["BM_eigen_gemm_only"]),
             med(cpu["BM_eigen_gemm_only"])),
            ("PyTorch (CPU)", med(t_real), med(t_cpu))]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); medians of "
          f"{args.repetitions} repetitions; {f / 1e6:.1f} MFLOP of matrix products per step")
    print(f"{'':<30}{'wall ms':>9}{'CPU ms':>9}{'steps/s':>9}{'GFLOP/s':>9}   (rates on CPU time)")
    for name, r, c in rows:
        steps = "" if "GEMM" in name else f"{1 / c:>9.1f}"
        print(f"{name:<30}{r * 1e3:>9.3f}{c * 1e3:>9.3f}{steps:>9}{f / c / 1e9:>9.1f}")
    ours, gemm, theirs = rows[0][2], rows[1][2], rows[2][2]
    print(f"speed-up advdiv / PyTorch, steps/s: {theirs / ours:.2f}x on CPU time, "
          f"{rows[2][1] / rows[0][1]:.2f}x on wall time; advdiv runs at "
          f"{100 * gemm / ours:.0f}% of Eigen's GEMM rate on the same products")


if __name__ == "__main__":
    main()
