#!/usr/bin/python3
"""Writes models/<id>/MODEL_CARD.md from the run's own records, so no figure is transcribed by hand:
manifest.json, evaluation.json (evaluate.sh), training-log.tsv (train.py's losses.tsv), train-summary.json.

Usage: /usr/bin/python3 models/train/write-card.py models/<id> /path/to/train-summary.json [BENCH_NOTE]
"""
import csv
import json
import os
import sys

model_dir, summary_path = sys.argv[1], sys.argv[2]
bench = sys.argv[3] if len(sys.argv) > 3 else "see `npm run bench` (tests/bench/synthct.bench.ts)"
m = json.load(open(os.path.join(model_dir, "manifest.json")))
ev = json.load(open(os.path.join(model_dir, "evaluation.json")))
s = json.load(open(summary_path))
a = s["args"]
rows = list(csv.DictReader(open(os.path.join(model_dir, "training-log.tsv")), delimiter="\t"))
last = rows[-4:]  # the last 100 iterations (log windows of 25)
mean = lambda k: sum(float(r[k]) for r in last) / len(last)  # noqa: E731
size_mb = os.path.getsize(os.path.join(model_dir, "model.onnx")) / 1e6
slices = s.get("slices", 3456)  # v1's summary predates the field: its 36 cases gave 3456 slices
load = s.get("loadAverage")
load_note = (f"load average {load[2]:g} over the last 15 min of the run" if load
             else "while shared with other jobs (load average ≈ 10–16)")  # v1: measured by hand
n_head = sum(1 for c in s["cases"] if os.path.basename(c.rstrip("/")).startswith("head-"))
head_share = n_head / len(s["cases"])
crops = a["iterations"] * a["batch"]

case_rows = "\n".join(
    f"| {c['site']} | {c['seed']} | {c['maeHu']:.1f} | {c['psnrDb']:.2f} | {c['ssim']:.3f} | {c['bodyVoxels']} |"
    for c in ev["cases"])
site_rows = "\n".join(
    f"| {site} | {v['cases']} | **{v['maeHu']:.1f}** | {v['psnrDb']:.2f} | {v['ssim']:.3f} |"
    for site, v in ev["meanBySite"].items())

