"""The GitHub Actions workflows: valid against the workflow schema (offline), and doing what they say.

tests.yml runs the README's test command on pushes and pull requests; pages.yml builds the book and deploys
it to GitHub Pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


def _load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def _runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def _uses(job: dict) -> dict[str, dict]:
    return {step["uses"].split("@")[0]: step for step in job["steps"] if "uses" in step}


TEST_COMMAND = "bash scripts/test.sh"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_workflow_is_valid_against_the_github_workflow_schema(path):
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_there_are_the_two_workflows():
    assert {p.name for p in FILES} == {"tests.yml", "pages.yml"}


def test_the_tests_run_the_readme_test_command_on_pushes_and_pull_requests():
    workflow = _load("tests.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert re.search(rf"^{re.escape(TEST_COMMAND)}\s+#", (ROOT / "README.md").read_text(), re.M)
    (job,) = workflow["jobs"].values()
    assert TEST_COMMAND in _runs(job)
    assert "actions/checkout" in _uses(job)
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text()  # CI proper runs the same command


def test_the_tests_run_as_root_on_debian_with_the_python_of_runtime_txt():
    """scripts/browser_deps.sh installs Debian's Chromium with apt-get, which needs Debian and root."""
    (job,) = _load("tests.yml")["jobs"].values()
    image = job["container"] if isinstance(job["container"], str) else job["container"]["image"]
    version = (ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    assert re.fullmatch(rf"python:{re.escape(version)}(\.\d+)?-(bookworm|trixie)", image), image


def test_the_book_is_built_and_deployed_to_github_pages():
    workflow = _load("pages.yml")
    branch = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["branch"]
    assert workflow["on"]["push"]["branches"] == [branch]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "bash scripts/build_book.sh" in _runs(build)
    uses = _uses(build)
    python = uses["actions/setup-python"]["with"]["python-version"]
    assert f"python-{python}" == (ROOT / "runtime.txt").read_text().strip()
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in _uses(deploy)
