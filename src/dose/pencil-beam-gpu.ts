import type { Grid3 } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import {
  type GpuContext,
  type KernelArg,
  type KernelOutputSize,
  type KernelSpec,
  pencilBeamDoseKernel,
  radiologicalPathSegmentKernel,
  runKernel,
  scatterFluenceMapKernel,
  volumeInput,
} from '../../kernels/dose/index.js';
import type { BeamSetup } from './beam-setup.js';
import type { Machine } from './machine.js';
import {
  apertureBoundsIsoMm,
  beamFrameAndFanParams,
  doseGridStepsLps,
  fanRayGeometry,
} from './fan-geometry.js';
import {
  type DepthTable,
  depthTable,
  ERF_TABLE,
  ERF_TABLE_STEP,
  ERF_TABLE_ZERO,
  maxDepthMm,
} from './depth-tables.js';

/**
 * Orchestration of kernels/dose/* for one beam (no physics here: the kernels implement the closed forms of
 * pencil-beam-reference.ts). Steps: segment paths on the fan grid → running sum along rays (host) → scatter maps
 * → dose on the dose grid. All transfers are flat Float32Arrays in x-fastest order.
 */

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

/**
 * Params of pencil-beam-dose.kernel.ts: 0–2 dose origin, 3–11 i/j/k steps (LPS mm), 12–14 source, 15–17 axis,
 * 18–20 collimator X, 21–23 collimator Y, 24 SAD, 25–33 fan (u0, du, nu, v0, dv, nv, w0, dw, nw), 34 dose scale
 * (Gy), 35 rectangle count, 36–38 depth table (1/step, last entry, stride), 39–40 erf table (1/step, index of
 * erf(0)), 41 scatter count, 42–45 aperture bounding box.
 */
export function doseParams(
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  depth: DepthTable,
): Float32Array {
  return Float32Array.of(
    ...doseGrid.originLpsMm,
    ...doseGridStepsLps(doseGrid),
    ...setup.frame.sourceLpsMm,
    ...beamFrameAndFanParams(setup),
    setup.doseScaleGy,
    setup.rectsIsoMm.length / 4,
    depth.invStep,
    depth.last,
    depth.stride,
    1 / ERF_TABLE_STEP,
    ERF_TABLE_ZERO,
    machine.scatter.length,
    ...apertureBoundsIsoMm(setup.rectsIsoMm),
  );
}

/** The erf table as a kernel argument (float32: erf rounding 6e-8, below A&S 7.1.26's own 1.5e-7). */
export const ERF_TABLE_KERNEL_ARG: Float32Array = flatArg(ERF_TABLE);

/** One kernel invocation as data: what runKernel needs; also what the browser parity tests send to chromium. */
export interface KernelCall {
  readonly spec: KernelSpec;
  readonly size: KernelOutputSize;
  readonly loopMaxIterations: number;
  readonly args: readonly KernelArg[];
}

const runCall = (ctx: GpuContext, call: KernelCall): Promise<Float32Array> =>
  runKernel(ctx, call.spec, call.size, call.loopMaxIterations, call.args);

/**
 * Running sum along every fan ray, in place: segment paths (sample iw holds the path from iw − 1 to iw) become
 * radiological depths. Float32, in increasing depth order. Done on the host because every kernel output is read
 * back anyway: this sequential O(n) scan takes ≈ 5 ms for 4 M samples, where the gather-form two-level prefix sum
 * kernels it replaces (2√nw reads per sample) took 0.8 s per 7-field plan on webasm.
 */
export function accumulateAlongRays(
  segments: Float32Array,
  nu: number,
  nv: number,
  nw: number,
): Float32Array {
  const plane = nu * nv;
  for (let iw = 1; iw < nw; iw++) {
    const here = plane * iw;
    const before = here - plane;
    for (let n = 0; n < plane; n++)
      segments[here + n] = (segments[here + n] as number) + (segments[before + n] as number);
  }
  return segments;
}

/** Fan-grid radiological depth (mm): segment paths by radiological-path-segment.kernel.ts, then the running sum
 * along each ray. Layout: u fastest, then v, w. */
export async function fanDepthGpu(
  ctx: GpuContext,
  red: Volume<'RED', Float32Array>,
  setup: BeamSetup,
): Promise<Float32Array> {
  const { nu, nv, nw } = setup.fan;
  const segments = await runCall(ctx, segmentPathsCall(red, setup));
  return accumulateAlongRays(segments, nu, nv, nw);
}

/** The radiological-path-segment.kernel.ts call of a beam: one segment path per fan sample. */
export function segmentPathsCall(red: Volume<'RED', Float32Array>, setup: BeamSetup): KernelCall {
  const { nu, nv, nw } = setup.fan;
  const { params, maxSteps } = segmentParams(red.grid, setup);
  return {
    spec: radiologicalPathSegmentKernel,
    size: [nu, nv, nw],
    loopMaxIterations: maxSteps,
    args: [volumeInput(red.data, red.grid.size), params],
  };
}

/** The scatter-fluence-map.kernel.ts call of a beam. Output layout: u fastest, then v, then component. */
export function scatterMapsCall(setup: BeamSetup, machine: Machine): KernelCall {
  const { nu, nv, u0Mm, duMm, v0Mm, dvMm } = setup.fan;
  const rects = Float32Array.from(setup.rectsIsoMm);
  const nc = Math.max(1, machine.scatter.length);
  const sigmas = Float32Array.from(
    machine.scatter.length > 0 ? machine.scatter.map((c) => c.sigmaIsoMm) : [1],
  );
  return {
    spec: scatterFluenceMapKernel,
    size: [nu, nv, nc],
    loopMaxIterations: Math.max(rects.length / 4, 4),
    args: [
      flatArg(rects),
      rects.length / 4,
      flatArg(sigmas),
      u0Mm,
      duMm,
      v0Mm,
      dvMm,
      ERF_TABLE_KERNEL_ARG,
      1 / ERF_TABLE_STEP,
      ERF_TABLE_ZERO,
    ],
  };
}

/** Scatter maps by scatter-fluence-map.kernel.ts. Layout: u fastest, then v, then component. */
export const scatterMapsGpu = (ctx: GpuContext, setup: BeamSetup, machine: Machine): Promise<Float32Array> =>
  runCall(ctx, scatterMapsCall(setup, machine));

/** The pencil-beam-dose.kernel.ts call of a beam, from its fan depth and scatter maps. */
export function beamDoseCall(
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  fanDepthMm: Float32Array,
  scatterMaps: Float32Array,
): KernelCall {
  const { nu, nv, nw } = setup.fan;
  const rects = Float32Array.from(setup.rectsIsoMm);
  const nc = Math.max(1, machine.scatter.length);
  const depth = depthTable(machine, maxDepthMm(fanDepthMm));
  return {
    spec: pencilBeamDoseKernel,
    size: doseGrid.size,
    loopMaxIterations: Math.max(rects.length / 4, nc, 4),
    args: [
      volumeInput(fanDepthMm, [nu, nv, nw]),
      volumeInput(scatterMaps, [nu, nv, nc]),
      flatArg(rects),
      doseParams(doseGrid, setup, machine, depth),
      flatArg(depth.table),
      ERF_TABLE_KERNEL_ARG,
    ],
  };
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
  return runCall(ctx, beamDoseCall(doseGrid, setup, machine, fanDepthMm, scatterMaps));
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
