"""The framework crosswalk (book/appendix_crosswalk.ipynb): every statement of the page, checked against the library
it is about.

The page does not run the frameworks: it shows their code and reads what that code returned from
book/data/crosswalk.json, which scripts/crosswalk.py writes by running each snippet. Here each claim of the page
has its own test, which calls the library in question (PyTorch, Keras 3 on its JAX backend, optax, scikit-learn or
course_lib) and asserts the behaviour the page describes; where the page quotes a number, the test checks the
library's result and the recorded number against a value computed independently, from the closed form in NumPy.
Two more tests keep the page honest as a whole: regenerating the data in this process must give the committed
file (so the page cannot drift from the installed libraries), and every snippet the data records must be shown,
verbatim, in the page's code blocks. If a release changes a behaviour, a test here fails.

The libraries are test-time dependencies (requirements-dev.in), pinned by the lock; the versions are on the page.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import math
import os
import re
from importlib import metadata
from pathlib import Path

os.environ["KERAS_BACKEND"] = "jax"  # read once, when keras is first imported
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from scipy.special import expit, softmax  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402

import course_lib as cl  # noqa: E402

# JAX computes in float32 and says so whenever optax's binary loss casts float64 input (a test checks the warning).
pytestmark = pytest.mark.filterwarnings("ignore:Explicitly requested dtype float64:UserWarning")

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "book" / "appendix_crosswalk.ipynb"
DATA_FILE = ROOT / "book" / "data" / "crosswalk.json"

_spec = importlib.util.spec_from_file_location("crosswalk", ROOT / "scripts" / "crosswalk.py")
crosswalk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crosswalk)

DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))
RUNS = DATA["snippets"]

# The page's arrays, exactly as its setup cell defines them.
_ns = crosswalk.namespace()
logits, target, onehot, soft = _ns["logits"], _ns["target"], _ns["onehot"], _ns["soft"]
class_weight, sample_weight, target_ignored = _ns["class_weight"], _ns["sample_weight"], _ns["target_ignored"]
z, y, z_multi, y_multi = _ns["z"], _ns["y"], _ns["z_multi"], _ns["y_multi"]
t_logits, t_target, t_z, t_y = _ns["t_logits"], _ns["t_target"], _ns["t_z"], _ns["t_y"]
probs = _ns["probs"]
ROWS = np.arange(len(target))

F64 = 1e-11  # float64 results against float64 closed forms (the data keep 12 significant digits)
F32 = 2e-6  # float32 results (Keras, JAX) against float64 closed forms

# --- closed forms, in NumPy float64 ---------------------------------------------------------------------------


def log_softmax(x):
    x = np.asarray(x, dtype=np.float64)
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


def ce_each(x, t):
    """Cross-entropy per example: class indices ``t`` (N,) or probability rows ``t`` (N, C)."""
    t = np.asarray(t)
    if t.ndim == np.ndim(x):
        return -(t * log_softmax(x)).sum(axis=-1)
    return -log_softmax(x)[np.arange(len(t)), t]


def bce_logits_each(zz, yy):
    """Binary cross-entropy of logits, elementwise: softplus(z) - y z."""
    zz = np.asarray(zz, dtype=np.float64)
    return np.logaddexp(0.0, zz) - yy * zz


def value(x) -> np.ndarray:
    """A library's result as a float64 NumPy array (torch tensors, JAX arrays, NumPy, Python numbers)."""
    if hasattr(x, "detach"):
        x = x.detach().numpy()
    return np.asarray(x, dtype=np.float64)


def stated(key: str):
    """The number the page states for snippet ``key`` (from book/data/crosswalk.json)."""
    return RUNS[key]["value"]


def assert_stated(key: str, actual, expected, rtol: float) -> None:
    """The library returns ``expected`` now, and the page states ``expected`` for snippet ``key``."""
    np.testing.assert_allclose(value(actual), expected, rtol=rtol, atol=1e-12)
    recorded = stated(key)
    recorded = [float(v) for v in recorded] if isinstance(recorded, list) else float(recorded)
    np.testing.assert_allclose(recorded, expected, rtol=rtol, atol=1e-12)


def assert_stated_error(key: str, error: type, match: str, call) -> None:
    """The library raises ``error`` matching ``match`` now, and the page states that error for ``key``."""
    with pytest.raises(error, match=match):
        call()
    assert RUNS[key]["error"].startswith(f"{error.__name__}: ")
    assert re.search(match, RUNS[key]["error"])


def params(f) -> list[str]:
    return list(inspect.signature(f).parameters)


def default(f, name):
    return inspect.signature(f).parameters[name].default


KERAS_LOSSES = [
    keras.losses.BinaryCrossentropy,
    keras.losses.CategoricalCrossentropy,
    keras.losses.SparseCategoricalCrossentropy,
]
OPTAX_CROSS_ENTROPIES = [
    optax.losses.sigmoid_binary_cross_entropy,
    optax.losses.softmax_cross_entropy,
    optax.losses.softmax_cross_entropy_with_integer_labels,
]

# --- the page and its data --------------------------------------------------------------------------------------


