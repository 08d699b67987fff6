"""Cross-entropy of a linear output layer, forward + backward: course_lib's blocked pass against PyTorch's
materialised logits, side by side in one process, on one thread each, in float32.

For each case (N tokens, D features, V vocabulary entries) it times

- ``cl.linear_cross_entropy_and_grad(hidden, weight, target)``: blocks of tokens, never the N x V logits
  (``course_lib/linear_ce.py``), with numpy's BLAS limited to one thread (threadpoolctl);
- ``F.cross_entropy(F.linear(hidden, weight), target)`` then ``.backward()``, on one thread
  (``torch.set_num_threads(1)``): the logits, their log-softmax and their gradient materialised,

interleaved, after a warm-up and a check that both give the same loss and gradients. It prints the medians,
the ratio course_lib / torch (the median over rounds of the ratio of two consecutive calls; goal <= 1.0), the
rate of both in GFLOP/s (the three matrix products, 6 N V D operations, dominate), and the peak memory
course_lib allocates (tracemalloc) beyond the gradients it returns, against the size of the N x V logits
(goal <= 1/10).

With ``--torch-chunked`` it also times torch's own fused ``F.linear_cross_entropy`` in its chunked mode
(``options=torch.nn.LinearCrossEntropyOptions()``, which never builds the N x V logits either), against
course_lib in the same way, and prints a second table: on CPU it is slower than torch's materialised path,
so the first table compares course_lib with the faster of torch's two.

Run:  python benchmarks/linear_ce.py [--repeats 7] [--chunk-size B] [--torch-chunked]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import tracemalloc

import numpy as np
import threadpoolctl
import torch
import torch.nn.functional as F

# the same interleaved timing and paired ratio as the fused cross-entropy benchmark (run as a script, this
# folder is on the import path)
from ce_speed import interleaved_times, paired_ratio

import course_lib as cl
import course_lib.linear_ce

CASES = [(4096, 256, 32000), (1024, 256, 128256)]  # (N, D, V): a 32k vocabulary (Llama 2), 128k (Llama 3)
MIB = 1 << 20


def torch_forward_backward(hidden: torch.Tensor, weight: torch.Tensor, target: torch.Tensor):
    hidden.grad = weight.grad = None
    loss = F.cross_entropy(F.linear(hidden, weight), target)
    loss.backward()
    return loss, hidden.grad, weight.grad


def torch_chunked_forward_backward(hidden: torch.Tensor, weight: torch.Tensor, target: torch.Tensor):
    hidden.grad = weight.grad = None
    loss = F.linear_cross_entropy(hidden, weight, target, options=torch.nn.LinearCrossEntropyOptions())
    loss.backward()
    return loss, hidden.grad, weight.grad


def peak_memory(f) -> tuple[int, int]:
    """(peak bytes numpy allocated while f ran, bytes of what f returned), both from tracemalloc."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = f()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    returned = sum(np.asarray(x).nbytes for x in result if x is not None)
    return peak, returned


def check_agreement(ours, theirs) -> None:
    """Loss and gradients agree to float32 rounding of the matrix products (which add in another order)."""
    loss, d_hidden, d_weight, _ = ours
    t_loss, t_hidden, t_weight = (x.detach().numpy() for x in theirs)
    assert np.isclose(loss, t_loss, rtol=1e-5), f"losses disagree: {loss} against {t_loss}"
    for name, a, b in (("grad_hidden", d_hidden, t_hidden), ("grad_weight", d_weight, t_weight)):
        error = float(np.abs(a - b).max()) / float(np.abs(b).max())
        assert error < 1e-4, f"{name} disagrees: max error {error:.2g} of its largest entry"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed calls per function and case (median)")
    parser.add_argument(
        "--chunk-size", type=int, default=None, help="tokens per block for course_lib (default: the library's)"
    )
    parser.add_argument("--torch-chunked", action="store_true", help="also time torch's chunked F.linear_cross_entropy")
    args = parser.parse_args()
    chunked_rows = []
    torch.set_num_threads(1)
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):  # numpy's BLAS: one thread
        blas = [
            f"{i['internal_api']} {i['version']} ({i['num_threads']} thread)"
            for i in threadpoolctl.threadpool_info()
            if i["user_api"] == "blas" and "numpy" in i["filepath"]
        ]
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__} (1 thread); "
            f"numpy's BLAS: {blas[0]}"
        )
        print()
        print(
            "| N x D x V | block B | course_lib s | torch s | ratio cl/torch | course_lib GFLOP/s | torch GFLOP/s "
            "| cl peak extra MiB | logits N x V MiB | peak / logits | load |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        rng = np.random.default_rng(0)
        worst_ratio = worst_memory = 0.0
        for n, d, v in CASES:
            hidden = rng.standard_normal((n, d)).astype(np.float32)
            weight = (rng.standard_normal((v, d)) / np.sqrt(d)).astype(np.float32)
            target = rng.integers(0, v, n)
            h_t = torch.from_numpy(hidden).requires_grad_(True)
            w_t = torch.from_numpy(weight).requires_grad_(True)
            y_t = torch.from_numpy(target)
            ours = functools.partial(
                cl.linear_cross_entropy_and_grad, hidden, weight, target, chunk_size=args.chunk_size
            )
            theirs = functools.partial(torch_forward_backward, h_t, w_t, y_t)
            check_agreement(ours(), theirs())
            load_before = os.getloadavg()[0]
            runs = interleaved_times({"cl": ours, "torch": theirs}, args.repeats)
            load = max(load_before, os.getloadavg()[0])
            peak, returned = peak_memory(ours)
            extra = peak - returned
            logits = n * v * 4
            times = {name: statistics.median(ts) for name, ts in runs.items()}
            ratio = paired_ratio(runs["cl"], runs["torch"])
            flops = 6 * n * v * d
            block = min(n, args.chunk_size or max(1, cl.linear_ce.BLOCK_BYTES // (v * 4)))  # tokens per block
            worst_ratio, worst_memory = max(worst_ratio, ratio), max(worst_memory, extra / logits)
            print(
                f"| {n} x {d} x {v} | {block} | {times['cl']:.2f} | {times['torch']:.2f} | **{ratio:.2f}** "
                f"| {flops / times['cl'] / 1e9:.0f} | {flops / times['torch'] / 1e9:.0f} "
                f"| {extra / MIB:.1f} | {logits / MIB:.0f} | **{extra / logits:.3f}** | {load:.1f} |",
                flush=True,
            )
            if args.torch_chunked:
                chunked = functools.partial(torch_chunked_forward_backward, h_t, w_t, y_t)
                check_agreement(ours(), chunked())
                runs = interleaved_times({"cl": ours, "chunked": chunked}, args.repeats)
                times = {name: statistics.median(ts) for name, ts in runs.items()}
                ratio = paired_ratio(runs["cl"], runs["chunked"])
                row = f"| {n} x {d} x {v} | {times['cl']:.2f} | {times['chunked']:.2f} | **{ratio:.2f}** |"
                chunked_rows.append(row)
    if chunked_rows:
        print()
        print("torch's chunked F.linear_cross_entropy (LinearCrossEntropyOptions()), 1 thread:")
        print()
        print("| N x D x V | course_lib s | torch chunked s | ratio cl/chunked |")
        print("|---|---|---|---|")
        print("\n".join(chunked_rows))
    print()
    print(f"worst ratio course_lib / torch: {worst_ratio:.2f} (goal <= 1.00)")
    print(f"worst peak extra memory / logits: {worst_memory:.3f} (goal <= 0.100)")


if __name__ == "__main__":
    main()
