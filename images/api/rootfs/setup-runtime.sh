#!/bin/sh
# Shared runtime setup for both API flavors (Alpine and Debian), so they stay identical:
# the apiuser account, its storage folders, and one path for tini and Chromium.
set -eu

API_UID=10001
API_GID=10001
STORAGE_DIRS="/app/.roo-storage/puppeteer /app/.roo-cli /app/config /app/workspace /app/logs /app/tmp"

create_user() {
  if command -v useradd >/dev/null 2>&1; then
    groupadd --system --gid "$API_GID" apiuser
    useradd --system --uid "$API_UID" --gid "$API_GID" --home-dir /app --no-create-home --shell /usr/sbin/nologin apiuser
  else
    addgroup -S -g "$API_GID" apiuser
    adduser -S -D -H -u "$API_UID" -G apiuser -h /app -s /sbin/nologin apiuser
  fi
}

# Alpine puts tini in /sbin and calls Chromium chromium-browser on older releases;
# Debian uses /usr/bin/tini and /usr/bin/chromium. Link so both flavors share one path.
link_if_missing() {
  target=$1
  link=$2
  if [ ! -e "$link" ]; then ln -s "$target" "$link"; fi
}

create_user
link_if_missing "$(command -v tini)" /sbin/tini
link_if_missing "$(command -v chromium-browser || command -v chromium)" /usr/bin/chromium
# shellcheck disable=SC2086 # word splitting of the folder list is intended
mkdir -p $STORAGE_DIRS
# shellcheck disable=SC2086
chown "$API_UID:$API_GID" /app/.roo-storage $STORAGE_DIRS
