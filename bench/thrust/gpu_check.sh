#!/usr/bin/env bash
# The Thrust backend on a CUDA GPU: the host tests built for THRUST_DEVICE_SYSTEM_CUDA and the
# GPU benchmark, built here with nvcc for sm_90 (Hopper) and run where the GPU is.
#   bash bench/thrust/gpu_check.sh build     # nvcc, 2 jobs; about 30 min of a 2-core machine
#   bash bench/thrust/gpu_check.sh run OUT   # on the GPU machine: tests, torch, benchmark to OUT
#   /usr/bin/python3 bench/thrust/compare.py --json OUT/bench.json --bandwidth-gbs 4800
# The build goes to .gpu/ (with libbenchmark's shared library, so the run needs no packages
# there); ARCH=sm_80 etc. builds for another GPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=.gpu
case ${1:-} in
  build)
    mkdir -p $dir
    nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
    arch=${ARCH:-sm_90}
    flags=(-O3 -std=c++20 --expt-relaxed-constexpr -gencode "arch=compute_${arch#sm_},code=$arch"
           -Iinclude -I/usr/include/eigen3)
    objects=()
    for f in tests/test_main.cpp tests/thrust/test_*.cpp; do objects+=("$dir/$(basename "${f%.cpp}").o"); done
    printf '%s\n' tests/test_main.cpp tests/thrust/test_*.cpp | xargs -P 2 -I{} sh -c \
      "$nvcc ${flags[*]} -x cu -DADVDIV_TEST_DATA_DIR='\"tests/data\"' -c {} -o $dir/\$(basename {} .cpp).o"
    "$nvcc" "${flags[@]}" -o $dir/test_thrust_cuda "${objects[@]}"
    "$nvcc" "${flags[@]}" bench/thrust/bench_thrust_gpu.cu -lbenchmark -lbenchmark_main -lpthread \
      -o $dir/bench_thrust_gpu
    strip $dir/test_thrust_cuda $dir/bench_thrust_gpu
    rm -f "${objects[@]}"
    cp -L "$(ldconfig -p | sed -n 's/.*libbenchmark.so.1debian.*=> //p' | head -1)" $dir/ ;;
  run)
    out=${2:?usage: $0 run OUT}
    mkdir -p "$out"
    export LD_LIBRARY_PATH=$PWD/$dir:${LD_LIBRARY_PATH:-}
    { nvidia-smi -L; nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,clocks.max.mem,driver_version --format=csv
      lscpu | grep -E "Model name|^CPU\(s\)"; } > "$out/device.txt" 2>&1 || true
    cat "$out/device.txt"
    rc=0; timeout 150 $dir/test_thrust_cuda > "$out/tests.txt" 2>&1 || rc=$?
    echo "tests rc=$rc" | tee -a "$out/tests.txt"; tail -4 "$out/tests.txt"
    PYTHONUNBUFFERED=1 timeout 90 python3 bench/thrust/torch_reference.py > "$out/torch.txt" 2>&1 || true
    cat "$out/torch.txt"
    rc=0; timeout 300 $dir/bench_thrust_gpu --benchmark_repetitions=5 --benchmark_out="$out/bench.json" \
      --benchmark_out_format=json > "$out/bench_console.txt" 2>&1 || rc=$?
    echo "bench rc=$rc"; tail -30 "$out/bench_console.txt" ;;
  *) echo "usage: $0 build | run OUT" >&2; exit 2 ;;
esac
