/* eslint-disable @typescript-eslint/no-non-null-assertion, complexity -- one kernel body (gpu.js helpers cannot portably take array arguments, so the table lookups stay inline); gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/**
 * One beam's dose (Gy) at dose-grid voxel (i, j, k) = thread (x, y, z): pencil-beam superposition of the
 * aperture with a primary Gaussian (σ0 at the radiological depth, projected to the isocentre plane) and the
 * pre-convolved scatter maps, depth weights of the machine model and the inverse square (SAD/w)².
 * The formula is `beamDoseAtBev` in src/dose/pencil-beam-reference.ts; the depth functions and erf are read
 * from tables (src/dose/depth-tables.ts) rather than computed: no exp per voxel, which WebAssembly lacks (gpu.js
 * webasm imports it from JavaScript per call) and which dominated the kernel on the CPU backends.
 *
 * Args: depth (fan radiological depth, 3D input [iw][iv][iu]), maps (scatter maps [c][iv][iu]), rects (flat
 * x1,x2,y1,y2 per open rectangle, iso mm), p (params, layout `doseParams` in src/dose/pencil-beam-gpu.ts),
 * table (depth functions, [W0, σ0, W1..Wn] per depth step), erf (signed erf table).
 * loopMaxIterations: max(rectCount, scatter components, 4); at most 1024 rectangles (10 bisection steps).
 * Float32; the rectangles are summed in order.
 */
function pencilBeamDose(
  this: KernelThis,
  depth: number[][][],
  maps: number[][][],
  rects: number[],
  p: number[],
  table: number[],
  erf: number[],
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
  // depth functions: linear interpolation in the table (p[36] 1/step, p[37] last entry, p[38] stride)
  const fd = Math.min(d * p[36]!, p[37]!);
  const id = Math.min(Math.floor(fd), p[37]! - 1.0);
  const td = fd - id;
  const tb = id * p[38]!;
  const tn = tb + p[38]!;
  const w0 = table[tb]! + td * (table[tn]! - table[tb]!);
  const sigma0 = ((table[tb + 1]! + td * (table[tn + 1]! - table[tb + 1]!)) * p[24]!) / w;
  // erf-table index units per mm of distance to an edge (p[39] 1/erf step, p[40] index of erf(0))
  const s = p[39]! / (1.4142135623730951 * sigma0);
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
      if (x > rects[4 * q]! - reach && x < rects[4 * q + 1]! + reach) {
        // ¼ [erf(x2) − erf(x1)] · [erf(y2) − erf(y1)], edge e = x1, x2, y1, y2: one table lookup each
        let fx = 0.0;
        let fy = 0.0;
        for (let e = 0; e < 4; e++) {
          const toEdge = e < 2 ? rects[4 * q + e]! - x : rects[4 * q + e]! - y;
          const f = Math.min(Math.max(toEdge * s + p[40]!, 0.0), 2.0 * p[40]!);
          const n = Math.floor(f);
          const value = erf[n]! + (f - n) * (erf[n + 1]! - erf[n]!);
          const signed = e === 0 || e === 2 ? -value : value;
          if (e < 2) {
            fx += signed;
          } else {
            fy += signed;
          }
        }
        primary += 0.25 * fx * fy;
      }
    }
  }
  let total = w0 * primary;
  for (let c = 0; c < p[41]!; c++) {
    const wc = table[tb + 2 + c]! + td * (table[tn + 2 + c]! - table[tb + 2 + c]!);
    const m0 = maps[c]![iv]![iu]! + tu * (maps[c]![iv]![iu + 1]! - maps[c]![iv]![iu]!);
    const m1 = maps[c]![iv + 1]![iu]! + tu * (maps[c]![iv + 1]![iu + 1]! - maps[c]![iv + 1]![iu]!);
    total += wc * (m0 + tv * (m1 - m0));
  }
  return p[34]! * scale * scale * total;
}

export const pencilBeamDoseKernel: KernelSpec = {
  name: 'pencil-beam-dose',
  fn: pencilBeamDose,
  helpers: [],
};
