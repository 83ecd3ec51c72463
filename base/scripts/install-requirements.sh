#!/bin/sh
# Builder-stage helper: install requirements-base.txt plus the extras named in AGENT_EXTRAS
# ("ai", "web", space-separated) into the virtualenv. An unknown extra fails the build by name.
set -eu

REQ_DIR=${1:?usage: install-requirements.sh REQ_DIR}
set -- -r "$REQ_DIR/requirements-base.txt"

for extra in ${AGENT_EXTRAS:-}; do
  file="$REQ_DIR/requirements-$extra.txt"
  if [ ! -f "$file" ]; then
    echo "AGENT_EXTRAS: unknown extra \"$extra\" (expected: ai, web)" >&2
    exit 2
  fi
  set -- "$@" -r "$file"
done

pip install --no-compile "$@"
