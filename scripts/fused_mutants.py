"""Apply known one-line bugs to course_lib.fused, one at a time, and report which tests notice.

Each mutant is the text of course_lib/fused.py with one line replaced. It is compiled and executed into the
namespace of the imported module ``course_lib.fused`` for one pytest session, then the namespace is put
back; the file itself is only read. Functions of the module look their helpers up in that namespace when
called, so ``course_lib.cross_entropy_and_grad`` runs the mutated helpers too.

The three bugs of issue 14 (each passed every test of tests/test_fused.py):

- ``row_max_skips_column_0``: the wide-row branch of ``_row_max`` (more than 32 classes) skips column 0;
- ``row_sum_drops_the_last_class``: the long-row branch of ``_row_sum`` (more than 1,024 classes) drops the
  last class;
- ``fast_path_without_its_margin``: the fast path that skips the shift by the row max loses its margin
  (``- 9 - log C``);

and two milder variants of the last, reported but not required to be caught.

Usage (from the repository root)::

    .venv/bin/python scripts/fused_mutants.py            # tests/test_fused_edges.py, default hypothesis effort
    .venv/bin/python scripts/fused_mutants.py --quick    # the 3 bugs only, fewer hypothesis examples (the test)
    .venv/bin/python scripts/fused_mutants.py --json     # also print the report as one line of JSON, last
    .venv/bin/python scripts/fused_mutants.py tests/test_fused.py   # another test file

Exit status 0 when the unchanged module fails no selected test and each bug of issue 14 fails at least
``--min-failing`` (3) distinct test functions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUSED = ROOT / "course_lib" / "fused.py"
DEFAULT_TESTS = "tests/test_fused_edges.py"
# The test that runs this script is not run by it.
SELF_TEST = "test_each_known_bug_of_issue_14_fails_at_least_three_tests_here"

# name -> (what the bug is, the line of fused.py, the line it becomes, required to be caught)
MUTANTS = {
    "row_max_skips_column_0": (
        "the wide-row branch of _row_max (C > 32) skips column 0",
        "        return z.max(axis=1)\n",
        "        return z[:, 1:].max(axis=1)\n",
        True,
    ),
    "row_sum_drops_the_last_class": (
        "the long-row branch of _row_sum (C > 1024) drops the last class",
        "        return g.sum(axis=1)  # pairwise summation: accurate for long rows\n",
        "        return g[:, :-1].sum(axis=1)  # pairwise summation: accurate for long rows\n",
        True,
    ),
    "fast_path_without_its_margin": (
        "the unshifted fast path reaches up to log(max) (margin 9 + log C lost)",
        "    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(z.shape[1]) - np.log(max(scale, 1.0))\n",
        "    top = np.log(np.finfo(z.dtype).max)\n",
        True,
    ),
    "fast_path_without_the_9": (
        "variant: the fast path's margin keeps log C but loses the 9",
        "    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(z.shape[1]) - np.log(max(scale, 1.0))\n",
        "    top = np.log(np.finfo(z.dtype).max) - np.log(z.shape[1]) - np.log(max(scale, 1.0))\n",
        False,
    ),
    "fast_path_without_log_c": (
        "variant: the fast path's margin keeps the 9 but loses log C",
        "    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(z.shape[1]) - np.log(max(scale, 1.0))\n",
        "    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(max(scale, 1.0))\n",
        False,
    ),
    "fast_path_without_the_denominator": (
        "the fast path's bound forgets the mean's denominator (s * D overflows for D > e^9)",
        "    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(z.shape[1]) - np.log(max(scale, 1.0))\n",
        "    top = np.log(np.finfo(z.dtype).max) - 9 - np.log(z.shape[1])\n",
        True,
    ),
}


def mutated_source(source: str, old: str, new: str) -> str:
    """``source`` with its one line ``old`` replaced by ``new``; an error if ``old`` is not there exactly once."""
    count = source.count(old)
    if count != 1:
        raise SystemExit(f"fused.py holds {count} copies of {old.strip()!r}, not 1: update MUTANTS in {__file__}")
    return source.replace(old, new)


class Outcomes:
    """A pytest plugin that records the node ids of the tests that fail (in setup, call or teardown)."""

    def __init__(self):
        self.failed: set[str] = set()
        self.ran = 0

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.ran += 1
        if report.failed:
            self.failed.add(report.nodeid)


def run_tests(paths: list[str], quiet: bool) -> Outcomes:
    import pytest

    outcomes = Outcomes()
    args = [*paths, "-p", "no:cacheprovider", "-p", "no:xdist", "-q", "--tb=no", "--no-header", "-rN"]
    args += ["-k", f"not {SELF_TEST}", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    if quiet:
        args.append("-qq")
    code = pytest.main(args, plugins=[outcomes])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SystemExit(f"pytest could not run {paths}: exit code {code}")
    return outcomes


def run_mutant(name: str | None, source: str, paths: list[str], quiet: bool) -> Outcomes:
    """Run the tests with mutant ``name`` (None: the module as it is) applied to course_lib.fused in memory."""
    import course_lib.fused as fused

    namespace = fused.__dict__
    saved = dict(namespace)
    if name is not None:
        _, old, new, _ = MUTANTS[name]
        exec(compile(mutated_source(source, old, new), f"<course_lib/fused.py, mutant {name}>", "exec"), namespace)
    try:
        return run_tests(paths, quiet)
    finally:
        namespace.clear()
        namespace.update(saved)


def test_functions(node_ids) -> list[str]:
    """Distinct test functions among node ids (parameters dropped)."""
    return sorted({node_id.split("[")[0] for node_id in node_ids})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[DEFAULT_TESTS], help=f"test files (default {DEFAULT_TESTS})")
    parser.add_argument("--quick", action="store_true", help="the required bugs only, 20 hypothesis examples")
    parser.add_argument("--min-failing", type=int, default=3, help="test functions each bug must fail (3)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON on the last line")
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from hypothesis import Phase, settings

    # Reproducible (derandomized), no example database written, no shrinking: a failure is all we need.
    # tests/conftest.py loads the profile named by HYPOTHESIS_PROFILE.
    settings.register_profile(
        "fused_mutants",
        max_examples=20 if args.quick else 60,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    os.environ["HYPOTHESIS_PROFILE"] = "fused_mutants"

    source = FUSED.read_text()
    quiet = args.json
    report = {"tests": args.paths, "mutants": {}}
    start = time.perf_counter()
    baseline = run_mutant(None, source, args.paths, quiet)
    report["baseline_ran"] = baseline.ran
    report["baseline_failures"] = sorted(baseline.failed)
    ok = not baseline.failed and baseline.ran > 0
    for name, (description, _, _, required) in MUTANTS.items():
        if args.quick and not required:
            continue
        outcomes = run_mutant(name, source, args.paths, quiet)
        functions = test_functions(outcomes.failed)
        caught = len(functions) >= args.min_failing
        ok &= caught or not required
        report["mutants"][name] = {
            "description": description,
            "required": required,
            "failing_items": len(outcomes.failed),
            "failing_tests": functions,
        }
    report["seconds"] = round(time.perf_counter() - start, 1)

    lines = [f"baseline: {baseline.ran} tests ran, {len(baseline.failed)} failed"]
    for name, entry in report["mutants"].items():
        mark = "" if entry["required"] else " (variant, not required)"
        lines.append(
            f"{name}{mark}: {entry['failing_items']} test items fail, in {len(entry['failing_tests'])} test functions"
        )
        lines += [f"    {function}" for function in entry["failing_tests"]]
    lines.append(f"{'OK' if ok else 'NOT OK'} in {report['seconds']} s")
    print("\n".join(lines))
    if args.json:
        print(json.dumps(report))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
