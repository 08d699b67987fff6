# Sourced by the other scripts: creates the project's virtual environment in .venv (once) and keeps it
# in step with the locked requirements: requirements.txt (readers), requirements-dev.txt (book and tests)
# and requirements-oracle.txt (PyTorch, the tests' oracle). bash scripts/lock.sh re-compiles the locks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=.venv/.requirements-stamp
locked=(requirements.txt requirements-dev.txt requirements-oracle.txt)
if [ ! -f "$stamp" ] || ! cmp -s <(cat "${locked[@]}" pyproject.toml) "$stamp"; then
  .venv/bin/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt -r requirements-oracle.txt
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  cat "${locked[@]}" pyproject.toml > "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
