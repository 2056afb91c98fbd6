#!/usr/bin/python3
"""Trains the pix2pix sCT generator on paired phantom MR/CT (training seeds only). See README.md for the command.

Reproducible: every random draw (weights, slice/crop sampling, flips) comes from --seed; with the same PyTorch
build and --threads the losses and weights repeat exactly (CPU kernels are deterministic for a fixed thread count).
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn

from dataset import SliceSampler, load_case
from networks import PatchDiscriminator, UNetGenerator, init_weights


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cases", nargs="+", required=True, help="case directories (mr.nii.gz + ct.nii.gz)")
    p.add_argument("--out", required=True, help="output directory for checkpoints and the loss log")
    p.add_argument("--spacing", type=float, nargs=3, default=[2.0, 2.0, 2.5], help="model grid pitch L P S (mm)")
    p.add_argument("--iterations", type=int, default=1500)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--crop", type=int, default=128, help="square crop side (pixels, multiple of 16)")
    p.add_argument("--nf", type=int, default=16, help="generator/discriminator base width")
    p.add_argument("--neighbours", type=int, default=1, help="neighbouring slices per side (2.5D channels)")
    p.add_argument("--lambda-l1", type=float, default=100.0)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--seed", type=int, default=20261125)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--checkpoint-every", type=int, default=250)
    return p.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)

    t0 = time.time()
    spacing = tuple(args.spacing)
    cases = [load_case(d, spacing) for d in sorted(args.cases)]
    print(f"loaded {len(cases)} cases on the {spacing} mm model grid, {sum(c[0].shape[0] for c in cases)} slices "
          f"in {time.time() - t0:.0f} s", flush=True)
    sampler = SliceSampler(cases, args.neighbours, args.crop, rng)

    channels = 2 * args.neighbours + 1
    G = UNetGenerator(channels, args.nf)
    D = PatchDiscriminator(channels + 1, args.nf)
    G.apply(init_weights)
    D.apply(init_weights)
    opt_g = torch.optim.Adam(G.parameters(), lr=args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=args.lr, betas=(0.5, 0.999))
    # linear decay of the learning rate over the second half (pix2pix schedule, compressed)
    decay = lambda it: 1.0 if it < args.iterations // 2 else max(0.0, 2.0 * (1 - it / args.iterations))  # noqa: E731
    sched_g = torch.optim.lr_scheduler.LambdaLR(opt_g, decay)
    sched_d = torch.optim.lr_scheduler.LambdaLR(opt_d, decay)
    bce = nn.BCEWithLogitsLoss()
    log = open(os.path.join(args.out, "losses.tsv"), "w")
    log.write("iteration\tseconds\tloss_d\tloss_g_adv\tloss_g_l1\tl1_hu\n")
    window = []
    t_start = time.time()
    for it in range(1, args.iterations + 1):
        mr_np, ct_np = sampler.batch(args.batch)
        mr, ct = torch.from_numpy(mr_np), torch.from_numpy(ct_np)
        fake = G(mr)
        # discriminator: real pairs -> 1, generated pairs -> 0
        opt_d.zero_grad(set_to_none=True)
        p_real = D(mr, ct)
        p_fake = D(mr, fake.detach())
        loss_d = 0.5 * (bce(p_real, torch.ones_like(p_real)) + bce(p_fake, torch.zeros_like(p_fake)))
        loss_d.backward()
        opt_d.step()
        # generator: fool D + lambda * L1 to the paired CT
        opt_g.zero_grad(set_to_none=True)
        p_fake = D(mr, fake)
        loss_adv = bce(p_fake, torch.ones_like(p_fake))
        loss_l1 = (fake - ct).abs().mean()
        (loss_adv + args.lambda_l1 * loss_l1).backward()
        opt_g.step()
        sched_g.step()
        sched_d.step()
        window.append((loss_d.item(), loss_adv.item(), loss_l1.item()))
        if it % 25 == 0 or it == args.iterations:
            m = np.mean(window, axis=0)
            window = []
            el = time.time() - t_start
            log.write(f"{it}\t{el:.1f}\t{m[0]:.4f}\t{m[1]:.4f}\t{m[2]:.5f}\t{m[2] * 1500:.1f}\n")
            log.flush()
            print(f"it {it}/{args.iterations} {el:.0f}s D {m[0]:.3f} G_adv {m[1]:.3f} L1 {m[2]:.4f} "
                  f"(~{m[2] * 1500:.0f} HU in crops)", flush=True)
        if it % args.checkpoint_every == 0 or it == args.iterations:
            torch.save({"iteration": it, "generator": G.state_dict(), "args": vars(args),
                        "spacing": spacing, "seconds": time.time() - t_start},
                       os.path.join(args.out, "checkpoint.pt"))
    with open(os.path.join(args.out, "train-summary.json"), "w") as f:
        json.dump({"args": vars(args), "cases": sorted(args.cases), "spacing": spacing,
                   "slices": sum(c[0].shape[0] for c in cases), "seconds": round(time.time() - t_start),
                   "torch": torch.__version__, "loadAverage": [round(x, 1) for x in os.getloadavg()]},
                  f, indent=2)
    print(f"done in {time.time() - t_start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
