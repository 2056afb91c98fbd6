import type { Grid3 } from '../core/grid.js';
import { indexToLps } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';
import type { Volume } from '../core/volume.js';
import { type BeamFrameLps, lpsToBev } from './beam-geometry.js';
import { type BeamSetup, fanSampleLps, type FanGrid } from './beam-setup.js';
import { depthWeights, type Machine, primarySigmaMm } from './machine.js';
import { apertureGaussianFraction } from './pencil-kernel-math.js';
import { radiologicalPathMm } from './ray-trace-reference.js';

/**
 * Float64 CPU reference of the pencil-beam engine: slow, readable, the ground truth the kernels and the
 * plain-TS engine are tested against. Two levels:
 * - the same discretised algorithm as the kernels (fan-grid depth, scatter maps, interpolation) in float64:
 *   `fanDepthReference`, `scatterMapsReference`, `beamDoseFromFanReference`;
 * - the exact model without discretisation (Siddon from the source to each point, analytic scatter):
 *   `beamDoseAtPointsReference`.
 */

/** Radiological depth (mm) at every fan sample: Siddon from the ray's first sample to the sample. u fastest. */
export function fanDepthReference(red: Volume<'RED'>, setup: BeamSetup): Float64Array {
  const { nu, nv, nw } = setup.fan;
  const out = new Float64Array(nu * nv * nw);
  for (let iv = 0; iv < nv; iv++)
    for (let iu = 0; iu < nu; iu++) {
      const start = fanSampleLps(setup, iu, iv, 0);
      for (let iw = 1; iw < nw; iw++)
        out[iu + nu * (iv + nv * iw)] = radiologicalPathMm(red, start, fanSampleLps(setup, iu, iv, iw));
    }
  return out;
}

/** Aperture ⊛ scatter Gaussian c at every (u, v) lattice point. Layout: u fastest, then v, then component. */
export function scatterMapsReference(setup: BeamSetup, machine: Machine): Float64Array {
  const { nu, nv, u0Mm, duMm, v0Mm, dvMm } = setup.fan;
  const out = new Float64Array(nu * nv * machine.scatter.length);
  machine.scatter.forEach((c, n) => {
    for (let iv = 0; iv < nv; iv++)
      for (let iu = 0; iu < nu; iu++)
        out[iu + nu * (iv + nv * n)] = apertureGaussianFraction(
          setup.rectsIsoMm,
          u0Mm + iu * duMm,
          v0Mm + iv * dvMm,
          c.sigmaIsoMm,
        );
  });
  return out;
}

const clampIndex = (f: number, n: number): number => Math.min(Math.max(f, 0), n - 1);

/** Trilinear interpolation of a fan-grid field at BEV (u, v, w), clamped to the grid. */
export function sampleFan(fan: FanGrid, field: ArrayLike<number>, u: number, v: number, w: number): number {
  const fu = clampIndex((u - fan.u0Mm) / fan.duMm, fan.nu);
  const fv = clampIndex((v - fan.v0Mm) / fan.dvMm, fan.nv);
  const fw = clampIndex((w - fan.w0Mm) / fan.dwMm, fan.nw);
  const iu = Math.min(Math.floor(fu), fan.nu - 2);
  const iv = Math.min(Math.floor(fv), fan.nv - 2);
  const iw = Math.min(Math.floor(fw), fan.nw - 2);
  const tu = fu - iu;
  const tv = fv - iv;
  const tw = fw - iw;
  const at = (a: number, b: number, c: number): number => field[a + fan.nu * (b + fan.nv * c)] as number;
  const lerp = (p: number, q: number, t: number): number => p + t * (q - p);
  const c00 = lerp(at(iu, iv, iw), at(iu + 1, iv, iw), tu);
  const c10 = lerp(at(iu, iv + 1, iw), at(iu + 1, iv + 1, iw), tu);
  const c01 = lerp(at(iu, iv, iw + 1), at(iu + 1, iv, iw + 1), tu);
  const c11 = lerp(at(iu, iv + 1, iw + 1), at(iu + 1, iv + 1, iw + 1), tu);
  return lerp(lerp(c00, c10, tv), lerp(c01, c11, tv), tw);
}

