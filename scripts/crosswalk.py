"""The framework crosswalk's data: the same cross-entropy calls run in every library, written to one file.

book/appendix_crosswalk.ipynb lines up PyTorch, Keras 3 (on its JAX backend), JAX with optax, scikit-learn
and course_lib. It does not import the frameworks (readers and Binder do not install them): it shows the code
a learner would write as static code blocks and takes every number that code produces from
book/data/crosswalk.json, which this script writes. Each snippet below is run as written, in a namespace that
holds the page's setup (SETUP_IMPORTS, SETUP_DATA: the page's first code cells) and the framework imports
(FRAMEWORK_IMPORTS: the page's first code block); its last line is an expression whose value is recorded, or
the error it raises (type and first line of the message), with the messages of any warnings it emits.

tests/test_crosswalk.py checks every claim of the page against the libraries themselves, checks that the page
shows the snippets' code verbatim, and regenerates this data in process to compare it with the committed file,
so the page cannot drift from the libraries. The libraries are test-time dependencies (requirements-dev.in);
the versions they had when the file was written are in it and on the page.

Usage: .venv/bin/python scripts/crosswalk.py   (writes book/data/crosswalk.json)
"""

from __future__ import annotations

import ast
import json
import os
import sys
import warnings
from importlib import metadata
from pathlib import Path

# Keras reads its backend once, when it is first imported; JAX runs on the CPU.
os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "book" / "data" / "crosswalk.json"
SIGNIFICANT_DIGITS = 12
LIBRARIES = ["PyTorch", "Keras 3", "optax", "scikit-learn", "course_lib"]
VERSIONED = ["torch", "keras", "jax", "jaxlib", "optax", "scikit-learn", "scipy", "numpy"]

# The page's first code cell and its data cell, verbatim (tests/test_crosswalk.py checks that they are).
SETUP_IMPORTS = """\
import numpy as np

import course_lib as cl"""

SETUP_DATA = """\
# categorical: four examples, three classes; logits (N, C) and class indices (N,)
logits = np.array(
    [[2.0, 4.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.5], [3.0, 0.0, 1.0]]
)
target = np.array([1, 0, 2, 0])
onehot = np.eye(3)[target]  # the same targets, one-hot (N, C)
soft = np.array(  # probability targets (N, C), each row sums to 1
    [[0.0, 0.7, 0.3], [0.6, 0.4, 0.0], [0.1, 0.1, 0.8], [1.0, 0.0, 0.0]]
)
class_weight = np.array([1.0, 2.0, 0.5])  # one weight per class
sample_weight = np.array([1.0, 0.5, 2.0, 1.0])  # one weight per example
target_ignored = np.array([1, -100, 2, 0])  # the second example is to be ignored
# binary: one logit per example; multi-label: three yes/no labels per example
z = np.array([2.0, -1.0, 0.5, -3.0])
y = np.array([1.0, 0.0, 0.0, 1.0])
z_multi = np.array([[1.5, -0.5, 3.0], [-2.0, 0.5, 0.0]])
y_multi = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])"""

# The page's first static code block: what every framework snippet assumes.
FRAMEWORK_IMPORTS = """\
import os

os.environ["KERAS_BACKEND"] = "jax"  # before keras is first imported
import keras
import optax
import torch
import torch.nn.functional as F
from scipy.special import expit, softmax  # sigmoid and softmax
from sklearn.metrics import log_loss

t_logits, t_target = torch.tensor(logits), torch.tensor(target)  # float64, int64
t_z, t_y = torch.tensor(z), torch.tensor(y)
probs = softmax(logits, axis=1)  # for the APIs that take probabilities"""


def _s(key: str, library: str, code: str, **params) -> dict:
    return {"key": key, "library": library, "code": code, "params": params}


