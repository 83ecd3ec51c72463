#!/usr/bin/env bash
# Shared shell helpers for agent containers: logging, waiting for TCP dependencies, secrets and
# config files, health probes and debug info. Sourced by agent-entrypoint.sh: no side effects on
# load. Also a command, for `docker exec` (see the end of the file):
#   docker exec agent-images-chat /usr/local/lib/agent/common-functions.sh debug_container
#   docker exec agent-images-chat /usr/local/lib/agent/common-functions.sh load_config /app/config/chat.env

# Exit codes from sysexits.h, so `docker inspect` tells a config error from a dead dependency.
EX_CONFIG=78
EX_UNAVAILABLE=69
EX_USAGE=64

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

# For every exported NAME_FILE naming a readable file, exports NAME with its content (one trailing
# newline dropped), unless NAME is already set. Compose secrets (/run/secrets/...) arrive this way:
# the value lives in the agent's process only, never in the container's config.
load_secret_files() {
  local var name path
  for var in $(compgen -A export); do
    [[ $var == *_FILE && -n ${!var:-} ]] || continue
    name=${var%_FILE}
    [[ -z ${!name:-} ]] || continue
    path=${!var}
    if [[ ! -f $path || ! -r $path ]]; then
      log_warn "$var names $path, which is not a readable file; $name stays unset"
      continue
    fi
    export "$name=$(<"$path")"
  done
}

# load_config FILE... : exports KEY=VALUE lines (blank lines and # comments skipped, one pair of
# surrounding quotes removed); the environment wins over a file, and a missing file is skipped.
# Names what it loaded, never the values (a config file may hold credentials).
load_config() {
  local file line number key value loaded
  for file in "$@"; do
    [[ -f $file ]] || continue
    number=0 loaded=""
    while IFS= read -r line || [[ -n $line ]]; do
      number=$((number + 1))
      [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
      if [[ ! $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
        log_error "$file:$number: not KEY=VALUE"
        return "$EX_CONFIG"
      fi
      key=${BASH_REMATCH[2]} value=${BASH_REMATCH[3]}
      [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]] && value=${BASH_REMATCH[1]}
      [[ -n ${!key+set} ]] && continue
      export "$key=$value"
      loaded+=" $key"
    done <"$file"
    log_info "config $file: ${loaded:- nothing new}"
  done
}

# Prints what a bug report needs about this container (values of variables are never printed,
# only their names): identity, limits, volumes, dependencies and the agent's own health.
debug_container() {
  local dir target wait_for=${WAIT_FOR:-} redis_url=${REDIS_URL:-}
  echo "== agent ${AGENT_NAME:-?} on port ${PORT:-?} ($(hostname))"
  echo "user: $(id)"
  echo "python: $(python3 --version 2>&1), venv: ${VIRTUAL_ENV:-none}"
  echo "memory limit: $(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo unknown)," \
    "used: $(cat /sys/fs/cgroup/memory.current 2>/dev/null || echo unknown)"
  echo "cpu limit: $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo unknown)"
  echo "root filesystem: $(if touch /.debug-probe 2>/dev/null; then rm -f /.debug-probe; echo writable; else echo read-only; fi)"
  echo "environment (names only): $(compgen -A export | tr '\n' ' ')"
  for dir in ${VOLUME_DIRS:-} /app/config /app/prompts /app/knowledge_base; do
    [[ -e $dir ]] || { echo "folder $dir: missing"; continue; }
    echo "folder $dir: $([[ -w $dir ]] && echo writable || echo read-only), $(find "$dir" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l) entries, $(df -h "$dir" 2>/dev/null | awk 'NR == 2 {print $4 " free"}')"
  done
  for target in ${wait_for//,/ }; do
    echo "dependency $target: $(tcp_open "${target%:*}" "${target##*:}" && echo reachable || echo unreachable)"
  done
  if [[ -n $redis_url ]]; then echo "redis database: ${redis_url##*/}"; else echo "redis database: none"; fi
  echo "health: $(health_probe >/dev/null 2>&1 && echo ok || echo failing)"
}

# Called as a program rather than sourced: run the named helper with the remaining arguments.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -uo pipefail
  case ${1:-} in
    debug_container | load_config | load_secret_files | health_probe | wait_for_all | require_env) "$@" ;;
    *)
      echo "usage: $0 debug_container | load_config FILE... | health_probe | wait_for_all LIST SECONDS | require_env NAME..." >&2
      exit "$EX_USAGE"
      ;;
  esac
fi