/** Bilinear interpolation of scatter map `c` (layout of `scatterMapsReference`) at iso-plane (u, v), clamped. */
export function sampleMap(fan: FanGrid, maps: ArrayLike<number>, c: number, u: number, v: number): number {
  const fu = clampIndex((u - fan.u0Mm) / fan.duMm, fan.nu);
  const fv = clampIndex((v - fan.v0Mm) / fan.dvMm, fan.nv);
  const iu = Math.min(Math.floor(fu), fan.nu - 2);
  const iv = Math.min(Math.floor(fv), fan.nv - 2);
  const tu = fu - iu;
  const tv = fv - iv;
  const base = fan.nu * fan.nv * c;
  const at = (a: number, b: number): number => maps[base + a + fan.nu * b] as number;
  const r0 = at(iu, iv) + tu * (at(iu + 1, iv) - at(iu, iv));
  const r1 = at(iu, iv + 1) + tu * (at(iu + 1, iv + 1) - at(iu, iv + 1));
  return r0 + tv * (r1 - r0);
}

/** Dose of one beam from depth and scatter terms at a BEV point (float64); the model's closed form. */
export function beamDoseAtBev(
  setup: BeamSetup,
  machine: Machine,
  bev: { xIsoMm: number; yIsoMm: number; axialMm: number },
  depthMm: number,
  scatterFractions: readonly number[],
): number {
  const weights = depthWeights(machine, depthMm);
  const sad = setup.frame.sadMm;
  const sigmaIso = (primarySigmaMm(machine, depthMm) * sad) / bev.axialMm;
  let sum = weights.primary * apertureGaussianFraction(setup.rectsIsoMm, bev.xIsoMm, bev.yIsoMm, sigmaIso);
  scatterFractions.forEach((f, c) => (sum += (weights.scatter[c] as number) * f));
  return setup.doseScaleGy * (sad / bev.axialMm) ** 2 * sum;
}

/** One beam's dose (Gy, float64) on `doseGrid` from a fan depth field and scatter maps: the kernels' algorithm. */
export function beamDoseFromFanReference(
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  fanDepthMm: ArrayLike<number>,
  scatterMaps: ArrayLike<number>,
): Float64Array {
  const [nx, ny, nz] = doseGrid.size;
  const out = new Float64Array(nx * ny * nz);
  const { fan } = setup;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const bev = lpsToBev(setup.frame, indexToLps(doseGrid, [i, j, k]));
        const depth = sampleFan(fan, fanDepthMm, bev.xIsoMm, bev.yIsoMm, bev.axialMm);
        const scatter = machine.scatter.map((_, c) => sampleMap(fan, scatterMaps, c, bev.xIsoMm, bev.yIsoMm));
        out[i + nx * (j + ny * k)] = beamDoseAtBev(setup, machine, bev, depth, scatter);
      }
  return out;
}

/** Exact model (no fan grid, no maps): Siddon from the source to each point, analytic scatter. Gy per point. */
export function beamDoseAtPointsReference(
  red: Volume<'RED'>,
  setup: BeamSetup,
  machine: Machine,
  pointsLps: readonly Vec3[],
): Float64Array {
  const frame: BeamFrameLps = setup.frame;
  return Float64Array.from(pointsLps, (p) => {
    const bev = lpsToBev(frame, p);
    const depth = radiologicalPathMm(red, frame.sourceLpsMm, p);
    const scatter = machine.scatter.map((c) =>
      apertureGaussianFraction(setup.rectsIsoMm, bev.xIsoMm, bev.yIsoMm, c.sigmaIsoMm),
    );
    return beamDoseAtBev(setup, machine, bev, depth, scatter);
  });
}