def _close(a, b) -> bool:
    """Recorded values agree: equal, or floats within float32 rounding (XLA's last bits may vary by CPU)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(u, v) for u, v in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return a == b


def test_the_committed_data_is_what_the_libraries_give_now():
    """scripts/crosswalk.py, run now, writes book/data/crosswalk.json as committed: the page has not drifted."""
    fresh = json.loads(crosswalk.dumps(crosswalk.generate()))
    changed = sorted(k for k in fresh["snippets"] if not _close(fresh["snippets"][k], RUNS.get(k)))
    assert changed == [], "re-run .venv/bin/python scripts/crosswalk.py and re-execute the page"
    assert set(RUNS) == set(fresh["snippets"])
    assert {k: v for k, v in fresh.items() if k != "snippets"} == {k: v for k, v in DATA.items() if k != "snippets"}
    assert DATA_FILE.read_text(encoding="utf-8") == crosswalk.dumps(DATA)  # sorted keys, as the script writes


def _locked(name: str) -> str:
    for path in ("requirements-dev.txt", "requirements-oracle.txt"):
        for line in (ROOT / path).read_text().splitlines():
            if line.lower().startswith(f"{name}=="):
                return line.split("==")[1].strip()
    raise AssertionError(f"{name} is not pinned")


def test_the_versions_on_the_page_are_the_pinned_ones():
    versions = DATA["versions"]
    for name in ("keras", "jax", "jaxlib", "optax", "scikit-learn", "scipy", "numpy"):
        assert versions[name] == _locked(name) == metadata.version(name), name
    assert versions["torch"].split("+")[0] == _locked("torch")
    assert versions["keras backend"] == keras.backend.backend() == "jax"


def _page() -> nbformat.NotebookNode:
    return nbformat.read(PAGE, as_version=4)


def _shown_code_lines() -> set[str]:
    """Every line of the page's fenced python blocks, stripped, without a trailing comment."""
    blocks = [
        block
        for cell in _page().cells
        if cell.cell_type == "markdown"
        for block in re.findall(r"```python\n(.*?)```", cell.source, flags=re.S)
    ]
    return {_bare(line) for block in blocks for line in block.splitlines() if _bare(line)}


def _bare(line: str) -> str:
    return line.split("  #")[0].strip()


def test_the_page_shows_the_code_that_produced_its_numbers():
    shown = _shown_code_lines()
    missing = {
        key: line
        for key, run in RUNS.items()
        for line in run["code"].splitlines()
        if _bare(line) and _bare(line) not in shown
    }
    assert missing == {}
    framework = {_bare(line) for line in crosswalk.FRAMEWORK_IMPORTS.splitlines() if _bare(line)}
    assert framework <= shown
    code = [c.source for c in _page().cells if c.cell_type == "code"]
    assert code[0] == crosswalk.SETUP_IMPORTS  # the page's first code cell, and its data cell
    assert crosswalk.SETUP_DATA in code


def test_the_page_runs_no_framework_and_reads_the_data_file():
    """Binder and nbval need nothing beyond the readers' requirements: the frameworks appear as text only."""
    code = "\n".join(c.source for c in _page().cells if c.cell_type == "code")
    assert not re.search(r"^\s*(import|from)\s+(torch|keras|jax|optax|sklearn|scipy)\b", code, flags=re.M)
    assert 'Path("data/crosswalk.json")' in code
    for name in ("torch", "keras", "jax", "optax", "scikit-learn"):
        assert not re.search(rf"^{name}\b", (ROOT / "requirements.txt").read_text(), flags=re.M | re.I), name


def test_every_snippet_on_the_page_is_checked_by_a_test_here():
    source = Path(__file__).read_text(encoding="utf-8")
    templates = {key: re.sub(r"_p(0|tiny|1)$", "_p{name}", key) for key in RUNS}  # the clipping tests' keys
    unchecked = [key for key in RUNS if f'"{key}"' not in source and f'f"{templates[key]}"' not in source]
    assert unchecked == []


def test_keras_runs_on_the_jax_backend_in_float32():
    assert keras.backend.backend() == "jax"
    assert keras.config.floatx() == "float32"
    assert not jax.config.jax_enable_x64


# Run by a fresh interpreter: Keras on its PyTorch backend (chosen before its first import), every Keras snippet.
_TORCH_BACKEND = r"""
import importlib.util, json, os, sys
os.environ["KERAS_BACKEND"] = "torch"
import keras  # the backend is fixed now, whatever the snippets' imports set later
spec = importlib.util.spec_from_file_location("crosswalk", sys.argv[1])
crosswalk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crosswalk)
ns = crosswalk.namespace()
runs = {
    s["key"]: crosswalk.run_snippet(s["code"], ns, s["params"])
    for s in crosswalk.SNIPPETS if s["library"] == "Keras 3"
}
print(json.dumps({"backend": keras.backend.backend(), "runs": runs}))
"""


def test_keras_on_its_pytorch_backend_gives_the_same_numbers_but_in_two_edge_cases():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    done = subprocess.run(
        [sys.executable, "-c", _TORCH_BACKEND, str(ROOT / "scripts" / "crosswalk.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["backend"] == "torch"
    runs = report["runs"]
    edge = {"range_keras", "range_keras_row", "wrong_keras_zero_sum"}
    differ = sorted(k for k in runs if not _close(runs[k].get("value"), RUNS[k].get("value")))
    assert differ == sorted(edge)
    errors = {k: (runs[k].get("error", ""), RUNS[k].get("error", "")) for k in set(runs) - edge}
    assert {k: e[0].split(":")[0] for k, e in errors.items()} == {k: e[1].split(":")[0] for k, e in errors.items()}
    for key in ("range_keras", "range_keras_row"):  # a class index out of range: an error, not a loss of 0
        assert runs[key]["error"].startswith("IndexError: Target 3 is out of bounds")
    assert 0 < runs["wrong_keras_zero_sum"]["value"] < 1e-6 and RUNS["wrong_keras_zero_sum"]["value"] == "nan"


# --- the worked example: the right call in every library --------------------------------------------------------


def test_every_library_gives_the_cross_entropy_of_class_index_targets():
    expected = ce_each(logits, target).mean()
    assert_stated("index_torch", F.cross_entropy(t_logits, t_target), expected, F64)
    assert_stated("index_torch_module", torch.nn.CrossEntropyLoss()(t_logits, t_target), expected, F64)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target, logits)
    assert_stated("index_keras", keras_loss, expected, F32)
    optax_loss = optax.losses.softmax_cross_entropy_with_integer_labels(logits, target).mean()
    assert_stated("index_optax", optax_loss, expected, F32)
    assert_stated("index_sklearn", log_loss(target, probs), expected, F64)
    assert_stated("index_course_lib", cl.cross_entropy(logits, target), expected, F64)


def test_every_library_gives_the_cross_entropy_of_one_hot_targets():
    expected = ce_each(logits, target).mean()
    assert_stated("onehot_torch", F.cross_entropy(t_logits, torch.tensor(onehot)), expected, F64)
    keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True)(onehot, logits)
    assert_stated("onehot_keras", keras_loss, expected, F32)
    assert_stated("onehot_optax", optax.losses.softmax_cross_entropy(logits, onehot).mean(), expected, F32)
    assert_stated("onehot_sklearn", log_loss(onehot, probs), expected, F64)
    assert_stated("onehot_course_lib", cl.cross_entropy(logits, onehot), expected, F64)


def test_every_library_but_scikit_learn_takes_probability_targets():
    expected = ce_each(logits, soft).mean()
    assert_stated("soft_torch", F.cross_entropy(t_logits, torch.tensor(soft)), expected, F64)
    keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True)(soft, logits)
    assert_stated("soft_keras", keras_loss, expected, F32)
    assert_stated("soft_optax", optax.losses.softmax_cross_entropy(logits, soft).mean(), expected, F32)
    assert_stated("soft_course_lib", cl.cross_entropy(logits, soft), expected, F64)
    assert_stated_error(
        "soft_sklearn", ValueError, "Multioutput target data is not supported", lambda: log_loss(soft, probs)
    )


