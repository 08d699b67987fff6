#!/usr/bin/env bash
# Build the book into _build/html, strictly: any Sphinx warning fails the build.
source "$(dirname "$0")/env.sh"
jupyter-book build . -W -n --keep-going
echo "The book is in $PWD/_build/html/index.html"
