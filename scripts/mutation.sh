#!/usr/bin/env bash
# Mutation testing of course_lib's numerical modules with mutmut (a periodic report, not part of the test
# command): every small change mutmut can make to the code (an operator, a constant, an argument) must make
# some unit test fail. Runs on a copy of the committed tree in .cache/mutation, in a virtual environment of
# its own (.cache/mutation-venv: the locked requirements plus mutmut), with the settings of [tool.mutmut] in
# pyproject.toml; takes about ten minutes on two cores. Prints the survivors at the end; `mutmut show NAME`
# (run in .cache/mutation) shows one. Results are recorded in tests/README.md.
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
cd .cache/mutation
"$root/$venv/bin/mutmut" run --max-children "${JOBS:-2}" | tail -c 400
echo
"$root/$venv/bin/mutmut" results
