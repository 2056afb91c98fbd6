#!/usr/bin/python3
"""Image metrics of sCTs against their phantom CTs inside the body (SynthRAD2023 definitions, PHYSICS.md).

An implementation independent of the TypeScript code: numpy + scikit-image. Each case directory holds ct.nii.gz,
body.nii.gz (the phantom's exact body mask) and sct.nii.gz (written by `equidose synth`, i.e. our onnxruntime-node
inference). Prints one JSON document (per case and per site means) to stdout.

- MAE  = mean |CT - sCT| over body voxels (HU, no clipping).
- PSNR = 10 log10(4024^2 / MSE) with both images clipped to [-1024, 3000], MSE over body voxels.
- SSIM = 3D, 7-voxel uniform window, K1 0.01, K2 0.03, data range 4024, clipped images with outside-body set to
         -1024, mean of the SSIM map over body voxels after cropping 3 voxels from each border.
"""
import json
import os
import sys

import nibabel as nib
import numpy as np
from skimage.metrics import structural_similarity

LO, HI = -1024.0, 3000.0
RANGE = HI - LO


def load(path):
    return np.asarray(nib.load(path).dataobj, dtype=np.float64)


def metrics(ct, sct, body):
    mae = float(np.mean(np.abs(ct[body] - sct[body])))
    cc, sc = np.clip(ct, LO, HI), np.clip(sct, LO, HI)
    mse = float(np.mean((cc[body] - sc[body]) ** 2))
    psnr = float(10 * np.log10(RANGE**2 / mse))
    cm, sm = np.where(body, cc, LO), np.where(body, sc, LO)
    _, ssim_map = structural_similarity(cm, sm, win_size=7, data_range=RANGE, K1=0.01, K2=0.03,
                                        gaussian_weights=False, full=True)
    crop = (slice(3, -3),) * 3
    ssim = float(np.mean(ssim_map[crop][body[crop]]))
    return mae, psnr, ssim


def main(case_dirs):
    cases = []
    for d in sorted(case_dirs):
        name = os.path.basename(os.path.normpath(d))
        site, seed = name.rsplit("-", 1)
        ct, sct = load(os.path.join(d, "ct.nii.gz")), load(os.path.join(d, "sct.nii.gz"))
        body = load(os.path.join(d, "body.nii.gz")) > 0
        if ct.shape != sct.shape:
            raise SystemExit(f"{d}: sCT {sct.shape} is not on the CT grid {ct.shape}")
        mae, psnr, ssim = metrics(ct, sct, body)
        cases.append({"site": site, "seed": int(seed), "maeHu": round(mae, 2), "psnrDb": round(psnr, 2),
                      "ssim": round(ssim, 4), "bodyVoxels": int(body.sum())})
        print(f"{name}: MAE {mae:.1f} HU, PSNR {psnr:.2f} dB, SSIM {ssim:.4f}", file=sys.stderr)
    sites = {}
    for s in sorted({c["site"] for c in cases}):
        sel = [c for c in cases if c["site"] == s]
        sites[s] = {k: round(float(np.mean([c[k] for c in sel])), 3) for k in ("maeHu", "psnrDb", "ssim")}
        sites[s]["cases"] = len(sel)
    json.dump({"metricsBy": "models/train/evaluate.py (numpy/scikit-image, SynthRAD2023 definitions)",
               "inferenceBy": "equidose synth (src/synthct, onnxruntime-node)",
               "cases": cases, "meanBySite": sites}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
