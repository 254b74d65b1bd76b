"""PyTorch float64 peer for the engine benchmark (run with Debian's python3-torch), PyTorch at its best on this machine.

Setup: apt-get install python3-torch libopenblas0-pthread python3-threadpoolctl  (without OpenBLAS, Debian's torch calls
the reference netlib BLAS and is 3-14x slower: not a fair peer)
Usage: /usr/bin/python3 benchmarks/peers/torch_engine.py [path/to/ACASXU_run2a_1_1_batch_2000.nnet]

The script fixes its own environment before torch loads (it re-executes itself once if needed), so the run line needs
nothing else; the equivalent explicit run line is
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
      MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=4000000000 MALLOC_TOP_PAD_=536870912 \
      /usr/bin/python3 benchmarks/peers/torch_engine.py
- one thread (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)), no_grad;
- glibc told to keep freed memory (mmap/trim thresholds 4 GB, top pad 512 MB): otherwise every batch's large
  temporaries are mmap'ed and returned to the OS, and page faults dominate small and medium batches;
- OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset: this workplace sets them on some processors for old OpenBLAS builds, and
  they force a slower kernel; the script prints the kernel OpenBLAS then runs (threadpoolctl) so a run shows it.

Measures the throughput of a batched forward pass that also produces every hidden layer's activation pattern (z > 0),
for
  - ACAS Xu network 1_1 (5-50x6-5), 100,000 inputs;
  - a random 784-256-256-10 network, 20,000 inputs;
and the machine's float64 GEMM peak (2048^3 matmul). Prints best-of-N times, inputs/s and GFLOP/s.
"""
import os
import sys

_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MALLOC_MMAP_THRESHOLD_": "4000000000",
    "MALLOC_TRIM_THRESHOLD_": "4000000000",
    "MALLOC_TOP_PAD_": "536870912",
}
_UNSET = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if any(os.environ.get(k) != v for k, v in _ENV.items()) or any(k in os.environ for k in _UNSET):
    # glibc reads the MALLOC_* variables and OpenBLAS its variables at process start: set them, then start again.
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env.update(_ENV)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def read_nnet(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("//"):
                continue
            toks = [t for t in line.strip().split(",") if t.strip()]
            if toks:
                rows.append([float(t) for t in toks])
    n_layers = int(rows[0][0])
    sizes = [int(v) for v in rows[1]]
    pos = 7  # counts, sizes, flag, mins, maxes, means, ranges
    layers = []
    for k in range(n_layers):
        w = torch.tensor(rows[pos:pos + sizes[k + 1]])
        pos += sizes[k + 1]
        b = torch.tensor([r[0] for r in rows[pos:pos + sizes[k + 1]]])
        pos += sizes[k + 1]
        layers.append((w, b))
    return layers


def random_layers(sizes, seed=1):
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(sizes[k + 1], sizes[k], generator=g) * (2.0 / sizes[k]) ** 0.5,
             torch.randn(sizes[k + 1], generator=g) * 0.1) for k in range(len(sizes) - 1)]


def forward_with_patterns(layers, x):
    patterns = []
    h = x
    for w, b in layers[:-1]:
        z = torch.addmm(b, h, w.t())
        patterns.append(z > 0)
        h = torch.relu(z)
    w, b = layers[-1]
    return torch.addmm(b, h, w.t()), patterns


def bench(name, layers, n, reps=7):
    x = torch.rand(n, layers[0][0].shape[1]) - 0.5
    flops = 2.0 * n * sum(w.numel() for w, _ in layers)
    with torch.no_grad():
        forward_with_patterns(layers, x)
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            forward_with_patterns(layers, x)
            best = min(best, time.perf_counter() - t0)
    print(f"{name}: {best * 1e3:.2f} ms for {n} inputs, {n / best:,.0f} inputs/s, {flops / best / 1e9:.2f} GFLOP/s")


def gemm_peak(n=2048, reps=5):
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    best = min(_timed(lambda: torch.mm(a, b)) for _ in range(reps))
    print(f"GEMM peak (float64 {n}^3, 1 thread): {2.0 * n ** 3 / best / 1e9:.2f} GFLOP/s")


def blas_kernel():
    """The BLAS library torch runs and, for OpenBLAS, the kernel it chose (openblas_get_corename / threadpoolctl)."""
    import ctypes
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and line.split()[-1].startswith("/")})
    found = []
    for lib in libs:
        real = os.path.realpath(lib)
        try:
            get = ctypes.CDLL(real).openblas_get_corename
            get.restype = ctypes.c_char_p
            found.append(f"{real} (OpenBLAS kernel {get().decode()})")
        except (OSError, AttributeError):
            found.append(real)
    try:
        from threadpoolctl import threadpool_info
        found += [f"threadpoolctl: {p.get('internal_api')} {p.get('version')} {p.get('architecture')}, {p.get('num_threads')} thread(s)"
                  for p in threadpool_info() if p.get("user_api") == "blas"]
    except ImportError:
        pass
    return "; ".join(found) or "none found"


def _timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet"
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {torch.__config__.parallel_info().splitlines()[0]}")
    print("env: " + ", ".join(f"{k}={os.environ.get(k)}" for k in (*_ENV, *_UNSET)))
    torch.mm(torch.rand(8, 8), torch.rand(8, 8))  # make sure the BLAS library is loaded
    print("BLAS: " + blas_kernel())
    bench("ACAS Xu 1_1 (5-50x6-5)", read_nnet(path), 100_000)
    bench("MLP 784-256-256-10", random_layers([784, 256, 256, 10]), 20_000)
    gemm_peak()
