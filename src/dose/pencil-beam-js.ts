/* eslint-disable @typescript-eslint/no-non-null-assertion -- hot loops over typed arrays whose bounds hold by construction (fan and grid sizes); checked indexing would cost here. */
import type { Grid3 } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import type { BeamSetup } from './beam-setup.js';
import type { Machine } from './machine.js';
import { depthTable, ERF_TABLE, ERF_TABLE_STEP, ERF_TABLE_ZERO, maxDepthMm } from './depth-tables.js';
import { DOSE_SLAB_PARAM_COUNT, doseSlab } from './dose-slab-js.js';
import { erfAs } from './pencil-kernel-math.js';
import { FAN_DEPTH_PARAM_COUNT, fanDepthRows } from './fan-depth-js.js';
import {
  apertureBoundsIsoMm,
  beamFrameAndFanParams,
  doseGridStepsLps,
  fanLatticeParams,
  fanRayGeometry,
} from './fan-geometry.js';

/**
 * The plain-TypeScript engine ('js' backend): the kernels' algorithm, written the CPU-friendly way.
 * - Radiological depth: ONE 3D DDA per fan ray that accumulates across samples (O(cells + samples) per ray),
 *   where the gather-style kernel restarts a walk at every fan sample (segment paths, then a running sum).
 * - Scatter maps: separable per rectangle (erf per column and per row, then products).
 * - Dose: the same per-voxel closed form as pencil-beam-dose.kernel.ts, float64 arithmetic, float32 output.
 */

/** Params of {@link fanDepthRows} for one beam (layout in fan-depth-js.ts). */
export function fanDepthParams(red: Volume<'RED', Float32Array>, setup: BeamSetup): Float64Array {
  const p = new Float64Array(FAN_DEPTH_PARAM_COUNT);
  p.set([
    ...fanRayGeometry(red.grid, setup).rays,
    ...fanLatticeParams(setup.fan),
    setup.frame.sadMm,
    ...red.grid.size,
  ]);
  return p;
}

/** Fan-grid radiological depth (mm): one cumulative DDA per ray, single-threaded. Layout u fastest, then v, w. */
export function fanDepthJs(
  red: Volume<'RED', Float32Array>,
  setup: BeamSetup,
  out: Float32Array = new Float32Array(setup.fan.nu * setup.fan.nv * setup.fan.nw),
): Float32Array {
  fanDepthRows(fanDepthParams(red, setup), red.data, out, 0, setup.fan.nv);
  return out;
}

/** Scatter maps, separable per rectangle. Layout u fastest, then v, then component. */
export function scatterMapsJs(setup: BeamSetup, machine: Machine): Float32Array {
  const { nu, nv, u0Mm, duMm, v0Mm, dvMm } = setup.fan;
  const rects = setup.rectsIsoMm;
  const nr = rects.length / 4;
  const out = new Float32Array(nu * nv * machine.scatter.length);
  const fx = new Float64Array(nu);
  const fy = new Float64Array(nv);
  machine.scatter.forEach((c, n) => {
    const s = 1 / (Math.SQRT2 * c.sigmaIsoMm);
    const acc = new Float64Array(nu * nv);
    for (let r = 0; r < nr; r++) {
      for (let iu = 0; iu < nu; iu++) {
        const u = u0Mm + iu * duMm;
        fx[iu] = 0.5 * (erfAs((rects[4 * r + 1]! - u) * s) - erfAs((rects[4 * r]! - u) * s));
      }
      for (let iv = 0; iv < nv; iv++) {
        const v = v0Mm + iv * dvMm;
        fy[iv] = 0.5 * (erfAs((rects[4 * r + 3]! - v) * s) - erfAs((rects[4 * r + 2]! - v) * s));
      }
      for (let iv = 0; iv < nv; iv++) {
        const y = fy[iv]!;
        if (y === 0) continue;
        for (let iu = 0; iu < nu; iu++) acc[iu + nu * iv]! += fx[iu]! * y;
      }
    }
    out.set(acc, nu * nv * n);
  });
  return out;
}

/** Everything {@link doseSlab} needs for one beam besides the fan depth and the maps. */
export interface DoseSlabInputs {
  readonly params: Float64Array;
  readonly table: Float32Array;
  readonly rects: Float64Array;
}

/** Builds the scalar params (layout in dose-slab-js.ts) and the depth table of one beam. */
export function doseSlabInputs(
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  fanDepthMm: Float32Array,
  accumulate: boolean,
): DoseSlabInputs {
  const { table, stride, invStep, last } = depthTable(machine, maxDepthMm(fanDepthMm));
  const params = new Float64Array(DOSE_SLAB_PARAM_COUNT);
  params.set([
    ...doseGrid.size,
    ...doseGrid.originLpsMm.map((v, d) => v - setup.frame.sourceLpsMm[d]!),
    ...doseGridStepsLps(doseGrid),
    ...beamFrameAndFanParams(setup),
    setup.doseScaleGy,
    machine.scatter.length,
    invStep,
    last,
    stride,
    ...apertureBoundsIsoMm(setup.rectsIsoMm),
    accumulate ? 1 : 0,
    1 / ERF_TABLE_STEP,
    ERF_TABLE_ZERO,
  ]);
  return { params, table, rects: setup.rectsIsoMm };
}

/** One beam's dose (Gy, float32) on `doseGrid`, single-threaded: {@link doseSlab} over all slices. */
export function beamDoseJs(
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  fanDepthMm: Float32Array,
  scatterMaps: Float32Array,
  out: Float32Array = new Float32Array(doseGrid.size[0] * doseGrid.size[1] * doseGrid.size[2]),
  accumulate = false,
): Float32Array {
  const { params, table, rects } = doseSlabInputs(doseGrid, setup, machine, fanDepthMm, accumulate);
  doseSlab(params, fanDepthMm, scatterMaps, rects, table, ERF_TABLE, out, 0, doseGrid.size[2]);
  return out;
}
