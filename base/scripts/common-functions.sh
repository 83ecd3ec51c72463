#!/usr/bin/env bash
# Shared shell helpers for agent containers: logging, waiting for TCP dependencies,
# health probes and debug info. Sourced by agent-entrypoint.sh; no side effects on load.

# Exit codes from sysexits.h, so `docker inspect` tells a config error from a dead dependency.
readonly EX_CONFIG=78
readonly EX_UNAVAILABLE=69

log() {
  local level=$1
  shift
  printf '%s %-5s [%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$level" "${AGENT_NAME:-agent}" "$*" >&2
}
log_info() { log INFO "$@"; }
log_warn() { log WARN "$@"; }
log_error() { log ERROR "$@"; }

# Prints the names (from the arguments) of variables that are unset or empty.
missing_env() {
  local name
  for name in "$@"; do
    if [[ ! $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
      printf '%s(invalid name) ' "$name"
    elif [[ -z ${!name:-} ]]; then
      printf '%s ' "$name"
    fi
  done
}

# require_env NAME... : fails once, naming every missing variable.
require_env() {
  local missing
  missing=$(missing_env "$@")
  if [[ -n $missing ]]; then
    log_error "missing required environment variables: ${missing% }"
    return "$EX_CONFIG"
  fi
}

# One connection attempt, bounded to a second; bash's /dev/tcp needs no nc or curl.
tcp_open() {
  # shellcheck disable=SC2016 # $1/$2 expand in the inner bash, on purpose
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# wait_for_tcp HOST:PORT TIMEOUT_SECONDS
wait_for_tcp() {
  local target=$1 timeout_s=$2
  local host=${target%:*} port=${target##*:}
  if [[ -z $host || ! $port =~ ^[0-9]+$ || $host == "$target" ]]; then
    log_error "WAIT_FOR entry \"$target\" is not HOST:PORT"
    return "$EX_CONFIG"
  fi
  local deadline=$((SECONDS + timeout_s))
  until tcp_open "$host" "$port"; do
    if ((SECONDS >= deadline)); then
      log_error "gave up waiting for $target after ${timeout_s}s"
      return "$EX_UNAVAILABLE"
    fi
    sleep 1
  done
  log_info "dependency $target is reachable"
}

# wait_for_all "host:port host:port" TIMEOUT_SECONDS (commas also separate entries).
wait_for_all() {
  local list=${1//,/ } timeout_s=$2 target
  [[ $timeout_s =~ ^[0-9]+$ ]] || { log_error "WAIT_TIMEOUT must be whole seconds, got \"$timeout_s\""; return "$EX_CONFIG"; }
  for target in $list; do
    wait_for_tcp "$target" "$timeout_s" || return
  done
}

# Creates volume folders and checks they are writable by the current (non-root) user.
prepare_dirs() {
  local dir
  for dir in "$@"; do
    mkdir -p "$dir" 2>/dev/null || true
    if [[ ! -w $dir ]]; then
      log_error "$dir is not writable by $(id -un) (uid $(id -u)); mount the volume with that owner"
      return "$EX_CONFIG"
    fi
  done
}

# Exit 0 when the agent answers GET /health/<agent> with 200 (python stdlib: no curl here).
health_probe() {
  python3 /usr/local/lib/agent/healthcheck.py
}

# Context for bug reports: who/where we run, limits, mounts. Printed when AGENT_DEBUG=1.
debug_info() {
  log_info "user: $(id)"
  log_info "python: $(python3 --version 2>&1), venv: ${VIRTUAL_ENV:-none}"
  log_info "agent: ${AGENT_NAME:-?} port: ${PORT:-?} wait-for: ${WAIT_FOR:-none}"
  log_info "memory limit: $(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo unknown)"
  log_info "cpu limit: $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo unknown)"
  log_info "volumes: ${VOLUME_DIRS:-none}"
}