def test_every_library_gives_the_binary_cross_entropy_of_logits():
    expected = bce_logits_each(z, y).mean()
    assert_stated("binary_torch", F.binary_cross_entropy_with_logits(t_z, t_y), expected, F64)
    assert_stated("binary_torch_module", torch.nn.BCEWithLogitsLoss()(t_z, t_y), expected, F64)
    assert_stated("binary_keras", keras.losses.BinaryCrossentropy(from_logits=True)(y, z), expected, F32)
    assert_stated("binary_optax", optax.losses.sigmoid_binary_cross_entropy(z, y).mean(), expected, F32)
    assert_stated("binary_sklearn", log_loss(y, expit(z)), expected, F64)
    assert_stated("binary_course_lib", cl.binary_cross_entropy_with_logits(z, y), expected, F64)


def test_multi_label_losses_average_over_every_label_of_every_example():
    expected = bce_logits_each(z_multi, y_multi).mean()  # over all N x L labels
    torch_loss = F.binary_cross_entropy_with_logits(torch.tensor(z_multi), torch.tensor(y_multi))
    assert_stated("multi_torch", torch_loss, expected, F64)
    keras_loss = keras.losses.BinaryCrossentropy(from_logits=True)(y_multi, z_multi)
    assert_stated("multi_keras", keras_loss, expected, F32)
    optax_loss = optax.losses.sigmoid_binary_cross_entropy(z_multi, y_multi).mean()
    assert_stated("multi_optax", optax_loss, expected, F32)
    assert_stated("multi_course_lib", cl.binary_cross_entropy_with_logits(z_multi, y_multi), expected, F64)
    # Keras: the mean over each example's labels, then over the examples (the same, unweighted)
    per_example = keras.losses.BinaryCrossentropy(from_logits=True, reduction=None)(y_multi, z_multi)
    np.testing.assert_allclose(value(per_example), bce_logits_each(z_multi, y_multi).mean(axis=1), rtol=F32)


def test_scikit_learn_log_loss_of_multi_label_targets_counts_the_positive_labels_only_and_only_warns():
    p = expit(z_multi)
    positives_only = -(y_multi * np.log(p)).sum(axis=1).mean()
    with pytest.warns(UserWarning, match="do not sum to one"):
        got = log_loss(y_multi, expit(z_multi))
    assert_stated("multi_sklearn", got, positives_only, F64)
    assert not np.isclose(got, bce_logits_each(z_multi, y_multi).mean())
    assert any("do not sum to one" in w for w in RUNS["multi_sklearn"]["warnings"])


def test_keras_and_optax_compute_in_float32_and_agree_with_float64_to_about_seven_digits():
    for key in ("index_keras", "index_optax", "onehot_keras", "binary_keras", "binary_optax"):
        assert RUNS[key]["dtype"] == "float32", key
    for key in ("index_torch", "index_course_lib", "binary_torch"):
        assert RUNS[key]["dtype"] == "float64", key
    assert keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target, logits).dtype == jnp.float32
    assert optax.losses.softmax_cross_entropy_with_integer_labels(logits, target).dtype == jnp.float32
    gap = abs(stated("index_keras") - stated("index_torch")) / stated("index_torch")
    assert 0 < gap < 1e-6  # they differ past the seventh significant digit, not before
    assert stated("index_torch") == stated("index_sklearn") == stated("index_course_lib")


def test_optax_warns_that_it_truncates_float64_for_the_binary_loss():
    with pytest.warns(UserWarning, match="float64 requested in astype is not available"):
        optax.losses.sigmoid_binary_cross_entropy(z, y)
    assert any("float64" in w for w in RUNS["binary_optax"]["warnings"])


# --- logits or probabilities --------------------------------------------------------------------------------------


def test_torch_tensors_made_from_the_arrays_are_float64_and_int64():
    assert t_logits.dtype == t_z.dtype == t_y.dtype == torch.float64
    assert t_target.dtype == torch.int64


def test_torch_names_say_what_each_loss_takes_and_each_has_a_module_twin():
    assert params(F.cross_entropy)[:2] == ["input", "target"]
    log_p = torch.log_softmax(t_logits, dim=1)
    assert torch.equal(F.nll_loss(log_p, t_target), F.cross_entropy(t_logits, t_target))  # logits vs log-probs
    p = torch.sigmoid(t_z)
    assert torch.allclose(F.binary_cross_entropy(p, t_y), F.binary_cross_entropy_with_logits(t_z, t_y))
    assert torch.equal(torch.nn.NLLLoss()(log_p, t_target), F.nll_loss(log_p, t_target))
    assert torch.equal(torch.nn.BCELoss()(p, t_y), F.binary_cross_entropy(p, t_y))
    assert torch.equal(torch.nn.BCEWithLogitsLoss()(t_z, t_y), F.binary_cross_entropy_with_logits(t_z, t_y))
    assert torch.equal(torch.nn.CrossEntropyLoss()(t_logits, t_target), F.cross_entropy(t_logits, t_target))