card = f"""# Model card: `{m['id']}`

A pix2pix-type conditional GAN that turns a T1-weighted-like MR into a synthetic CT (HU). It exists so that the
whole equidose chain (MR → sCT → dose on CT and sCT → gamma/DVH) works out of the box on the project's phantoms.
**Research and software validation only — trained exclusively on synthetic phantoms, never on patient data; not
for clinical use, and not expected to generalise to real MR scans.**

| | |
|---|---|
| File | `model.onnx`, {size_mb:.2f} MB, ONNX opset {m['onnx']['opset']}, sha256 `{m['onnx']['sha256']}` |
| Input | `{m['input']['name']}` float32 [batch, {m['input']['channels']}, height, width] (dynamic; H, W multiples of {m['input']['spatialMultiple']}): the axial slice and {m['modelGrid']['neighbourSlices']} neighbour on each side, normalised as below |
| Output | `{m['output']['name']}` float32 [batch, 1, height, width] in [−1, 1]; HU = out × {m['outputToHu']['scale']:g} + {m['outputToHu']['offset']:g} |
| Model grid | axial, columns → patient left, rows → posterior; {m['modelGrid']['inPlaneSpacingMm'][0]:g} × {m['modelGrid']['inPlaneSpacingMm'][1]:g} mm pixels, {m['modelGrid']['sliceSpacingMm']:g} mm slices (other MR grids are resampled to it and back) |
| MR normalisation | percentiles {m['mrNormalisation']['lowerPercentile']:g} and {m['mrNormalisation']['upperPercentile']:g} inside the body → [−1, 1], clipped; body = MR > {m['bodyMask']['thresholdFraction']:g} × P{m['bodyMask']['robustMaxPercentile']:g}, largest component, holes filled per slice |
| sCT | clipped to [{m['huClipRange'][0]}, {m['huClipRange'][1]}] HU, outside the body {m['outsideBodyHu']} HU |
| Licence | {m['licence']} |

## Architecture

- **Generator** (`models/train/networks.py`): U-Net, base width {a['nf']}: four 4×4 stride-2 convolution levels
  ({a['nf']}-{2 * a['nf']}-{4 * a['nf']}-{8 * a['nf']} channels; BatchNorm + LeakyReLU 0.2, none on the first),
  four 4×4 transposed-convolution levels with skip connections (BatchNorm + ReLU), then a 3×3 convolution over
  [decoder features, MR input] and tanh. 394,876 parameters. BatchNorm runs on its training statistics at
  inference, so crops (training) and whole slices (inference) are treated alike.
- **Discriminator**: 70×70 PatchGAN (the C64-C128-C256-C512 layout of Isola et al. 2017, widths ÷ {64 // a['nf']}),
  on [MR channels, CT], 175,569 parameters; used only in training.
- **Loss**: adversarial (BCE with logits) + λ·L1 with λ = {a['lambda_l1']:g}; discriminator loss halved (pix2pix).

## Data

{m['trainingData']}. The paired CT and MR come from one tissue map per case (T1-like MR: fat bright; cortical bone,
air and gas dark; smooth bias field; Rician noise; arbitrary receiver scale). The sha256 of every training input
file is in `training-data.sha256`. Validation seeds (100–199) were not used; test seeds (1–99) were used only for
the evaluation below.

## Training

`models/train/README.md` has the exact commands. {a['iterations']} iterations × batch {a['batch']} random
{a['crop']}×{a['crop']} crops centred on body voxels (left-right mirrored with p = 0.5) = {crops} crops, i.e.
≈ {crops / slices:.1f} passes over the {slices} training slices; Adam (lr {a['lr']:g}, β = 0.5, 0.999), learning rate
constant for the first half, then linearly to 0; seed {a['seed']}, {a['threads']} PyTorch thread{'s' if a['threads'] > 1 else ''},
PyTorch {s['torch']} (Debian python3-torch), deterministic algorithms. Wall time **{s['seconds'] / 60:.0f} min**
on this 2-core machine ({load_note}).

Losses over the last 100 iterations: discriminator {mean('loss_d'):.3f}, generator adversarial
{mean('loss_g_adv'):.3f}, generator L1 {mean('loss_g_l1'):.4f} in normalised units (≈ {mean('l1_hu'):.0f} HU over
whole crops, air included). Full log: `training-log.tsv`.

## Held-out evaluation (test seeds, never seen in training)

Inference by equidose itself (`equidose synth`, src/synthct + onnxruntime-node, 1 thread, automatic body mask);
metrics by an independent script, `models/train/evaluate.py` (numpy + scikit-image), inside the phantom's exact
body mask with the SynthRAD2023 definitions: MAE unclipped; PSNR and SSIM (3D, 7-voxel uniform window, data range
4024 HU) on images clipped to [−1024, 3000] HU. Reproduce with
`sh models/train/evaluate.sh models/{m['id']} /tmp/eval > models/{m['id']}/evaluation.json`.

| site | cases | MAE (HU) | PSNR (dB) | SSIM |
|---|---|---|---|---|
{site_rows}

| site | seed | MAE (HU) | PSNR (dB) | SSIM | body voxels |
|---|---|---|---|---|---|
{case_rows}

`tests/validation/synthct/shipped-model.test.ts` regenerates pelvis test seed 1, runs the model and requires the
body MAE to equal the table's figure within 0.5 HU (argued in tests/helpers/tolerances.ts).

## Speed

{bench}

## Limitations

- Phantom MR only: the contrast, noise and anatomy are the generator's; real MR (other sequences, scanners,
  artefacts, motion) is out of distribution.
- Short training on a CPU: fine bone structure and air/bone boundaries are where the error concentrates
  (cortical bone and gas are both dark on MR; the network separates them from context).
- Head cases were {n_head} of the {len(s['cases'])} training cases (cases are drawn uniformly: {head_share:.0%} of the draws)
  and are resampled from 1.5 mm to 2 mm; their errors are larger.
- The sCT is only as good as its geometry: the MR must be in the patient frame the CT will be compared in.
"""
open(os.path.join(model_dir, "MODEL_CARD.md"), "w").write(card)
print(card)
