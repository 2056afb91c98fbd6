import type { Grid3 } from '../core/grid.js';
import { lpsToIndex } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';
import type { Volume } from '../core/volume.js';
import {
  cumulativeDepthKernel,
  depthBlockSumKernel,
  type GpuContext,
  pencilBeamDoseKernel,
  radiologicalPathSegmentKernel,
  runKernel,
  scatterFluenceMapKernel,
  volumeInput,
} from '../../kernels/dose/index.js';
import type { BeamSetup } from './beam-setup.js';
import type { Machine } from './machine.js';

/**
 * Orchestration of kernels/dose/* for one beam (no physics here: the kernels implement the closed forms of
 * pencil-beam-reference.ts). Steps: segment paths on the fan grid → cumulative radiological depth → scatter maps
 * → dose on the dose grid. All transfers are flat Float32Arrays in x-fastest order.
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
 * A flat kernel argument padded with zeros to ≥ 8 values: gpu.js types arrays of length 2–4 as vectors
 * (Array(2..4)), which its cpu backend then indexes differently; padding keeps every flat argument an array.
 */
export function flatArg(values: ArrayLike<number>): Float32Array {
  // rounded up to 64 values so that plans whose beams differ in open leaf pairs share compiled kernels
  const out = new Float32Array(Math.max(64, Math.ceil(values.length / 64) * 64));
  out.set(Array.from(values));
  return out;
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

/** Params of radiological-path-segment.kernel.ts, and its loop bound (most cells one segment can cross). */
export function segmentParams(ctGrid: Grid3, setup: BeamSetup): { params: Float32Array; maxSteps: number } {
  const { frame, fan } = setup;
  const { rays, maxSteps } = fanRayGeometry(ctGrid, setup);
  const params = Float32Array.of(
    ...rays,
    fan.u0Mm,
    fan.duMm,
    fan.v0Mm,
    fan.dvMm,
    fan.w0Mm,
    fan.dwMm,
    ...ctGrid.size,
    frame.sadMm,
    maxSteps,
  );
  return { params, maxSteps };
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

/**
 * Params of pencil-beam-dose.kernel.ts: 0–2 dose origin, 3–11 i/j/k steps (LPS mm), 12–14 source, 15–17 axis,
 * 18–20 collimator X, 21–23 collimator Y, 24 SAD, 25–33 fan (u0, du, nu, v0, dv, nv, w0, dw, nw), 34 dose scale
 * (Gy), 35 rectangle count, 36–40 primary (A, β, μ, σs, slope), 41 scatter count, 42–45 aperture bounding box,
 * 46 + 2c / 47 + 2c scatter weight and build-up coefficient.
 */
export function doseParams(doseGrid: Grid3, setup: BeamSetup, machine: Machine): Float32Array {
  const { frame, fan } = setup;
  const step = (d: 0 | 1 | 2): number[] => doseGrid.axes[d].map((x) => x * (doseGrid.spacingMm[d] as number));
  const scatter: number[] = [];
  for (const c of machine.scatter) scatter.push(c.weightRel, c.buildUpCoefficientPerMm);
  const p = machine.primary;
  return Float32Array.of(
    ...doseGrid.originLpsMm,
    ...step(0),
    ...step(1),
    ...step(2),
    ...frame.sourceLpsMm,
    ...frame.axisLps,
    ...frame.collXLps,
    ...frame.collYLps,
    frame.sadMm,
    fan.u0Mm,
    fan.duMm,
    fan.nu,
    fan.v0Mm,
    fan.dvMm,
    fan.nv,
    fan.w0Mm,
    fan.dwMm,
    fan.nw,
    setup.doseScaleGy,
    setup.rectsIsoMm.length / 4,
    p.buildUpAmplitudeRel,
    p.buildUpCoefficientPerMm,
    p.attenuationCoefficientPerMm,
    p.sigmaSourceMm,
    p.sigmaDepthSlopeMmPerMm,
    machine.scatter.length,
    ...apertureBoundsIsoMm(setup.rectsIsoMm),
    ...scatter,
  );
}

/** Fan-grid radiological depth (mm): segment paths, block sums, then the two-level prefix sum. Layout: u fastest, then v, w. */
export async function fanDepthGpu(
  ctx: GpuContext,
  red: Volume<'RED', Float32Array>,
  setup: BeamSetup,
): Promise<Float32Array> {
  const { nu, nv, nw } = setup.fan;
  const { params, maxSteps } = segmentParams(red.grid, setup);
  const segments = await runKernel(ctx, radiologicalPathSegmentKernel, [nu, nv, nw], maxSteps, [
    volumeInput(red.data, red.grid.size),
    params,
  ]);
  const blockSize = Math.max(1, Math.ceil(Math.sqrt(nw)));
  const blocks = Math.ceil(nw / blockSize);
  const segmentsInput = volumeInput(segments, [nu, nv, nw]);
  const blockSums = await runKernel(ctx, depthBlockSumKernel, [nu, nv, blocks], blockSize, [
    segmentsInput,
    nw,
    blockSize,
  ]);
  return runKernel(ctx, cumulativeDepthKernel, [nu, nv, nw], Math.max(blockSize, blocks), [
    segmentsInput,
    volumeInput(blockSums, [nu, nv, blocks]),
    blockSize,
  ]);
}

/** Scatter maps by scatter-fluence-map.kernel.ts. Layout: u fastest, then v, then component. */
export function scatterMapsGpu(ctx: GpuContext, setup: BeamSetup, machine: Machine): Promise<Float32Array> {
  const { nu, nv, u0Mm, duMm, v0Mm, dvMm } = setup.fan;
  const rects = Float32Array.from(setup.rectsIsoMm);
  const nc = Math.max(1, machine.scatter.length);
  const sigmas = Float32Array.from(
    machine.scatter.length > 0 ? machine.scatter.map((c) => c.sigmaIsoMm) : [1],
  );
  return runKernel(ctx, scatterFluenceMapKernel, [nu, nv, nc], rects.length / 4, [
    flatArg(rects),
    rects.length / 4,
    flatArg(sigmas),
    u0Mm,
    duMm,
    v0Mm,
    dvMm,
  ]);
}

/** One beam's dose (Gy) on `doseGrid` from the fan depth and scatter maps, by pencil-beam-dose.kernel.ts. */
export function beamDoseGpu(
  ctx: GpuContext,
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  fanDepthMm: Float32Array,
  scatterMaps: Float32Array,
): Promise<Float32Array> {
  const { nu, nv, nw } = setup.fan;
  const rects = Float32Array.from(setup.rectsIsoMm);
  const nc = Math.max(1, machine.scatter.length);
  return runKernel(ctx, pencilBeamDoseKernel, doseGrid.size, Math.max(rects.length / 4, nc, 1), [
    volumeInput(fanDepthMm, [nu, nv, nw]),
    volumeInput(scatterMaps, [nu, nv, nc]),
    flatArg(rects),
    doseParams(doseGrid, setup, machine),
  ]);
}

/** One beam on the gpu.js path: depth, maps, dose. */
export async function beamDoseOnGpuPath(
  ctx: GpuContext,
  red: Volume<'RED', Float32Array>,
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
): Promise<Float32Array> {
  const depth = await fanDepthGpu(ctx, red, setup);
  const maps = await scatterMapsGpu(ctx, setup, machine);
  return beamDoseGpu(ctx, doseGrid, setup, machine, depth, maps);
}
