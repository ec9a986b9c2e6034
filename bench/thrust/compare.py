#!/usr/bin/python3
"""Run a Thrust benchmark program (bench_thrust for OMP, bench_thrust_gpu on a GPU) with
repetitions and print, for each case, the median times of the single-thread CPU path and the
Thrust backend and their ratio (the speed-up), plus the achieved bandwidth of the Thrust runs.

usage: OMP_NUM_THREADS=2 bench/thrust/compare.py build/bench/thrust/bench_thrust [repetitions]
       bench/thrust/compare.py ./bench_thrust_gpu 5 --bandwidth-gbs 4800   (H200 peak)
       bench/thrust/compare.py --json bench.json --bandwidth-gbs 4800
           (the JSON a run with --benchmark_repetitions and --benchmark_out wrote)
"""
import json
import subprocess
import sys


def main():
    peak = None
    if "--bandwidth-gbs" in sys.argv:
        peak = float(sys.argv[sys.argv.index("--bandwidth-gbs") + 1])
    if sys.argv[1] == "--json":
        with open(sys.argv[2]) as f:
            out = f.read()
    else:
        program = sys.argv[1]
        reps = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else 5
        out = subprocess.run([program, f"--benchmark_repetitions={reps}", "--benchmark_report_aggregates_only=true",
                              "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    runs = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            runs[b["run_name"].replace("/real_time", "")] = b
    print(f"{'case':40s} {'cpu [ms]':>10s} {'thrust [ms]':>12s} {'speed-up':>9s} {'thrust GB/s':>12s}"
          + ("  of peak" if peak else ""))
    for name, b in runs.items():
        if not name.startswith("thrust_"):
            continue
        cpu = runs.get("cpu_" + name[len("thrust_"):])
        t = b["real_time"]
        gbs = b.get("bytes_per_second", 0.0) / 1e9
        line = f"{name:40s} {cpu['real_time'] if cpu else float('nan'):10.2f} {t:12.2f} "
        line += f"{(cpu['real_time'] / t) if cpu else float('nan'):9.2f} {gbs:12.2f}"
        if peak and gbs:
            line += f"  {100 * gbs / peak:6.1f}%"
        print(line)


if __name__ == "__main__":
    main()
