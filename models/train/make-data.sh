#!/bin/sh
# Exports the training cases (TRAINING seeds only) with the project's phantom generator.
# Usage (from the repository root): sh models/train/make-data.sh DATA_DIR [HEAD_LAST_SEED]
# HEAD_LAST_SEED (default 1011, the v1 set): head cases 1000..HEAD_LAST_SEED; pelvis is always 1000-1023.
set -eu
DATA=${1:?usage: make-data.sh DATA_DIR [HEAD_LAST_SEED]}
HEAD_LAST=${2:-1011}
npx esbuild models/train/export-cases.ts --bundle --platform=node --format=esm --packages=external \
  --outfile=node_modules/.cache/equidose-train/export-cases.mjs --log-level=warning
node node_modules/.cache/equidose-train/export-cases.mjs pelvis 1000 1023 "$DATA"
node node_modules/.cache/equidose-train/export-cases.mjs head 1000 "$HEAD_LAST" "$DATA"
(cd "$DATA" && sha256sum */mr.nii.gz */ct.nii.gz) > "$DATA/SHA256SUMS"
