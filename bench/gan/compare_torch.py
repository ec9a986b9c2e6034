#!/usr/bin/python3
"""gan::train steps per second against the same loop in PyTorch on the CPU, in one run.

Loop (float32, batch 512; D: 2-128-128-1 ReLU; G: 256-128-128-2 ReLU; non-saturating loss;
Adam lr 1e-4, betas (0.5, 0.999) for both; one D step per G step), as bench/gan/bench_train.cpp:
  x ~ N(0, I_2) (512), z ~ N(0, I_256) (512); fake = G(z) without grad;
  L_D = mean softplus(-D(x)) + mean softplus(D(fake)); backward; Adam step on D
  z ~ N(0, I_256) (512); L_G = mean softplus(-D(G(z))); backward into G; Adam step on G

Both sides run one thread (torch.set_num_threads; Eigen has no OpenMP here). Rates are on CPU
time (the machine is shared); the wall-time ratio is printed too.

PyTorch's BLAS: Debian's python3-torch calls the system libblas.so.3. `--blas openblas` runs the
PyTorch half with LD_LIBRARY_PATH pointing at OpenBLAS (libopenblas0-pthread), for that process
only; the default is whatever update-alternatives selects (reference BLAS on a bare Debian).

Usage: /usr/bin/python3 bench/gan/compare_torch.py build/bench/bench_train [--repetitions N] [--blas default|openblas]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"


def torch_times(repetitions, min_time, threads):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    def mlp(sizes):
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
            if i + 2 < len(sizes):
                layers.append(torch.nn.ReLU())
        return torch.nn.Sequential(*layers)

    d, g = mlp([2, 128, 128, 1]), mlp([256, 128, 128, 2])
    opt_d = torch.optim.Adam(d.parameters(), lr=1e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(g.parameters(), lr=1e-4, betas=(0.5, 0.999))

    def step():
        x, z = torch.randn(512, 2), torch.randn(512, 256)
        with torch.no_grad():
            fake = g(z)
        opt_d.zero_grad()
        loss_d = F.softplus(-d(x)).mean() + F.softplus(d(fake)).mean()
        loss_d.backward()
        opt_d.step()
        z = torch.randn(512, 256)
        opt_g.zero_grad()
        loss_g = F.softplus(-d(g(z))).mean()
        loss_g.backward()
        opt_g.step()

    for _ in range(5):
        step()
    wall, cpu = [], []
    for _ in range(repetitions):
        n, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            step()
            n += 1
            if time.perf_counter() - t0 >= min_time:
                break
        wall.append((time.perf_counter() - t0) / n)
        cpu.append((time.process_time() - c0) / n)
    return {"wall": wall, "cpu": cpu, "version": torch.__version__}


def advdiv_times(binary, repetitions, min_time):
    out = subprocess.run([binary, "--benchmark_filter=BM_train_non_saturating|BM_samplers_only",
                          f"--benchmark_repetitions={repetitions}", f"--benchmark_min_time={min_time}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    res = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        name = b["run_name"].split("/")[0]
        per = 20.0  # steps_per_call in bench_train.cpp
        r = res.setdefault(name, {"wall": [], "cpu": []})
        r["wall"].append(b["real_time"] * scale[b["time_unit"]] / per)
        r["cpu"].append(b["cpu_time"] * scale[b["time_unit"]] / per)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default="build/bench/bench_train")
    ap.add_argument("--repetitions", type=int, default=9)
    ap.add_argument("--min-time", type=float, default=0.5)
    ap.add_argument("--blas", choices=["default", "openblas", "both"], default="both")
    ap.add_argument("--torch-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.torch_only:  # child process: the PyTorch half, with the BLAS its environment selects
        print(json.dumps(torch_times(args.repetitions, args.min_time, 1)))
        return

    med = statistics.median
    ours = advdiv_times(args.binary, args.repetitions, args.min_time)
    step, samplers = ours["BM_train_non_saturating"], ours["BM_samplers_only"]
    print(f"advdiv gan::train: {1e3 * med(step['cpu']):.3f} ms/step CPU ({1 / med(step['cpu']):.1f} steps/s), "
          f"{1e3 * med(step['wall']):.3f} ms wall; of which samplers {1e3 * med(samplers['cpu']):.3f} ms; "
          f"medians of {args.repetitions}")
    for blas in (["default", "openblas"] if args.blas == "both" else [args.blas]):
        env = dict(os.environ)
        env.pop("OPENBLAS_CORETYPE", None)  # the competitor at its best: OpenBLAS picks its own kernels
        # One thread on both sides: torch.set_num_threads does not reach OpenBLAS's own pool.
        env["OPENBLAS_NUM_THREADS"] = "1"
        env["OMP_NUM_THREADS"] = "1"
        if blas == "openblas":
            if not os.path.exists(os.path.join(OPENBLAS_DIR, "libblas.so.3")):
                print("openblas: not installed (apt-get install libopenblas0-pthread); skipped")
                continue
            env["LD_LIBRARY_PATH"] = OPENBLAS_DIR + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
        out = subprocess.run([sys.executable, __file__, "--torch-only", f"--repetitions={args.repetitions}",
                              f"--min-time={args.min_time}"], check=True, capture_output=True, text=True, env=env)
        t = json.loads(out.stdout)
        ratio_cpu = med(t["cpu"]) / med(step["cpu"])
        ratio_wall = med(t["wall"]) / med(step["wall"])
        print(f"PyTorch {t['version']} ({blas} BLAS), 1 thread: {1e3 * med(t['cpu']):.3f} ms/step CPU "
              f"({1 / med(t['cpu']):.1f} steps/s), {1e3 * med(t['wall']):.3f} ms wall")
        print(f"  speed-up advdiv / PyTorch ({blas} BLAS): {ratio_cpu:.2f}x on CPU time, {ratio_wall:.2f}x on wall time")


if __name__ == "__main__":
    main()
