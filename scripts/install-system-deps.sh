#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond Node/npm: Chromium (headless browser tests that
# exercise the WebGPU/WebGL2 kernel paths and open the HTML report). Idempotent; does nothing when present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: need root to apt-get install ${need[*]} (or install them yourself)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
