# Sourced by the other scripts: creates the project's virtual environment in .venv (once) and keeps it
# in step with requirements-dev.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=.venv/.requirements-stamp
if [ ! -f "$stamp" ] || ! cmp -s <(cat requirements.txt requirements-dev.txt pyproject.toml) "$stamp"; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  cat requirements.txt requirements-dev.txt pyproject.toml > "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
