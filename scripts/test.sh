#!/usr/bin/env bash
# Run every check: lint, the unit tests, and the committed notebook outputs against a fresh execution.
source "$(dirname "$0")/env.sh"
ruff check .
ruff format --check .
python -m pytest -n 2 --dist loadfile --nbval tests book "$@"