def test_keras_losses_take_probabilities_unless_from_logits_is_true():
    for loss in KERAS_LOSSES:
        assert default(loss.__init__, "from_logits") is False, loss.__name__


def test_optax_cross_entropies_take_logits_only():
    for loss in OPTAX_CROSS_ENTROPIES:
        assert params(loss)[0] == "logits" and "from_logits" not in params(loss), loss.__name__
    losses = [name for name in dir(optax.losses) if "cross_entropy" in name and not name.startswith("_")]
    for name in losses:
        assert params(getattr(optax.losses, name))[0] == "logits", name


def test_the_argument_order_is_target_first_in_keras_and_scikit_learn_prediction_first_elsewhere():
    assert params(keras.losses.Loss.__call__)[1:3] == ["y_true", "y_pred"]
    assert params(log_loss)[:2] == ["y_true", "y_proba"]
    assert params(F.cross_entropy)[:2] == ["input", "target"]
    assert params(F.binary_cross_entropy_with_logits)[:2] == ["input", "target"]
    assert params(optax.losses.softmax_cross_entropy_with_integer_labels)[:2] == ["logits", "labels"]
    assert params(cl.cross_entropy)[:2] == ["logits", "target"]


def test_keras_given_logits_as_probabilities_divides_each_row_by_its_sum_and_clips():
    share = logits / logits.sum(axis=1, keepdims=True)
    expected = -np.log(np.clip(share[ROWS, target], 1e-7, 1 - 1e-7)).mean()
    got = keras.losses.SparseCategoricalCrossentropy()(target, logits)
    assert_stated("wrong_keras_sparse", got, expected, F32)
    assert not np.isclose(float(got), ce_each(logits, target).mean(), rtol=0.1)


def test_keras_binary_loss_given_logits_clips_them_into_0_1():
    p = np.clip(z, 1e-7, 1 - 1e-7)
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
    assert_stated("wrong_keras_binary", keras.losses.BinaryCrossentropy()(y, z), expected, F32)


def test_keras_given_logits_that_add_up_to_0_returns_nan():
    zero_sum = np.array([[1.0, -1.0, 0.0]])
    assert np.isnan(value(keras.losses.SparseCategoricalCrossentropy()(np.array([0]), zero_sum)))
    assert stated("wrong_keras_zero_sum") == "nan"


def test_nll_loss_given_logits_returns_minus_the_mean_target_logit():
    expected = -logits[ROWS, target].mean()
    assert expected < 0
    assert_stated("wrong_torch_nll", F.nll_loss(t_logits, t_target), expected, F64)
    assert_stated("wrong_course_lib_nll", cl.nll_loss(logits, target), expected, F64)


def test_torch_binary_cross_entropy_refuses_logits():
    assert_stated_error("wrong_torch_binary", RuntimeError, "between 0 and 1", lambda: F.binary_cross_entropy(t_z, t_y))


def test_course_lib_binary_cross_entropy_refuses_logits_and_names_probs():
    assert_stated_error(
        "wrong_course_lib_binary", ValueError, "probs must hold probabilities", lambda: cl.binary_cross_entropy(z, y)
    )


def test_scikit_learn_refuses_logits():
    assert_stated_error(
        "wrong_sklearn", ValueError, "y_prob contains values greater than 1", lambda: log_loss(target, logits)
    )
    assert_stated_error(
        "wrong_sklearn_binary", ValueError, "y_prob contains values greater than 1", lambda: log_loss(y, z)
    )


def test_the_wrong_calls_that_return_a_number_emit_no_warning():
    quiet = ["wrong_keras_sparse", "wrong_keras_binary", "wrong_torch_nll", "wrong_course_lib_nll"]
    quiet += ["wrong_keras_zero_sum", "twice_torch", "twice_optax", "twice_course_lib"]
    for key in quiet:
        assert "value" in RUNS[key] and RUNS[key]["warnings"] == [], key


def test_a_logits_api_given_probabilities_applies_the_softmax_twice():
    expected = ce_each(softmax(logits, axis=1), target).mean()
    assert_stated("twice_torch", F.cross_entropy(torch.tensor(probs), t_target), expected, F64)
    optax_loss = optax.losses.softmax_cross_entropy_with_integer_labels(probs, target).mean()
    assert_stated("twice_optax", optax_loss, expected, F32)
    assert_stated("twice_course_lib", cl.cross_entropy(probs, target), expected, F64)
    log_c = np.log(3)
    assert abs(expected - log_c) < abs(ce_each(logits, target).mean() - log_c)  # closer to log C
    perfect = F.cross_entropy(torch.tensor(onehot), t_target)  # probability 1 for every true class
    np.testing.assert_allclose(value(perfect), np.log(1 + 2 / np.e), rtol=F64)  # log(1 + (C - 1) / e), not 0


# --- class axis and targets -------------------------------------------------------------------------------------


def test_torch_puts_the_classes_at_dim_1():
    expected = ce_each(logits, target).mean()
    assert_stated("axis_torch_dim1", F.cross_entropy(t_logits.T[None], t_target[None]), expected, F64)
    assert_stated_error(
        "axis_torch_last",
        RuntimeError,
        r"Expected target size \[1, 3\], got \[1, 4\]",
        lambda: F.cross_entropy(t_logits[None], t_target[None]),
    )


