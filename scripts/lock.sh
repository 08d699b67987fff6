#!/usr/bin/env bash
# Re-compile the locked requirements from the loose ones, with uv (installed in .venv by the lock itself):
#   requirements-dev.in -> requirements-dev.txt   everything the book's build and the tests install (Linux)
#   requirements.in     -> requirements.txt       what a reader and Binder install, on any platform
# The versions already locked are kept unless a loose requirement excludes them; to move to newer releases,
# delete a lock file (or pass --upgrade / --upgrade-package NAME, handed on to uv) and run this again.
# PyTorch, the tests' oracle, is resolved as its CPU build, whose dependencies do not include CUDA's: uv looks
# for that build in TORCH_CPU_WHEELS (a folder or an index URL; the CI machines keep it in /opt/wheels).
# torch itself is not written into the lock: requirements-oracle.txt pins it, so that pip takes whichever
# build of that version the machine offers.
source "$(dirname "$0")/env.sh"
wheels=${TORCH_CPU_WHEELS:-/opt/wheels}
torch=$(grep -E '^torch==' requirements-oracle.txt)
override=$(mktemp)
trap 'rm -f "$override"' EXIT
echo "$torch+cpu" > "$override"
uv pip compile requirements-dev.in -o requirements-dev.txt --python-version 3.11 --quiet \
  --custom-compile-command "bash scripts/lock.sh" --find-links "$wheels" --override "$override" \
  --no-emit-package torch --no-emit-package course-lib "$@"
uv pip compile requirements.in -c requirements-dev.txt -o requirements.txt --universal --python-version 3.11 \
  --custom-compile-command "bash scripts/lock.sh" --quiet "$@"
echo "requirements-dev.txt and requirements.txt compiled; commit them with the .in files."
