#!/usr/bin/env bash
# Mutation testing of course_lib's numerical modules with mutmut (a periodic report, not part of the test
# command): every small change mutmut can make to the code (an operator, a constant, an argument) must make
# some unit test fail. Runs on a copy of the committed tree in .cache/mutation, in a virtual environment of
# its own (.cache/mutation-venv: the locked requirements plus mutmut), with the settings of [tool.mutmut] in
# pyproject.toml; about 2,800 mutants, 15 to 35 minutes on two shared cores. Prints the survivors at the end;
# `mutmut show NAME` (run in .cache/mutation) shows one. Results are recorded in tests/README.md.
#
# WORKTREE=1 copies the working tree's uncommitted changes (tracked and untracked files) over the committed
# tree first: to check that new tests kill their mutants before they are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=.cache/mutation-venv
if [ ! -x "$venv/bin/mutmut" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r requirements.txt -r requirements-dev.txt -r requirements-oracle.txt \
    mutmut==3.8.1
fi
rm -rf .cache/mutation
git clone --quiet "$root" .cache/mutation
if [ "${WORKTREE:-0}" = 1 ]; then
  git diff HEAD --binary | git -C .cache/mutation apply
  git ls-files --others --exclude-standard -z | xargs -0 -r cp --parents -t .cache/mutation
fi
cd .cache/mutation
"$root/$venv/bin/mutmut" run --max-children "${JOBS:-2}" | tail -c 400
echo
"$root/$venv/bin/mutmut" results
