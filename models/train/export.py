#!/usr/bin/python3
"""Exports a trained generator checkpoint to models/<id>/model.onnx and writes its manifest.json.

ONNX: opset 13, input 'mr' float32 [batch, C, height, width] with dynamic batch/height/width (multiples of 16),
output 'sct' float32 [batch, 1, height, width] in [-1, 1]; BatchNorm in eval mode (running statistics).
The manifest carries everything src/synthct needs to reproduce the training normalisation (dataset.py).
"""
import argparse
import hashlib
import json
import os

import torch

import dataset
from networks import UNetGenerator


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--model-dir", required=True, help="models/<id>")
    p.add_argument("--id", required=True)
    p.add_argument("--training-data", required=True, help="one-line description of the training cases")
    args = p.parse_args()

    ckpt = torch.load(args.checkpoint, map_location="cpu")
    targs = ckpt["args"]
    channels = 2 * targs["neighbours"] + 1
    G = UNetGenerator(channels, targs["nf"])
    G.load_state_dict(ckpt["generator"])
    G.eval()
    os.makedirs(args.model_dir, exist_ok=True)
    onnx_path = os.path.join(args.model_dir, "model.onnx")
    dummy = torch.zeros(1, channels, 64, 64)
    axes = {0: "batch", 2: "height", 3: "width"}
    torch.onnx.export(G, dummy, onnx_path, opset_version=13, input_names=["mr"], output_names=["sct"],
                      dynamic_axes={"mr": axes, "sct": axes}, do_constant_folding=True)
    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    sx, sy, sz = ckpt["spacing"]
    manifest = {
        "schemaVersion": 1,
        "id": args.id,
        "description": (f"pix2pix sCT generator (U-Net nf={targs['nf']}, 2.5D with {targs['neighbours']} "
                        f"neighbouring slice(s) per side, PatchGAN 70x70, L1 lambda={targs['lambda_l1']:g}), "
                        f"{ckpt['iteration']} iterations"),
        "onnx": {"file": "model.onnx", "sha256": sha, "opset": 13},
        "input": {"name": "mr", "dtype": "float32", "batch": "dynamic", "channels": channels,
                  "height": "dynamic", "width": "dynamic", "spatialMultiple": 16},
        "output": {"name": "sct", "dtype": "float32"},
        "modelGrid": {"columnDirection": "+L", "rowDirection": "+P", "sliceDirection": "+S",
                      "inPlaneSpacingMm": [sx, sy], "sliceSpacingMm": sz,
                      "neighbourSlices": targs["neighbours"]},
        "mrNormalisation": {"method": "percentile-in-body", "lowerPercentile": dataset.P_LOW,
                            "upperPercentile": dataset.P_HIGH, "outputRange": [-1, 1], "clip": True},
        "bodyMask": {"thresholdFraction": dataset.MASK_FRACTION,
                     "robustMaxPercentile": dataset.MASK_ROBUST_PERCENTILE,
                     "minVoxels": dataset.MASK_MIN_VOXELS},
        "outputToHu": {"scale": dataset.HU_SCALE, "offset": dataset.HU_OFFSET},
        "huClipRange": [-1024, 3000],
        "outsideBodyHu": -1000,
        "trainingData": args.training_data,
        "licence": "MIT (weights trained by the equidose project on its own synthetic phantoms; no patient data)",
    }
    with open(os.path.join(args.model_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes, sha256 {sha})")


if __name__ == "__main__":
    main()