def test_torch_takes_logits_with_the_classes_last_once_they_are_moved_to_dim_1():
    got = F.cross_entropy(t_logits[None].movedim(-1, 1), t_target[None])
    np.testing.assert_allclose(value(got), ce_each(logits, target).mean(), rtol=F64)


def test_torch_with_the_classes_last_computes_another_loss_silently_when_the_sizes_match():
    square, t3 = logits[:3], target[:3]  # N = C = 3
    got = F.cross_entropy(torch.tensor(square)[None], torch.tensor(t3)[None])  # read as (1, C, N)
    assert not np.isclose(value(got), ce_each(square, t3).mean())
    np.testing.assert_allclose(value(got), ce_each(square.T, t3).mean(), rtol=F64)


def test_keras_and_optax_put_the_classes_on_the_last_axis():
    for loss in KERAS_LOSSES[1:]:
        assert default(loss.__init__, "axis") == -1, loss.__name__
    for loss in OPTAX_CROSS_ENTROPIES[1:]:
        assert default(loss, "axis") == -1, loss.__name__
    expected = ce_each(logits, target).mean()
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target[None], logits[None])
    np.testing.assert_allclose(value(keras_loss), expected, rtol=F32)  # (1, N, C): classes last
    optax_loss = optax.losses.softmax_cross_entropy_with_integer_labels(logits[None], target[None])
    np.testing.assert_allclose(value(optax_loss).mean(), expected, rtol=F32)


def test_torch_class_indices_must_be_int64_or_uint8():
    got = F.cross_entropy(t_logits, t_target.to(torch.uint8))
    np.testing.assert_allclose(value(got), ce_each(logits, target).mean(), rtol=F64)
    assert_stated_error(
        "dtype_torch_int32",
        RuntimeError,
        "expected target dtype to be Long or Byte",
        lambda: F.cross_entropy(t_logits, t_target.int()),
    )


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8])
def test_keras_optax_and_course_lib_take_class_indices_of_any_integer_type(dtype):
    expected = ce_each(logits, target).mean()
    t = target.astype(dtype)
    np.testing.assert_allclose(
        value(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(t, logits)), expected, rtol=F32
    )
    np.testing.assert_allclose(
        value(optax.losses.softmax_cross_entropy_with_integer_labels(logits, t).mean()), expected, rtol=F32
    )
    np.testing.assert_allclose(cl.cross_entropy(logits, t), expected, rtol=F64)


def test_keras_has_separate_losses_for_class_indices_and_one_hot_rows():
    assert_stated_error(
        "format_keras_index_to_categorical",
        ValueError,
        "`target` and `output` must have the same shape",
        lambda: keras.losses.CategoricalCrossentropy()(target, probs),
    )
    expected = ce_each(logits, target).mean()
    column = keras.losses.SparseCategoricalCrossentropy()(target[:, None], probs)
    assert_stated("format_keras_column", column, expected, F32)  # indices of shape (N, 1) too


def test_optax_has_separate_functions_for_class_indices_and_one_hot_rows():
    with pytest.raises(TypeError, match="subdtype of <class 'numpy.integer'>"):
        optax.losses.softmax_cross_entropy_with_integer_labels(logits, onehot)
    with pytest.raises(ValueError, match="Incompatible shapes"):
        optax.losses.softmax_cross_entropy(logits, target)


def test_scikit_learn_matches_any_labels_with_the_columns_in_sorted_order():
    expected = ce_each(logits, target).mean()  # target [1, 0, 2, 0] is ["b", "a", "c", "a"] sorted
    assert_stated("format_sklearn_strings", log_loss(["b", "a", "c", "a"], probs), expected, F64)


def test_scikit_learn_needs_the_labels_when_a_batch_lacks_a_class():
    assert_stated_error(
        "format_sklearn_missing_class",
        ValueError,
        "different number of classes",
        lambda: log_loss([0, 2], probs[1:3]),
    )
    expected = ce_each(logits[1:3], [0, 2]).mean()
    got = log_loss([0, 2], probs[1:3], labels=[0, 1, 2])
    assert_stated("format_sklearn_missing_class_labels", got, expected, F64)


BAD = np.array([1, 0, 2, 3])  # there is no class 3


def test_torch_raises_an_index_error_for_a_class_index_out_of_range():
    assert_stated_error(
        "range_torch", IndexError, "Target 3 is out of bounds", lambda: F.cross_entropy(t_logits, torch.tensor(BAD))
    )


def test_course_lib_raises_a_value_error_naming_target_for_a_class_index_out_of_range():
    assert_stated_error(
        "range_course_lib", ValueError, "target holds class index 3 outside", lambda: cl.cross_entropy(logits, BAD)
    )


def test_keras_gives_a_class_index_out_of_range_a_loss_of_0_and_counts_it_in_the_mean():
    each = ce_each(logits[:3], target[:3])
    got = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(BAD, logits)
    assert_stated("range_keras", got, each.sum() / 4, F32)
    per_example = keras.losses.sparse_categorical_crossentropy(BAD, logits, from_logits=True)
    assert_stated("range_keras_row", per_example, [*each, 0.0], F32)


def test_optax_gives_nan_for_a_class_index_past_the_last_and_reads_minus_1_as_the_last_class():
    each = ce_each(logits[:3], target[:3])
    got = value(optax.losses.softmax_cross_entropy_with_integer_labels(logits, BAD))
    np.testing.assert_allclose(got[:3], each, rtol=F32)
    assert np.isnan(got[3]) and stated("range_optax")[3] == "nan"
    np.testing.assert_allclose(stated("range_optax")[:3], each, rtol=F32)
    minus_1 = optax.losses.softmax_cross_entropy_with_integer_labels(logits, np.array([1, 0, 2, -1]))
    assert_stated("range_optax_minus_1", minus_1, [*each, -log_softmax(logits)[3, 2]], F32)


# --- what the mean divides by -------------------------------------------------------------------------------------

W_Y = class_weight[target]  # the weight of each example's class
EACH = ce_each(logits, target)


