"""Cross-entropy forward + backward: course_lib against PyTorch, side by side in one process.

For each case (N samples, C classes, dtype) it times

- ``cl.cross_entropy_and_grad(logits, target)``: the fused, cache-blocked numpy pass;
- ``F.cross_entropy(logits, target)`` then ``.backward()`` on one thread (``torch.set_num_threads(1)``);
- the textbook numpy version (np.eye one-hot, softmax, then log, then a second pass for the gradient),

interleaved, after a warm-up, and prints the medians, the ratio course_lib / torch (goal <= 1.0; the median
over rounds of the ratio of two consecutive calls), a
roofline bound and the peak memory course_lib allocates (tracemalloc), in units of one N x C buffer.

The roofline bound is max(bytes moved / copy bandwidth, exp count / exp rate), both rates measured here:
at the least the logits are read once and the gradient written once, and N*C exponentials are taken.

Run:  python benchmarks/ce_speed.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import time
import tracemalloc

import numpy as np
import torch
import torch.nn.functional as F

import course_lib as cl

CASES = [(1 << 20, 10), (65536, 100), (8192, 1000), (1024, 32000)]
DTYPES = [np.float32, np.float64]


def textbook_cross_entropy_and_grad(logits, target):
    """What most tutorials write: a one-hot matrix, softmax, a log, and a second pass for the gradient."""
    n, c = logits.shape
    y = np.eye(c, dtype=logits.dtype)[target]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.sum(y * np.log(p)) / n
    return loss, (p - y) / n


def torch_cross_entropy_and_grad(logits, target):
    z = logits.detach().requires_grad_(True)
    loss = F.cross_entropy(z, target)
    loss.backward()
    return loss, z.grad


def interleaved_times(functions: dict, repeats: int) -> dict:
    """Wall times of each function, ``repeats`` calls each, interleaved so that drifts hit all of them alike."""
    for f in functions.values():  # warm-up: caches, allocator, lazy initialisation
        f()
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, f in functions.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    return times


def paired_ratio(a: list, b: list) -> float:
    """Median over rounds of a[i] / b[i]: each ratio compares two calls made one right after the other, so a
    slow spell of a shared machine (which moves both) cancels out of it."""
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def best_time(f, repeats: int = 7) -> float:
    """The fastest of several calls: for a roofline, what the machine can do at best is what counts."""
    f()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def copy_bandwidth() -> float:
    """Bytes per second that np.copyto moves (read + write) between two 256 MiB arrays."""
    a = np.ones(1 << 25)
    b = np.empty_like(a)
    return 2 * a.nbytes / best_time(lambda: np.copyto(b, a))


def exp_rate(dtype) -> float:
    """Exponentials per second of np.exp in place on an array that stays in cache."""
    x = np.linspace(-10, 0, 1 << 14, dtype=dtype)
    y = np.empty_like(x)

    def run():
        for _ in range(64):
            np.exp(x, out=y)

    return 64 * x.size / best_time(run)


def peak_memory(f) -> int:
    """Peak bytes allocated by numpy while f runs (tracemalloc sees numpy's data buffers)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = f()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del result
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per function and case (median)")
    args = parser.parse_args()
    torch.set_num_threads(1)

    bandwidth = copy_bandwidth()
    rates = {dt: exp_rate(dt) for dt in DTYPES}
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__} (1 thread)"
    )
    print(
        f"copy bandwidth {bandwidth / 1e9:.1f} GB/s; np.exp "
        + ", ".join(f"{np.dtype(dt).name} {r / 1e9:.2f} G/s" for dt, r in rates.items())
    )
    print()
    print(
        "| N x C | dtype | course_lib ms | torch ms | ratio cl/torch | textbook/torch | roofline ms "
        "| cl/roofline | peak memory (N x C buffers) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    worst = 0.0
    for n, c in CASES:
        for dt in DTYPES:
            logits = (3 * rng.standard_normal((n, c))).astype(dt)
            target = rng.integers(0, c, n)
            z_t, y_t = torch.from_numpy(logits), torch.from_numpy(target)
            loss_cl, grad_cl = cl.cross_entropy_and_grad(logits, target)
            loss_t, grad_t = torch_cross_entropy_and_grad(z_t, y_t)
            tol = 1e-5 if dt == np.float32 else 1e-12
            assert np.allclose(grad_cl, grad_t.numpy(), rtol=tol, atol=tol / n), "gradients disagree"
            assert np.isclose(loss_cl, loss_t.item(), rtol=tol), "losses disagree"
            runs = interleaved_times(
                {
                    "cl": functools.partial(cl.cross_entropy_and_grad, logits, target),
                    "torch": functools.partial(torch_cross_entropy_and_grad, z_t, y_t),
                    "textbook": functools.partial(textbook_cross_entropy_and_grad, logits, target),
                },
                args.repeats,
            )
            buffer = logits.nbytes
            roofline = max((2 * buffer + target.nbytes) / bandwidth, n * c / rates[dt])
            peak = peak_memory(functools.partial(cl.cross_entropy_and_grad, logits, target)) / buffer
            times = {name: statistics.median(ts) for name, ts in runs.items()}
            ratio = paired_ratio(runs["cl"], runs["torch"])
            textbook_ratio = paired_ratio(runs["textbook"], runs["torch"])
            worst = max(worst, ratio)
            print(
                f"| {n} x {c} | {np.dtype(dt).name} | {1e3 * times['cl']:.1f} | {1e3 * times['torch']:.1f} "
                f"| **{ratio:.2f}** | {textbook_ratio:.2f} | {1e3 * roofline:.1f} "
                f"| {times['cl'] / roofline:.1f} | {peak:.2f} |",
                flush=True,
            )
    print()
    print(f"worst ratio course_lib / torch: {worst:.2f} (goal <= 1.00)")


if __name__ == "__main__":
    main()
