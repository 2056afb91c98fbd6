/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';
import { erfApprox } from './erf.gpufn.js';

/**
 * One beam's dose (Gy) at dose-grid voxel (i, j, k) = thread (x, y, z): pencil-beam superposition of the
 * aperture with a primary Gaussian (σ0 at the radiological depth, projected to the isocentre plane) and the
 * pre-convolved scatter maps, depth weights of the machine model and the inverse square (SAD/w)².
 * The formula is `beamDoseAtBev` in src/dose/pencil-beam-reference.ts.
 *
 * Args: depth (fan radiological depth, 3D input [iw][iv][iu]), maps (scatter maps [c][iv][iu]), rects (flat
 * x1,x2,y1,y2 per open rectangle, iso mm), p (params, layout `doseParams` in src/dose/pencil-beam-gpu.ts).
 * loopMaxIterations: max(rectCount, scatter components); at most 1024 rectangles (10 bisection steps).
 * Float32; the rectangles are summed in order.
 */
function pencilBeamDose(
  this: KernelThis,
  depth: number[][][],
  maps: number[][][],
  rects: number[],
  p: number[],
): number {
  const px = p[0]! + this.thread.x * p[3]! + this.thread.y * p[6]! + this.thread.z * p[9]! - p[12]!;
  const py = p[1]! + this.thread.x * p[4]! + this.thread.y * p[7]! + this.thread.z * p[10]! - p[13]!;
  const pz = p[2]! + this.thread.x * p[5]! + this.thread.y * p[8]! + this.thread.z * p[11]! - p[14]!;
  const w = px * p[15]! + py * p[16]! + pz * p[17]!;
  const scale = p[24]! / w;
  const x = (px * p[18]! + py * p[19]! + pz * p[20]!) * scale;
  const y = (px * p[21]! + py * p[22]! + pz * p[23]!) * scale;
  // trilinear radiological depth on the fan grid (clamped)
  const fu = Math.min(Math.max((x - p[25]!) / p[26]!, 0.0), p[27]! - 1.0);
  const fv = Math.min(Math.max((y - p[28]!) / p[29]!, 0.0), p[30]! - 1.0);
  const fw = Math.min(Math.max((w - p[31]!) / p[32]!, 0.0), p[33]! - 1.0);
  const iu = Math.min(Math.floor(fu), p[27]! - 2.0);
  const iv = Math.min(Math.floor(fv), p[30]! - 2.0);
  const iw = Math.min(Math.floor(fw), p[33]! - 2.0);
  const tu = fu - iu;
  const tv = fv - iv;
  const tw = fw - iw;
  const c00 = depth[iw]![iv]![iu]! + tu * (depth[iw]![iv]![iu + 1]! - depth[iw]![iv]![iu]!);
  const c10 = depth[iw]![iv + 1]![iu]! + tu * (depth[iw]![iv + 1]![iu + 1]! - depth[iw]![iv + 1]![iu]!);
  const c01 = depth[iw + 1]![iv]![iu]! + tu * (depth[iw + 1]![iv]![iu + 1]! - depth[iw + 1]![iv]![iu]!);
  const c11 =
    depth[iw + 1]![iv + 1]![iu]! + tu * (depth[iw + 1]![iv + 1]![iu + 1]! - depth[iw + 1]![iv + 1]![iu]!);
  const c0 = c00 + tv * (c10 - c00);
  const c1 = c01 + tv * (c11 - c01);
  const d = Math.max(c0 + tw * (c1 - c0), 0.0);
  const att = Math.exp(-p[38]! * d);
  const w0 = (1.0 - p[36]! * Math.exp(-p[37]! * d)) * att;
  const sigma0 = (Math.sqrt(p[39]! * p[39]! + p[40]! * d * (p[40]! * d)) * p[24]!) / w;
  const s = 1.0 / (1.4142135623730951 * sigma0);
  const reach = 6.0 * sigma0;
  let primary = 0.0;
  // rectangles are in leaf-pair order (y increasing, disjoint): binary search for the first one whose y2 is
  // within reach, then visit rectangles until y1 is beyond reach (a handful instead of all leaf pairs)
  if (x > p[42]! - reach && x < p[43]! + reach && y > p[44]! - reach && y < p[45]! + reach) {
    let lo = 0;
    let hi = p[35]!;
    for (let it = 0; it < 10; it++) {
      if (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (rects[4 * mid + 3]! > y - reach) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
    }
    for (let r = 0; r < p[35]!; r++) {
      const q = lo + r;
      if (q >= p[35]! || rects[4 * q + 2]! >= y + reach) {
        break;
      }
      const x1 = rects[4 * q]!;
      const x2 = rects[4 * q + 1]!;
      if (x > x1 - reach && x < x2 + reach) {
        const fx = 0.5 * (erfApprox((x2 - x) * s) - erfApprox((x1 - x) * s));
        const fy = 0.5 * (erfApprox((rects[4 * q + 3]! - y) * s) - erfApprox((rects[4 * q + 2]! - y) * s));
        primary += fx * fy;
      }
    }
  }
  let total = w0 * primary;
  for (let c = 0; c < p[41]!; c++) {
    const wc = p[46 + 2 * c]! * (1.0 - Math.exp(-p[47 + 2 * c]! * d)) * att;
    const m0 = maps[c]![iv]![iu]! + tu * (maps[c]![iv]![iu + 1]! - maps[c]![iv]![iu]!);
    const m1 = maps[c]![iv + 1]![iu]! + tu * (maps[c]![iv + 1]![iu + 1]! - maps[c]![iv + 1]![iu]!);
    total += wc * (m0 + tv * (m1 - m0));
  }
  return p[34]! * scale * scale * total;
}

export const pencilBeamDoseKernel: KernelSpec = {
  name: 'pencil-beam-dose',
  fn: pencilBeamDose,
  helpers: [erfApprox]!,
};
