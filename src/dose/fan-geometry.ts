import type { Grid3 } from '../core/grid.js';
import { lpsToIndex } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';
import type { BeamSetup, FanGrid } from './beam-setup.js';

/**
 * Beam geometry shared by the gpu.js orchestration (pencil-beam-gpu.ts) and the plain-TS engine
 * (pencil-beam-js.ts): the fan's rays in CT cell coordinates and the aperture's bounding box.
 */

/** LPS direction → CT voxel-index direction (per mm): (v·iDir/Δi, v·jDir/Δj, v·kDir/Δk). */
function directionToIndex(grid: Grid3, v: Vec3): Vec3 {
  const [a, b, c] = grid.axes;
  const [si, sj, sk] = grid.spacingMm;
  return [
    (v[0] * a[0] + v[1] * a[1] + v[2] * a[2]) / si,
    (v[0] * b[0] + v[1] * b[1] + v[2] * b[2]) / sj,
    (v[0] * c[0] + v[1] * c[1] + v[2] * c[2]) / sk,
  ];
}

/**
 * Ray geometry of a beam's fan in CT cell coordinates (float64): [0–2] source (cell coordinates c = ijk + ½),
 * [3–5] A, [6–8] Bu, [9–11] Bv with the ray direction per mm of axial distance = A + u·Bu + v·Bv, and the most
 * cells one axial fan step can cross (+ margin).
 */
export function fanRayGeometry(ctGrid: Grid3, setup: BeamSetup): { rays: number[]; maxSteps: number } {
  const { frame, fan } = setup;
  const src = lpsToIndex(ctGrid, frame.sourceLpsMm);
  const a = directionToIndex(ctGrid, frame.axisLps);
  const bu = directionToIndex(ctGrid, frame.collXLps).map((x) => x / frame.sadMm);
  const bv = directionToIndex(ctGrid, frame.collYLps).map((x) => x / frame.sadMm);
  let maxCells = 0;
  for (const u of [fan.u0Mm, fan.u0Mm + (fan.nu - 1) * fan.duMm])
    for (const v of [fan.v0Mm, fan.v0Mm + (fan.nv - 1) * fan.dvMm]) {
      let cells = 0;
      for (let d = 0; d < 3; d++)
        cells += Math.abs((a[d] as number) + u * (bu[d] as number) + v * (bv[d] as number)) * fan.dwMm;
      maxCells = Math.max(maxCells, cells);
    }
  return {
    rays: [src[0] + 0.5, src[1] + 0.5, src[2] + 0.5, ...a, ...bu, ...bv],
    maxSteps: Math.ceil(maxCells) + 4,
  };
}

/** Bounding box [x1, x2, y1, y2] (iso mm) of the open rectangles (an empty aperture gives an empty box). */
export function apertureBoundsIsoMm(rects: ArrayLike<number>): [number, number, number, number] {
  const box: [number, number, number, number] = [1e9, -1e9, 1e9, -1e9];
  for (let r = 0; r + 3 < rects.length; r += 4) {
    box[0] = Math.min(box[0], rects[r] as number);
    box[1] = Math.max(box[1], rects[r + 1] as number);
    box[2] = Math.min(box[2], rects[r + 2] as number);
    box[3] = Math.max(box[3], rects[r + 3] as number);
  }
  return box;
}

/** The dose grid's i, j and k steps as LPS vectors (mm): 9 numbers, as the dose loops of every backend read them. */
export function doseGridStepsLps(doseGrid: Grid3): number[] {
  return [0, 1, 2].flatMap((d) =>
    doseGrid.axes[d as 0 | 1 | 2].map((x) => x * (doseGrid.spacingMm[d] as number)),
  );
}

/**
 * The beam frame and fan lattice as the dose loops of every backend read them (19 numbers): central axis,
 * collimator X, collimator Y (LPS unit vectors), SAD (mm), then the fan's u0, du, nu, v0, dv, nv, w0, dw, nw.
 */
export function beamFrameAndFanParams(setup: BeamSetup): number[] {
  const { frame, fan } = setup;
  return [...frame.axisLps, ...frame.collXLps, ...frame.collYLps, frame.sadMm, ...fanLatticeParams(fan)];
}

/** The fan lattice (9 numbers): u0, du, nu, v0, dv, nv (iso-plane mm), w0, dw (axial mm), nw. */
export const fanLatticeParams = (fan: FanGrid): number[] => [
  fan.u0Mm,
  fan.duMm,
  fan.nu,
  fan.v0Mm,
  fan.dvMm,
  fan.nv,
  fan.w0Mm,
  fan.dwMm,
  fan.nw,
];