SNIPPETS = [
    # --- the worked example: the right call in every library -------------------------------------------
    _s("index_torch", "PyTorch", "F.cross_entropy(t_logits, t_target)"),
    _s("index_torch_module", "PyTorch", "torch.nn.CrossEntropyLoss()(t_logits, t_target)"),
    _s("index_keras", "Keras 3", "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target, logits)"),
    _s("index_optax", "optax", "optax.losses.softmax_cross_entropy_with_integer_labels(logits, target).mean()"),
    _s("index_sklearn", "scikit-learn", "log_loss(target, probs)"),
    _s("index_course_lib", "course_lib", "cl.cross_entropy(logits, target)"),
    _s("onehot_torch", "PyTorch", "F.cross_entropy(t_logits, torch.tensor(onehot))"),
    _s("onehot_keras", "Keras 3", "keras.losses.CategoricalCrossentropy(from_logits=True)(onehot, logits)"),
    _s("onehot_optax", "optax", "optax.losses.softmax_cross_entropy(logits, onehot).mean()"),
    _s("onehot_sklearn", "scikit-learn", "log_loss(onehot, probs)"),
    _s("onehot_course_lib", "course_lib", "cl.cross_entropy(logits, onehot)"),
    _s("soft_torch", "PyTorch", "F.cross_entropy(t_logits, torch.tensor(soft))"),
    _s("soft_keras", "Keras 3", "keras.losses.CategoricalCrossentropy(from_logits=True)(soft, logits)"),
    _s("soft_optax", "optax", "optax.losses.softmax_cross_entropy(logits, soft).mean()"),
    _s("soft_sklearn", "scikit-learn", "log_loss(soft, probs)"),
    _s("soft_course_lib", "course_lib", "cl.cross_entropy(logits, soft)"),
    _s("binary_torch", "PyTorch", "F.binary_cross_entropy_with_logits(t_z, t_y)"),
    _s("binary_torch_module", "PyTorch", "torch.nn.BCEWithLogitsLoss()(t_z, t_y)"),
    _s("binary_keras", "Keras 3", "keras.losses.BinaryCrossentropy(from_logits=True)(y, z)"),
    _s("binary_optax", "optax", "optax.losses.sigmoid_binary_cross_entropy(z, y).mean()"),
    _s("binary_sklearn", "scikit-learn", "log_loss(y, expit(z))"),
    _s("binary_course_lib", "course_lib", "cl.binary_cross_entropy_with_logits(z, y)"),
    _s(
        "multi_torch",
        "PyTorch",
        "F.binary_cross_entropy_with_logits(torch.tensor(z_multi), torch.tensor(y_multi))",
    ),
    _s("multi_keras", "Keras 3", "keras.losses.BinaryCrossentropy(from_logits=True)(y_multi, z_multi)"),
    _s("multi_optax", "optax", "optax.losses.sigmoid_binary_cross_entropy(z_multi, y_multi).mean()"),
    _s("multi_sklearn", "scikit-learn", "log_loss(y_multi, expit(z_multi))  # not a multi-label loss"),
    _s("multi_course_lib", "course_lib", "cl.binary_cross_entropy_with_logits(z_multi, y_multi)"),
    # --- logits given to an API that expects probabilities, and the reverse --------------------------------
    _s("wrong_keras_sparse", "Keras 3", "keras.losses.SparseCategoricalCrossentropy()(target, logits)"),
    _s("wrong_torch_nll", "PyTorch", "F.nll_loss(t_logits, t_target)"),
    _s("wrong_sklearn", "scikit-learn", "log_loss(target, logits)"),
    _s("wrong_course_lib_nll", "course_lib", "cl.nll_loss(logits, target)"),
    _s("wrong_keras_binary", "Keras 3", "keras.losses.BinaryCrossentropy()(y, z)"),
    _s("wrong_torch_binary", "PyTorch", "F.binary_cross_entropy(t_z, t_y)"),
    _s("wrong_sklearn_binary", "scikit-learn", "log_loss(y, z)"),
    _s("wrong_course_lib_binary", "course_lib", "cl.binary_cross_entropy(z, y)"),
    _s(
        "wrong_keras_zero_sum",
        "Keras 3",
        "zero_sum = np.array([[1.0, -1.0, 0.0]])  # logits that add up to 0\n"
        "keras.losses.SparseCategoricalCrossentropy()(np.array([0]), zero_sum)",
    ),
    _s("twice_torch", "PyTorch", "F.cross_entropy(torch.tensor(probs), t_target)"),
    _s("twice_optax", "optax", "optax.losses.softmax_cross_entropy_with_integer_labels(probs, target).mean()"),
    _s("twice_course_lib", "course_lib", "cl.cross_entropy(probs, target)"),
    # --- targets: class axis, formats, values out of range ----------------------------------------------
    _s("axis_torch_dim1", "PyTorch", "F.cross_entropy(t_logits.T[None], t_target[None])  # (1, C, N)"),
    _s("axis_torch_last", "PyTorch", "F.cross_entropy(t_logits[None], t_target[None])  # (1, N, C)"),
    _s("dtype_torch_int32", "PyTorch", "F.cross_entropy(t_logits, t_target.int())"),
    _s("format_keras_index_to_categorical", "Keras 3", "keras.losses.CategoricalCrossentropy()(target, probs)"),
    _s("format_keras_column", "Keras 3", "keras.losses.SparseCategoricalCrossentropy()(target[:, None], probs)"),
    _s("format_sklearn_strings", "scikit-learn", 'log_loss(["b", "a", "c", "a"], probs)'),
    _s("format_sklearn_missing_class", "scikit-learn", "log_loss([0, 2], probs[1:3])  # no class 1 here"),
    _s("format_sklearn_missing_class_labels", "scikit-learn", "log_loss([0, 2], probs[1:3], labels=[0, 1, 2])"),
    _s(
        "range_torch",
        "PyTorch",
        "bad = np.array([1, 0, 2, 3])  # there is no class 3\nF.cross_entropy(t_logits, torch.tensor(bad))",
    ),
    _s(
        "range_keras",
        "Keras 3",
        "bad = np.array([1, 0, 2, 3])  # there is no class 3\n"
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(bad, logits)",
    ),
    _s(
        "range_keras_row",
        "Keras 3",
        "bad = np.array([1, 0, 2, 3])  # there is no class 3\n"
        "keras.losses.sparse_categorical_crossentropy(bad, logits, from_logits=True)",
    ),
    _s(
        "range_optax",
        "optax",
        "bad = np.array([1, 0, 2, 3])  # there is no class 3\n"
        "optax.losses.softmax_cross_entropy_with_integer_labels(logits, bad)",
    ),
    _s(
        "range_optax_minus_1",
        "optax",
        "optax.losses.softmax_cross_entropy_with_integer_labels(logits, np.array([1, 0, 2, -1]))",
    ),
    _s(
        "range_course_lib",
        "course_lib",
        "bad = np.array([1, 0, 2, 3])  # there is no class 3\ncl.cross_entropy(logits, bad)",
    ),
    # --- reductions: what the mean divides by ---------------------------------------------------------------
    _s("cw_torch", "PyTorch", "F.cross_entropy(t_logits, t_target, weight=torch.tensor(class_weight))"),
    _s(
        "cw_keras",
        "Keras 3",
        "sparse_cce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\n"
        "sparse_cce(target, logits, sample_weight=class_weight[target])",
    ),
    _s(
        "cw_keras_mean_with_sample_weight",
        "Keras 3",
        "keras.losses.SparseCategoricalCrossentropy(\n"
        '    from_logits=True, reduction="mean_with_sample_weight"\n'
        ")(target, logits, sample_weight=class_weight[target])",
    ),
    _s(
        "cw_optax",
        "optax",
        "per_example = optax.losses.softmax_cross_entropy_with_integer_labels(logits, target)\n"
        "w_y = class_weight[target]  # the weight of each example's class\n"
        "(w_y * per_example).sum() / w_y.sum()",
    ),
    _s("cw_sklearn", "scikit-learn", "log_loss(target, probs, sample_weight=class_weight[target])"),
    _s("cw_course_lib", "course_lib", "cl.cross_entropy(logits, target, weight=class_weight)"),
    _s(
        "cw_soft_torch",
        "PyTorch",
        "F.cross_entropy(t_logits, torch.tensor(onehot), weight=torch.tensor(class_weight))",
    ),
    _s("cw_soft_course_lib", "course_lib", "cl.cross_entropy(logits, onehot, weight=class_weight)"),
    _s(
        "sw_torch",
        "PyTorch",
        'per_example = F.cross_entropy(t_logits, t_target, reduction="none")\n'
        "(per_example * torch.tensor(sample_weight)).sum() / sample_weight.sum()",
    ),
    _s(
        "sw_keras",
        "Keras 3",
        "sparse_cce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\n"
        "sparse_cce(target, logits, sample_weight=sample_weight)",
    ),
    _s(
        "sw_optax",
        "optax",
        "per_example = optax.losses.softmax_cross_entropy_with_integer_labels(logits, target)\n"
        "(sample_weight * per_example).sum() / sample_weight.sum()",
    ),
    _s("sw_sklearn", "scikit-learn", "log_loss(target, probs, sample_weight=sample_weight)"),
    _s(
        "sw_course_lib",
        "course_lib",
        'per_example = cl.cross_entropy(logits, target, reduction="none")\n'
        "(sample_weight * per_example).sum() / sample_weight.sum()",
    ),
    _s("ig_torch", "PyTorch", "F.cross_entropy(t_logits, torch.tensor(target_ignored))"),
    _s(
        "ig_keras",
        "Keras 3",
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)(\n"
        "    target_ignored, logits\n"
        ")",
    ),
    _s(
        "ig_optax_mean",
        "optax",
        "keep = target_ignored != -100\n"
        "per_example = optax.losses.softmax_cross_entropy_with_integer_labels(\n"
        "    logits, target_ignored, where=keep\n"
        ")\n"
        "per_example.mean()  # divides by N = 4: the ignored example counts as a 0",
    ),
    _s(
        "ig_optax_kept",
        "optax",
        "keep = target_ignored != -100\n"
        "per_example = optax.losses.softmax_cross_entropy_with_integer_labels(\n"
        "    logits, target_ignored, where=keep\n"
        ")\n"
        "per_example.sum() / keep.sum()  # the mean over the examples kept",
    ),
    _s(
        "ig_sklearn",
        "scikit-learn",
        "keep = target_ignored != -100\nlog_loss(target_ignored[keep], probs[keep], labels=[0, 1, 2])",
    ),
    _s("ig_course_lib", "course_lib", "cl.cross_entropy(logits, target_ignored)"),
    _s("all_ig_torch", "PyTorch", "F.cross_entropy(t_logits, torch.full((4,), -100))"),
    _s(
        "all_ig_keras",
        "Keras 3",
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)(\n"
        "    np.full(4, -100), logits\n"
        ")",
    ),
    _s("all_ig_course_lib", "course_lib", "cl.cross_entropy(logits, np.full(4, -100))"),
    _s("bw_torch", "PyTorch", "F.binary_cross_entropy_with_logits(t_z, t_y, weight=torch.tensor(sample_weight))"),
    _s(
        "bw_keras_column",
        "Keras 3",
        "bce = keras.losses.BinaryCrossentropy(from_logits=True)\n"
        "bce(y[:, None], z[:, None], sample_weight=sample_weight)  # targets (N, 1)",
    ),
    _s(
        "bw_keras_flat",
        "Keras 3",
        "bce = keras.losses.BinaryCrossentropy(from_logits=True)\n"
        "bce(y, z, sample_weight=sample_weight)  # targets (N,): averaged first",
    ),
    _s("bw_sklearn", "scikit-learn", "log_loss(y, expit(z), sample_weight=sample_weight)"),
    _s("bw_course_lib", "course_lib", "cl.binary_cross_entropy_with_logits(z, y, weight=sample_weight)"),
    # --- probabilities at 0 and near it: the clip of each library ----------------------------------------
    *[
        snippet
        for name, p in (("0", 0.0), ("tiny", 1e-10), ("1", 1.0))
        for snippet in (
            _s(f"clip_torch_p{name}", "PyTorch", "F.binary_cross_entropy(torch.tensor([p]), torch.tensor([1.0]))", p=p),
            _s(f"clip_keras_p{name}", "Keras 3", "keras.losses.BinaryCrossentropy()([[1.0]], [[p]])", p=p),
            _s(f"clip_sklearn_p{name}", "scikit-learn", "log_loss([1], [p], labels=[0, 1])", p=p),
            _s(
                f"clip_sklearn32_p{name}",
                "scikit-learn",
                "log_loss([1], np.array([p], dtype=np.float32), labels=[0, 1])",
                p=p,
            ),
            _s(f"clip_course_lib_p{name}", "course_lib", "cl.binary_cross_entropy(np.array([p]), np.ones(1))", p=p),
        )
    ],
    _s("clip_cat_torch", "PyTorch", "F.nll_loss(torch.log(torch.tensor([[1.0, 0.0]])), torch.tensor([1]))"),
    _s("clip_cat_keras", "Keras 3", "keras.losses.CategoricalCrossentropy()([[0.0, 1.0]], [[1.0, 0.0]])"),
    _s("clip_cat_sklearn", "scikit-learn", "log_loss([1], [[1.0, 0.0]], labels=[0, 1])"),
    _s("clip_cat_course_lib", "course_lib", "cl.nll_loss(np.log([[1.0, 0.0]]), [1])"),
    _s(
        "logit_far_torch",
        "PyTorch",
        "F.binary_cross_entropy_with_logits(torch.tensor([-1000.0]), torch.tensor([1.0]))",
    ),
    _s("logit_far_keras", "Keras 3", "keras.losses.BinaryCrossentropy(from_logits=True)([[1.0]], [[-1000.0]])"),
    _s("logit_far_optax", "optax", "optax.losses.sigmoid_binary_cross_entropy(np.array([-1000.0]), np.array([1.0]))"),
    _s("logit_far_course_lib", "course_lib", "cl.binary_cross_entropy_with_logits([-1000.0], [1.0])"),
    # --- label smoothing ---------------------------------------------------------------------------------
    _s("ls_torch", "PyTorch", "F.cross_entropy(t_logits, t_target, label_smoothing=0.1)"),
    _s("ls_torch_onehot", "PyTorch", "F.cross_entropy(t_logits, torch.tensor(onehot), label_smoothing=0.1)"),
    _s(
        "ls_keras",
        "Keras 3",
        "smooth_cce = keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)\n"
        "smooth_cce(onehot, logits)",
    ),
    _s("ls_optax", "optax", "optax.losses.softmax_cross_entropy(logits, optax.smooth_labels(onehot, 0.1)).mean()"),
    _s("ls_course_lib", "course_lib", "cl.cross_entropy(logits, target, label_smoothing=0.1)"),
    _s("ls_bin_torch", "PyTorch", "F.binary_cross_entropy_with_logits(t_z, t_y * 0.9 + 0.05)  # by hand"),
    _s("ls_bin_keras", "Keras 3", "keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)(y, z)"),
    _s("ls_bin_optax_hand", "optax", "optax.losses.sigmoid_binary_cross_entropy(z, y * 0.9 + 0.05).mean()"),
    _s(
        "ls_bin_optax_smooth_labels",
        "optax",
        "optax.losses.sigmoid_binary_cross_entropy(z, optax.smooth_labels(y, 0.1)).mean()",
    ),
    _s("ls_bin_optax_smooth_labels_targets", "optax", "optax.smooth_labels(y, 0.1)"),
    _s("ls_bin_course_lib", "course_lib", "cl.binary_cross_entropy_with_logits(z, y * 0.9 + 0.05)"),
]


