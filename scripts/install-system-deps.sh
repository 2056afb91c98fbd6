#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond Node/npm: Chromium (headless browser tests that
# exercise the WebGPU/WebGL2 kernel paths and open the HTML report) and Debian's Jupyter (nbconvert, ipykernel,
# jupyter-client on /usr/bin/python3) that executes the TypeScript notebooks (scripts/run-notebooks.sh).
# Idempotent; does nothing when present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/bin/jupyter-nbconvert ] || need+=(jupyter-nbconvert)
[ -x /usr/bin/jupyter-kernel ] || need+=(jupyter-client)
/usr/bin/python3 -c 'import ipykernel' >/dev/null 2>&1 || need+=(python3-ipykernel)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: need root to apt-get install ${need[*]} (or install them yourself)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
