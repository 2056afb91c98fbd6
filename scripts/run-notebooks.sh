#!/usr/bin/env bash
# Executes every notebooks/*.ipynb with Debian's Jupyter (/usr/bin/jupyter, on /usr/bin/python3) and the tslab
# TypeScript kernel; fails on the first cell error. Executed copies go to tmp/notebooks/ (git-ignored).
#
#   bash scripts/run-notebooks.sh            build if needed, register the kernel, execute every notebook
#   bash scripts/run-notebooks.sh --setup    only build and register the kernel (then open the notebooks in
#                                            Jupyter with: JUPYTER_PATH=tmp/jupyter/share/jupyter PATH=notebooks/node_modules/.bin:$PATH)
#   bash scripts/run-notebooks.sh --strip    strip outputs and execution counts from notebooks/*.ipynb in place
#
# Needs: bash scripts/install-system-deps.sh (jupyter-nbconvert, python3-ipykernel, jupyter-client) and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

strip() {
  node -e '
    const fs = require("fs");
    for (const f of process.argv.slice(1)) {
      const nb = JSON.parse(fs.readFileSync(f, "utf8"));
      for (const c of nb.cells) {
        if (c.cell_type !== "code") continue;
        c.outputs = [];
        c.execution_count = null;
      }
      fs.writeFileSync(f, JSON.stringify(nb, null, 1) + "\n");
    }' notebooks/*.ipynb
}
if [ "${1:-}" = "--strip" ]; then
  strip
  exit 0
fi

jupyter=/usr/bin/jupyter
if [ ! -x "$jupyter" ] || ! /usr/bin/python3 -c 'import ipykernel, nbconvert' >/dev/null 2>&1; then
  echo "run-notebooks: Debian's Jupyter is missing: run bash scripts/install-system-deps.sh" >&2
  exit 1
fi

# 1. The package the notebooks import (`from 'equidose'` → package.json "exports" → dist/). Rebuilt when any
#    source is newer than the build, so a notebook never runs stale code.
if [ ! -f dist/src/index.js ] || [ -n "$(find src kernels phantoms package.json -newer dist/src/index.js -print -quit)" ]; then
  echo "run-notebooks: building dist/"
  npm run --silent build
fi

# 2. The kernel: tslab pinned by notebooks/package-lock.json, installed apart from the root package (its bundled
#    TypeScript would shadow the project's tsc). zeromq's prebuilt binary needs no install script.
if [ ! -x notebooks/node_modules/.bin/tslab ] ||
  ! cmp -s notebooks/package-lock.json notebooks/node_modules/.package-lock.json.src 2>/dev/null; then
  (cd notebooks && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp notebooks/package-lock.json notebooks/node_modules/.package-lock.json.src
fi
# The notebooks import the package by name: link it where Node looks from notebooks/.
ln -sfn ../.. notebooks/node_modules/equidose

jupyter_dir="$root/tmp/jupyter"
rm -rf "$jupyter_dir"
notebooks/node_modules/.bin/tslab install --python=/usr/bin/python3 --prefix "$jupyter_dir" >/dev/null
export JUPYTER_PATH="$jupyter_dir/share/jupyter"
export PATH="$root/notebooks/node_modules/.bin:$PATH"
if [ "${1:-}" = "--setup" ]; then
  echo "run-notebooks: kernel registered under $JUPYTER_PATH"
  exit 0
fi

out="$root/tmp/notebooks"
mkdir -p "$out"
for nb in notebooks/*.ipynb; do
  echo "run-notebooks: executing $nb"
  start=$(date +%s)
  (cd notebooks && "$jupyter" nbconvert --to notebook --execute "$(basename "$nb")" --output-dir "$out" \
    --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout=900 --log-level=WARN)
  echo "run-notebooks: $nb ok in $(($(date +%s) - start)) s → $out/$(basename "$nb")"
done