def test_the_default_reductions():
    assert default(torch.nn.CrossEntropyLoss.__init__, "reduction") == "mean"
    assert default(F.binary_cross_entropy_with_logits, "reduction") == "mean"
    for loss in KERAS_LOSSES:
        assert default(loss.__init__, "reduction") == "sum_over_batch_size", loss.__name__
    assert default(log_loss, "normalize") is True
    np.testing.assert_allclose(log_loss(target, probs, normalize=False), EACH.sum(), rtol=F64)
    assert cl.cross_entropy(logits, target, reduction="none").shape == (4,)
    assert default(cl.cross_entropy, "reduction") == "mean"


def test_optax_returns_one_loss_per_example():
    for loss, args in (
        (optax.losses.softmax_cross_entropy_with_integer_labels, (logits, target)),
        (optax.losses.softmax_cross_entropy, (logits, onehot)),
        (optax.losses.sigmoid_binary_cross_entropy, (z, y)),
    ):
        assert loss(*args).shape == (4,)
        assert "reduction" not in params(loss)


def test_torch_class_weights_divide_by_the_summed_weights_of_the_targets():
    got = F.cross_entropy(t_logits, t_target, weight=torch.tensor(class_weight))
    assert_stated("cw_torch", got, (W_Y * EACH).sum() / W_Y.sum(), F64)
    assert_stated(
        "cw_course_lib", cl.cross_entropy(logits, target, weight=class_weight), (W_Y * EACH).sum() / W_Y.sum(), F64
    )


def test_torch_class_weights_with_one_hot_targets_divide_by_n():
    got = F.cross_entropy(t_logits, torch.tensor(onehot), weight=torch.tensor(class_weight))
    assert_stated("cw_soft_torch", got, (W_Y * EACH).mean(), F64)
    assert_stated("cw_soft_course_lib", cl.cross_entropy(logits, onehot, weight=class_weight), (W_Y * EACH).mean(), F64)


def test_keras_losses_have_no_class_weights():
    for loss in KERAS_LOSSES:
        assert not {"weight", "class_weight", "pos_weight"} & set(params(loss.__init__)), loss.__name__


def test_keras_sample_weights_divide_by_the_batch_size():
    sparse_cce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    assert_stated("cw_keras", sparse_cce(target, logits, sample_weight=W_Y), (W_Y * EACH).mean(), F32)
    got = sparse_cce(target, logits, sample_weight=sample_weight)
    assert_stated("sw_keras", got, (sample_weight * EACH).mean(), F32)


def test_keras_mean_with_sample_weight_divides_by_the_summed_weights():
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="mean_with_sample_weight")
    got = loss(target, logits, sample_weight=W_Y)
    assert_stated("cw_keras_mean_with_sample_weight", got, (W_Y * EACH).sum() / W_Y.sum(), F32)


