# PyTorch on the same GPU and sizes as bench_thrust_gpu: the bandwidth a plain reduction
# reaches and torch's own KL and JS, the competitor's figures (bench/thrust/gpu_check.sh run).
import statistics, torch
def t(f, reps=10):
    f(); torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record(); f(); b.record(); torch.cuda.synchronize(); ts.append(a.elapsed_time(b))
    return statistics.median(ts)
print("torch", torch.__version__, torch.cuda.get_device_name())
for n in (10**8, 10**9):
    g = torch.Generator(device="cuda").manual_seed(1)
    p = torch.rand(n, device="cuda", generator=g) * 0.99 + 0.01; p /= p.sum()
    q = torch.rand(n, device="cuda", generator=g) * 0.99 + 0.01; q /= q.sum()
    gb = 2 * n * 4 / 1e9
    ms = t(lambda: torch.add(p, q).sum()); print(f"n={n} sum(p+q) {ms:.3f} ms {gb/ms*1e3:.0f} GB/s")
    ms = t(lambda: torch.special.xlogy(p, p / q).sum()); print(f"n={n} kl xlogy(p,p/q).sum() {ms:.3f} ms {gb/ms*1e3:.0f} GB/s")
    def js():
        m = 0.5 * (p + q)
        return 0.5 * (torch.special.xlogy(p, p / m).sum() + torch.special.xlogy(q, q / m).sum())
    ms = t(js); print(f"n={n} js (two xlogy sums) {ms:.3f} ms {gb/ms*1e3:.0f} GB/s")
    del p, q; torch.cuda.empty_cache()
