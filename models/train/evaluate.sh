#!/bin/sh
# Held-out evaluation of a model directory on TEST-seed phantoms (never used in training):
# exports the cases, runs `equidose synth` (our TS/onnxruntime-node inference) and scores with evaluate.py.
# Usage (from the repository root): sh models/train/evaluate.sh models/<id> WORK_DIR > models/<id>/evaluation.json
set -eu
MODEL=${1:?usage: evaluate.sh MODEL_DIR WORK_DIR}
WORK=${2:?usage: evaluate.sh MODEL_DIR WORK_DIR}
npx esbuild models/train/export-cases.ts --bundle --platform=node --format=esm --packages=external \
  --outfile=node_modules/.cache/equidose-train/export-cases.mjs --log-level=warning
npx esbuild src/cli/main.ts --bundle --platform=node --format=esm --packages=external \
  --outfile=node_modules/.cache/equidose-train/equidose.mjs --log-level=warning
node node_modules/.cache/equidose-train/export-cases.mjs --test pelvis 1 5 "$WORK" >&2
node node_modules/.cache/equidose-train/export-cases.mjs --test head 1 3 "$WORK" >&2
for d in "$WORK"/pelvis-* "$WORK"/head-*; do
  node node_modules/.cache/equidose-train/equidose.mjs synth --mr "$d/mr.nii.gz" --model "$MODEL" --out "$d/sct.nii.gz" --threads 1 >&2
done
/usr/bin/python3 models/train/evaluate.py "$WORK"/pelvis-* "$WORK"/head-*
