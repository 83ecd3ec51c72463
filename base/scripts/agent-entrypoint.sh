#!/usr/bin/env bash
# Entrypoint of every agent image (run by tini as PID 1):
#   0. secrets and config: every NAME_FILE becomes NAME (compose secrets), then
#      $AGENT_CONFIG_DIR/common.env and $AGENT_CONFIG_DIR/$AGENT_NAME.env (the environment wins);
#   1. REQUIRED_ENV: fail with one message naming every missing variable;
#   2. WAIT_FOR: wait for each host:port dependency, at most WAIT_TIMEOUT seconds each;
#   3. VOLUME_DIRS: create the data folders and check they are writable;
#   4. exec the agent (the command), so tini forwards signals straight to it.
# A SIGTERM during steps 1-3 (e.g. `docker stop` while a dependency is still down) is
# trapped: every probe is bounded to 1 s, so we exit within a second instead of after
# WAIT_TIMEOUT. After step 4, tini delivers SIGTERM to the agent itself, which shuts down.
set -euo pipefail

# shellcheck source=common-functions.sh
source "${AGENT_LIB_DIR:-/usr/local/lib/agent}/common-functions.sh"

on_signal() {
  local signal=$1
  log_warn "received SIG$signal during startup; stopping before the agent starts"
  exit $((128 + $(kill -l "$signal")))
}

main() {
  trap 'on_signal TERM' TERM
  trap 'on_signal INT' INT
  load_secret_files
  load_config "${AGENT_CONFIG_DIR:-/app/config}/common.env" "${AGENT_CONFIG_DIR:-/app/config}/${AGENT_NAME:-agent}.env"
  if [[ ${AGENT_DEBUG:-0} == 1 ]]; then debug_container >&2; fi
  # shellcheck disable=SC2086 # space-separated lists by contract
  require_env ${REQUIRED_ENV:-}
  wait_for_all "${WAIT_FOR:-}" "${WAIT_TIMEOUT:-30}"
  # shellcheck disable=SC2086
  prepare_dirs ${VOLUME_DIRS:-}
  if (($# == 0)); then
    log_error "no agent command given (set CMD in the agent's Dockerfile)"
    exit "$EX_CONFIG"
  fi
  trap - TERM INT
  log_info "starting: $*"
  exec "$@"
}

main "$@"
