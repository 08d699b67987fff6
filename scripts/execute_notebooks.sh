#!/usr/bin/env bash
# Re-execute every chapter in place (each from its own folder), so the committed outputs are current.
source "$(dirname "$0")/env.sh"
python scripts/execute_notebooks.py "$@"