def test_keras_fit_class_weight_is_a_sample_weight_divided_by_the_batch_size():
    """Model.fit(class_weight=...) passes w[y] as sample weights: the loss it reports is divided by N."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(3, kernel_initializer="identity", bias_initializer="zeros")]
    )  # returns its input: the logits
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.0),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    weights = dict(enumerate(class_weight))
    history = model.fit(logits, target, class_weight=weights, batch_size=4, epochs=1, verbose=0, shuffle=False)
    np.testing.assert_allclose(history.history["loss"][0], (W_Y * EACH).mean(), rtol=F32)
    np.testing.assert_allclose(history.history["loss"][0], stated("cw_keras"), rtol=F32)


def test_optax_weights_and_means_are_written_by_hand():
    per_example = optax.losses.softmax_cross_entropy_with_integer_labels(logits, target)
    assert_stated("cw_optax", (W_Y * per_example).sum() / W_Y.sum(), (W_Y * EACH).sum() / W_Y.sum(), F32)
    got = (sample_weight * per_example).sum() / sample_weight.sum()
    assert_stated("sw_optax", got, (sample_weight * EACH).sum() / sample_weight.sum(), F32)


def test_scikit_learn_sample_weights_divide_by_their_sum():
    assert_stated("cw_sklearn", log_loss(target, probs, sample_weight=W_Y), (W_Y * EACH).sum() / W_Y.sum(), F64)
    got = log_loss(target, probs, sample_weight=sample_weight)
    assert_stated("sw_sklearn", got, (sample_weight * EACH).sum() / sample_weight.sum(), F64)


def test_torch_and_course_lib_take_sample_weights_by_hand():
    assert "sample_weight" not in params(F.cross_entropy)
    expected = (sample_weight * EACH).sum() / sample_weight.sum()
    per_example = F.cross_entropy(t_logits, t_target, reduction="none")
    assert_stated("sw_torch", (per_example * torch.tensor(sample_weight)).sum() / sample_weight.sum(), expected, F64)
    per_example = cl.cross_entropy(logits, target, reduction="none")
    assert_stated("sw_course_lib", (sample_weight * per_example).sum() / sample_weight.sum(), expected, F64)


KEPT = target_ignored != -100


def test_torch_and_course_lib_leave_ignored_targets_out_of_the_mean():
    assert default(F.cross_entropy, "ignore_index") == -100 == default(cl.cross_entropy, "ignore_index")
    expected = EACH[KEPT].mean()
    assert_stated("ig_torch", F.cross_entropy(t_logits, torch.tensor(target_ignored)), expected, F64)
    assert_stated("ig_course_lib", cl.cross_entropy(logits, target_ignored), expected, F64)


def test_keras_ignore_class_leaves_ignored_targets_out_of_the_mean_only_when_asked():
    assert default(keras.losses.SparseCategoricalCrossentropy.__init__, "ignore_class") is None
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)
    assert_stated("ig_keras", loss(target_ignored, logits), EACH[KEPT].mean(), F32)
    unasked = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target_ignored, logits)
    np.testing.assert_allclose(value(unasked), EACH[KEPT].sum() / 4, rtol=F32)  # -100 counted as a loss of 0


def test_optax_where_gives_the_masked_example_0_and_the_mean_still_divides_by_n():
    per_example = optax.losses.softmax_cross_entropy_with_integer_labels(logits, target_ignored, where=KEPT)
    assert value(per_example)[1] == 0
    assert_stated("ig_optax_mean", per_example.mean(), EACH[KEPT].sum() / 4, F32)
    assert_stated("ig_optax_kept", per_example.sum() / KEPT.sum(), EACH[KEPT].mean(), F32)
    unmasked = value(optax.losses.softmax_cross_entropy_with_integer_labels(logits, target_ignored))
    assert np.isnan(unmasked[1])  # a -100 left in the labels


def test_scikit_learn_has_no_ignored_targets_drop_the_rows():
    assert not {"ignore_index", "ignore_class", "where"} & set(params(log_loss))
    got = log_loss(target_ignored[KEPT], probs[KEPT], labels=[0, 1, 2])
    assert_stated("ig_sklearn", got, EACH[KEPT].mean(), F64)


def test_when_every_target_is_ignored_torch_and_course_lib_return_nan_and_keras_0():
    assert torch.isnan(F.cross_entropy(t_logits, torch.full((4,), -100)))
    assert np.isnan(cl.cross_entropy(logits, np.full(4, -100)))
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)
    assert value(loss(np.full(4, -100), logits)) == 0
    assert stated("all_ig_torch") == stated("all_ig_course_lib") == "nan" and stated("all_ig_keras") == 0


BCE_EACH = bce_logits_each(z, y)


def test_torch_and_course_lib_binary_weights_divide_by_the_number_of_elements():
    got = F.binary_cross_entropy_with_logits(t_z, t_y, weight=torch.tensor(sample_weight))
    assert_stated("bw_torch", got, (sample_weight * BCE_EACH).mean(), F64)
    got = cl.binary_cross_entropy_with_logits(z, y, weight=sample_weight)
    assert_stated("bw_course_lib", got, (sample_weight * BCE_EACH).mean(), F64)


def test_keras_binary_sample_weights_divide_by_n_with_targets_of_shape_n_1():
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    got = bce(y[:, None], z[:, None], sample_weight=sample_weight)
    assert_stated("bw_keras_column", got, (sample_weight * BCE_EACH).mean(), F32)


def test_keras_binary_loss_with_flat_targets_averages_before_weighting():
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    got = bce(y, z, sample_weight=sample_weight)
    assert_stated("bw_keras_flat", got, BCE_EACH.mean() * sample_weight.mean(), F32)


def test_scikit_learn_binary_sample_weights_divide_by_their_sum():
    got = log_loss(y, expit(z), sample_weight=sample_weight)
    assert_stated("bw_sklearn", got, (sample_weight * BCE_EACH).sum() / sample_weight.sum(), F64)


# --- probability clipping ---------------------------------------------------------------------------------------

PS = {"0": 0.0, "tiny": 1e-10, "1": 1.0}


@pytest.mark.parametrize("name", PS)
def test_torch_and_course_lib_clamp_the_log_at_minus_100(name):
    p = PS[name]
    with np.errstate(divide="ignore"):
        expected = min(-np.log(np.float32(p)), 100.0) + 0.0  # PyTorch's default tensors are float32
    got = F.binary_cross_entropy(torch.tensor([p]), torch.tensor([1.0]))
    assert_stated(f"clip_torch_p{name}", got, expected, F32)
    assert_stated(f"clip_course_lib_p{name}", cl.binary_cross_entropy(np.array([p]), np.ones(1)), expected, F32)
    assert torch.equal(torch.nn.BCELoss()(torch.tensor([p]), torch.tensor([1.0])), got)


@pytest.mark.parametrize("name", PS)
def test_keras_clips_probabilities_into_epsilon_1_minus_epsilon(name):
    assert keras.config.epsilon() == 1e-7
    eps = np.float32(1e-7)
    expected = -np.log(np.clip(np.float32(PS[name]), eps, np.float32(1) - eps))
    assert_stated(f"clip_keras_p{name}", keras.losses.BinaryCrossentropy()([[1.0]], [[PS[name]]]), expected, F32)


@pytest.mark.parametrize("name", PS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scikit_learn_clips_to_the_machine_epsilon_of_the_dtype(name, dtype):
    eps = np.finfo(dtype).eps
    p = np.array([PS[name]], dtype=dtype)
    expected = -np.log(np.clip(float(p[0]), eps, 1 - eps))
    key = f"clip_sklearn_p{name}" if dtype == np.float64 else f"clip_sklearn32_p{name}"
    assert_stated(key, log_loss([1], p, labels=[0, 1]), expected, F64 if dtype == np.float64 else F32)


def test_the_clip_caps_are_the_ones_the_page_states():
    assert stated("clip_torch_p0") == stated("clip_course_lib_p0") == 100
    np.testing.assert_allclose(stated("clip_keras_p0"), 7 * np.log(10), rtol=F32)
    np.testing.assert_allclose(stated("clip_sklearn_p0"), 52 * np.log(2), rtol=F64)
    np.testing.assert_allclose(stated("clip_sklearn32_p0"), 23 * np.log(2), rtol=F32)
    assert stated("clip_sklearn_p0") > stated("clip_sklearn32_p0")  # costs more in float64
    assert stated("clip_keras_ptiny") == stated("clip_keras_p0")  # 1e-10 costs what 1e-7 costs


def test_keras_clip_leaves_no_gradient_below_epsilon():
    def loss(p):
        return keras.losses.BinaryCrossentropy()(jnp.ones((1, 1)), p)

    assert float(jax.grad(loss)(jnp.array([[1e-10]]))[0, 0]) == 0
    np.testing.assert_allclose(float(jax.grad(loss)(jnp.array([[0.5]]))[0, 0]), -2.0, rtol=F32)  # -1/p


def test_categorical_losses_of_probabilities_clip_alike_and_the_log_of_0_is_infinite():
    keras_loss = keras.losses.CategoricalCrossentropy()([[0.0, 1.0]], [[1.0, 0.0]])
    assert_stated("clip_cat_keras", keras_loss, -np.log(np.float32(1e-7)), F32)
    sklearn_loss = log_loss([1], [[1.0, 0.0]], labels=[0, 1])
    assert_stated("clip_cat_sklearn", sklearn_loss, -np.log(np.finfo(np.float64).eps), F64)
    assert torch.isinf(F.nll_loss(torch.log(torch.tensor([[1.0, 0.0]])), torch.tensor([1])))
    with np.errstate(divide="ignore"):
        assert np.isinf(cl.nll_loss(np.log([[1.0, 0.0]]), [1]))
    assert stated("clip_cat_torch") == stated("clip_cat_course_lib") == "inf"


def test_the_logits_route_needs_no_clip():
    expected = 1000.0  # -log sigmoid(-1000) = log(1 + e^1000) = 1000 to float precision
    got = F.binary_cross_entropy_with_logits(torch.tensor([-1000.0]), torch.tensor([1.0]))
    assert_stated("logit_far_torch", got, expected, F64)
    keras_loss = keras.losses.BinaryCrossentropy(from_logits=True)([[1.0]], [[-1000.0]])
    assert_stated("logit_far_keras", keras_loss, expected, F32)
    optax_loss = optax.losses.sigmoid_binary_cross_entropy(np.array([-1000.0]), np.array([1.0]))
    assert_stated("logit_far_optax", optax_loss, [expected], F32)
    assert_stated("logit_far_course_lib", cl.binary_cross_entropy_with_logits([-1000.0], [1.0]), expected, F64)
    assert expit(-1000.0) == 0


# --- label smoothing ----------------------------------------------------------------------------------------------

EPS = 0.1
SMOOTHED = ce_each(logits, (1 - EPS) * onehot + EPS / 3).mean()  # q = (1 - eps) y + eps / C
SMOOTHED_BINARY = bce_logits_each(z, y * (1 - EPS) + EPS / 2).mean()


def test_torch_label_smoothing_mixes_the_target_with_the_uniform_distribution():
    assert_stated("ls_torch", F.cross_entropy(t_logits, t_target, label_smoothing=EPS), SMOOTHED, F64)
    got = F.cross_entropy(t_logits, torch.tensor(onehot), label_smoothing=EPS)
    assert_stated("ls_torch_onehot", got, SMOOTHED, F64)


def test_course_lib_label_smoothing_follows_torch_with_class_weights_too():
    assert_stated("ls_course_lib", cl.cross_entropy(logits, target, label_smoothing=EPS), SMOOTHED, F64)
    torch_loss = F.cross_entropy(t_logits, t_target, weight=torch.tensor(class_weight), label_smoothing=EPS)
    np.testing.assert_allclose(
        cl.cross_entropy(logits, target, weight=class_weight, label_smoothing=EPS), value(torch_loss), rtol=F64
    )


def test_keras_categorical_label_smoothing_has_the_same_formula():
    smooth_cce = keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=EPS)
    assert_stated("ls_keras", smooth_cce(onehot, logits), SMOOTHED, F32)


def test_optax_smooth_labels_has_the_same_formula_for_one_hot_rows():
    got = optax.losses.softmax_cross_entropy(logits, optax.smooth_labels(onehot, EPS)).mean()
    assert_stated("ls_optax", got, SMOOTHED, F32)


def test_which_losses_have_no_label_smoothing():
    assert "label_smoothing" not in params(keras.losses.SparseCategoricalCrossentropy.__init__)
    assert "label_smoothing" in params(keras.losses.CategoricalCrossentropy.__init__)
    assert "label_smoothing" in params(keras.losses.BinaryCrossentropy.__init__)
    assert "label_smoothing" in params(F.cross_entropy)
    for f in (F.binary_cross_entropy, F.binary_cross_entropy_with_logits, log_loss):
        assert "label_smoothing" not in params(f), f.__name__
    for f in OPTAX_CROSS_ENTROPIES:
        assert "label_smoothing" not in params(f) and "alpha" not in params(f), f.__name__


def test_keras_binary_label_smoothing_moves_targets_to_y_1_minus_eps_plus_eps_over_2():
    got = keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=EPS)(y, z)
    assert_stated("ls_bin_keras", got, SMOOTHED_BINARY, F32)


def test_binary_targets_smoothed_by_hand_give_the_same_loss():
    assert_stated("ls_bin_torch", F.binary_cross_entropy_with_logits(t_z, t_y * 0.9 + 0.05), SMOOTHED_BINARY, F64)
    got = optax.losses.sigmoid_binary_cross_entropy(z, y * 0.9 + 0.05).mean()
    assert_stated("ls_bin_optax_hand", got, SMOOTHED_BINARY, F32)
    got = cl.binary_cross_entropy_with_logits(z, y * 0.9 + 0.05)
    assert_stated("ls_bin_course_lib", got, SMOOTHED_BINARY, F64)


def test_optax_smooth_labels_on_a_vector_of_binary_targets_divides_eps_by_the_number_of_examples():
    smoothed = optax.smooth_labels(y, EPS)
    assert_stated("ls_bin_optax_smooth_labels_targets", smoothed, (1 - EPS) * y + EPS / len(y), F32)
    assert stated("ls_bin_optax_smooth_labels_targets") == [0.925, 0.025, 0.025, 0.925]
    got = optax.losses.sigmoid_binary_cross_entropy(z, optax.smooth_labels(y, EPS)).mean()
    expected = bce_logits_each(z, (1 - EPS) * y + EPS / len(y)).mean()
    assert_stated("ls_bin_optax_smooth_labels", got, expected, F32)
    assert not np.isclose(expected, SMOOTHED_BINARY)