PAGE_COLUMNS = 88  # the longest code line a page shows without cutting it (book/ruff.toml)


def namespace() -> dict:
    """The names every snippet can use: the page's setup (NumPy arrays, course_lib) and the frameworks."""
    ns: dict = {}
    exec(SETUP_IMPORTS + "\n" + SETUP_DATA + "\n" + FRAMEWORK_IMPORTS, ns)
    return ns


def _round(x: float):
    """A float to SIGNIFICANT_DIGITS digits (the last bits of float32 and float64 results are not portable)."""
    if not np.isfinite(x):
        return "nan" if np.isnan(x) else ("inf" if x > 0 else "-inf")
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}") + 0.0  # -0.0 becomes 0.0


def _value(result):
    """A library's result (torch tensor, JAX or NumPy array, Python number) as a number or a list of numbers."""
    if hasattr(result, "detach"):
        result = result.detach().numpy()
    a = np.asarray(result, dtype=np.float64)
    return _round(float(a)) if a.ndim == 0 else [_round(float(v)) for v in a.ravel()]


def _dtype(result) -> str:
    if hasattr(result, "dtype"):
        return str(result.dtype).removeprefix("torch.")
    return type(result).__name__


def run_snippet(code: str, ns: dict, params: dict | None = None) -> dict:
    """Run ``code`` in a copy of ``ns``: {"value", "dtype"} of its last expression, or {"error"}; "warnings"."""
    ns = {**ns, **(params or {})}
    body = ast.parse(code)
    last = body.body.pop()
    if not isinstance(last, ast.Expr):
        raise ValueError(f"the last line of a snippet must be an expression: {code!r}")
    record: dict = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(body, "<snippet>", "exec"), ns)
            result = eval(compile(ast.Expression(last.value), "<snippet>", "eval"), ns)
        except Exception as exc:  # the error is the recorded behaviour
            record["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        else:
            record["value"] = _value(result)
            record["dtype"] = _dtype(result)
    record["warnings"] = sorted({str(w.message).splitlines()[0] for w in caught})
    return record


def versions() -> dict[str, str]:
    import keras

    found = {name: metadata.version(name) for name in VERSIONED}
    found["keras backend"] = keras.backend.backend()
    return found


def generate() -> dict:
    """Run every snippet; return the data that book/data/crosswalk.json holds."""
    ns = namespace()
    snippets = {}
    for s in SNIPPETS:
        if s["key"] in snippets:
            raise ValueError(f"two snippets are called {s['key']!r}")
        if max(len(line) for line in s["code"].splitlines()) > PAGE_COLUMNS:
            raise ValueError(f"snippet {s['key']!r} has a line longer than {PAGE_COLUMNS} columns")
        snippets[s["key"]] = {
            "library": s["library"],
            "code": s["code"],
            "params": {k: _round(v) for k, v in s["params"].items()},
            **run_snippet(s["code"], ns, s["params"]),
        }
    return {
        "about": "Written by scripts/crosswalk.py; checked by tests/test_crosswalk.py. Do not edit by hand.",
        "versions": versions(),
        "libraries": LIBRARIES,
        "setup": {"imports": SETUP_IMPORTS, "data": SETUP_DATA, "framework_imports": FRAMEWORK_IMPORTS},
        "snippets": snippets,
    }


def dumps(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dumps(generate()), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(SNIPPETS)} snippets", file=sys.stderr)


if __name__ == "__main__":
    main()
