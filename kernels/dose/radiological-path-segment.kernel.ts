/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';
import { cellCrossingStep, firstCellCrossing } from './cell-crossing.gpufn.js';

/**
 * Radiological path (mm water-equivalent) of one fan-grid segment: ∫ RED dl along the ray through iso-plane
 * point (u, v) between axial distances w(iw − 1) and w(iw) (segment 0 is empty). Output [nu, nv, nw]
 * (thread x = iu, y = iv, z = iw). Exact voxel path lengths by a 3D DDA (Amanatides–Woo, equivalent to Siddon
 * 1985) in CT cell coordinates c = ijk + ½, where voxel n spans [n, n + 1).
 *
 * Args: red (3D input [k][j][i]), p (Float32Array params, layout in src/dose/pencil-beam-gpu.ts
 * `segmentParams`). loopMaxIterations: the most cells a segment can cross (+ margin), computed on the host.
 * Float32 accumulation over the (few) cells of one segment.
 */
function radiologicalPathSegment(this: KernelThis, red: number[][][], p: number[]): number {
  if (this.thread.z === 0) {
    return 0.0;
  }
  const u = p[12]! + this.thread.x * p[13]!;
  const v = p[14]! + this.thread.y * p[15]!;
  const wa = p[16]! + (this.thread.z - 1) * p[17]!;
  // ray direction in cell coordinates per mm of axial distance: A + u·Bu + v·Bv
  const rx = p[3]! + u * p[6]! + v * p[9]!;
  const ry = p[4]! + u * p[7]! + v * p[10]!;
  const rz = p[5]! + u * p[8]! + v * p[11]!;
  const ax = p[0]! + wa * rx;
  const ay = p[1]! + wa * ry;
  const az = p[2]! + wa * rz;
  const dx = p[17]! * rx;
  const dy = p[17]! * ry;
  const dz = p[17]! * rz;
  const lengthMm = p[17]! * Math.sqrt(1.0 + (u * u + v * v) / (p[21]! * p[21]!));
  let ix = Math.floor(ax);
  let iy = Math.floor(ay);
  let iz = Math.floor(az);
  const stepX = Math.sign(dx);
  const stepY = Math.sign(dy);
  const stepZ = Math.sign(dz);
  const tDeltaX = cellCrossingStep(dx);
  const tDeltaY = cellCrossingStep(dy);
  const tDeltaZ = cellCrossingStep(dz);
  let tMaxX = firstCellCrossing(ax, ix, dx);
  let tMaxY = firstCellCrossing(ay, iy, dy);
  let tMaxZ = firstCellCrossing(az, iz, dz);
  let t = 0.0;
  let sum = 0.0;
  for (let n = 0; n < p[22]!; n++) {
    if (t >= 1.0) {
      break;
    }
    const tNext = Math.min(Math.min(tMaxX, tMaxY), Math.min(tMaxZ, 1.0));
    if (ix >= 0 && iy >= 0 && iz >= 0 && ix < p[18]! && iy < p[19]! && iz < p[20]!) {
      sum += red[iz]![iy]![ix]! * (tNext - t);
    }
    t = tNext;
    if (tMaxX <= tMaxY && tMaxX <= tMaxZ) {
      ix += stepX;
      tMaxX += tDeltaX;
    } else if (tMaxY <= tMaxZ) {
      iy += stepY;
      tMaxY += tDeltaY;
    } else {
      iz += stepZ;
      tMaxZ += tDeltaZ;
    }
  }
  return sum * lengthMm;
}

export const radiologicalPathSegmentKernel: KernelSpec = {
  name: 'radiological-path-segment',
  fn: radiologicalPathSegment,
  helpers: [firstCellCrossing, cellCrossingStep],
};
