import { GeometryError } from '../core/errors.js';
import type { Grid3 } from '../core/grid.js';
import { indexToLps } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';
import { apertureRectsIsoMm } from './aperture.js';
import { type BeamFrameLps, beamFrameLps, lpsToBev } from './beam-geometry.js';
import { headScatterFactor, type Machine } from './machine.js';
import type { Beam, PatientPosition } from './plan.js';

/**
 * The per-beam BEV fan grid on which radiological depth is computed once and then interpolated: sample
 * (iu, iv, iw) is the point at axial distance w0 + iw·dw from the source on the ray through iso-plane point
 * (u0 + iu·du, v0 + iv·dv). Memory order: iu fastest, then iv, then iw. The same (u, v) lattice carries the
 * scatter-convolved fluence maps.
 */
export interface FanGrid {
  readonly u0Mm: number;
  readonly duMm: number;
  readonly nu: number;
  readonly v0Mm: number;
  readonly dvMm: number;
  readonly nv: number;
  /** Axial distance of the first sample, mm: at or before the first CT voxel on any ray (depth there = 0). */
  readonly w0Mm: number;
  readonly dwMm: number;
  readonly nw: number;
}

/** Everything one beam needs, computed once on the host. */
export interface BeamSetup {
  readonly beam: Beam;
  readonly frame: BeamFrameLps;
  /** Open rectangles (x1, x2, y1, y2) at the isocentre plane, mm. */
  readonly rectsIsoMm: Float64Array;
  /** MU · calibration · Sc · N, Gy. */
  readonly doseScaleGy: number;
  readonly fan: FanGrid;
}

/** Refuses fan grids bigger than this many samples (protects memory; ≈ 256 MB of float32). */
export const MAX_FAN_SAMPLES = 64_000_000;

/** The 8 corners (LPS) of a grid's voxel-cell box (centres ± half a voxel), or of its centre box when `cells` is false. */
export function gridCornersLps(grid: Grid3, cells: boolean): Vec3[] {
  const h = cells ? 0.5 : 0;
  const out: Vec3[] = [];
  for (const i of [-h, grid.size[0] - 1 + h])
    for (const j of [-h, grid.size[1] - 1 + h])
      for (const k of [-h, grid.size[2] - 1 + h]) out.push(indexToLps(grid, [i, j, k]));
  return out;
}

/**
 * Builds the beam's fan grid covering `doseGrid` (lateral and depth) and starting before `ctGrid`: lateral spacing
 * `fanSpacingMm` (iso-plane mm), axial spacing `fanAxialSpacingMm` (mm along the central axis).
 */
export function prepareBeam(
  beam: Beam,
  position: PatientPosition,
  machine: Machine,
  ctGrid: Grid3,
  doseGrid: Grid3,
  fanSpacingMm: number,
  fanAxialSpacingMm: number = fanSpacingMm,
): BeamSetup {
  const frame = beamFrameLps(beam, position, machine.sadMm);
  const ctAxial = gridCornersLps(ctGrid, true).map((p) => lpsToBev(frame, p).axialMm);
  const w0Mm = Math.min(...ctAxial);
  if (!(w0Mm > 1))
    throw new GeometryError(
      `beam '${beam.name}': the source (${frame.sourceLpsMm.map((v) => v.toFixed(1)).join(', ')} mm LPS) is inside or behind the CT volume; check the isocentre`,
      { beam: beam.name },
    );
  const dose = gridCornersLps(doseGrid, true).map((p) => lpsToBev(frame, p));
  const uMin = Math.min(...dose.map((b) => b.xIsoMm)) - fanSpacingMm;
  const uMax = Math.max(...dose.map((b) => b.xIsoMm)) + fanSpacingMm;
  const vMin = Math.min(...dose.map((b) => b.yIsoMm)) - fanSpacingMm;
  const vMax = Math.max(...dose.map((b) => b.yIsoMm)) + fanSpacingMm;
  const wMax = Math.max(...dose.map((b) => b.axialMm)) + fanAxialSpacingMm;
  const fan: FanGrid = {
    u0Mm: uMin,
    duMm: fanSpacingMm,
    nu: Math.ceil((uMax - uMin) / fanSpacingMm) + 1,
    v0Mm: vMin,
    dvMm: fanSpacingMm,
    nv: Math.ceil((vMax - vMin) / fanSpacingMm) + 1,
    w0Mm,
    dwMm: fanAxialSpacingMm,
    nw: Math.max(2, Math.ceil((wMax - w0Mm) / fanAxialSpacingMm) + 1),
  };
  const samples = fan.nu * fan.nv * fan.nw;
  if (samples > MAX_FAN_SAMPLES)
    throw new GeometryError(
      `beam '${beam.name}': depth fan grid ${fan.nu}×${fan.nv}×${fan.nw} exceeds ${MAX_FAN_SAMPLES} samples; use a coarser dose grid`,
    );
  const rectsIsoMm = apertureRectsIsoMm(beam);
  const doseScaleGy =
    beam.mu * machine.calibrationGyPerMu * headScatterFactor(machine, beam.jawsMm) * machine.normalisationRel;
  return { beam, frame, rectsIsoMm, doseScaleGy, fan };
}

/** LPS point of fan sample (u, v, w) (continuous indices allowed). */
export function fanSampleLps(setup: BeamSetup, iu: number, iv: number, iw: number): Vec3 {
  const { frame, fan } = setup;
  const u = fan.u0Mm + iu * fan.duMm;
  const v = fan.v0Mm + iv * fan.dvMm;
  const w = fan.w0Mm + iw * fan.dwMm;
  const s = w / frame.sadMm;
  return [
    frame.sourceLpsMm[0] + w * frame.axisLps[0] + s * (u * frame.collXLps[0] + v * frame.collYLps[0]),
    frame.sourceLpsMm[1] + w * frame.axisLps[1] + s * (u * frame.collXLps[1] + v * frame.collYLps[1]),
    frame.sourceLpsMm[2] + w * frame.axisLps[2] + s * (u * frame.collXLps[2] + v * frame.collYLps[2]),
  ];
}

/** The same beam with its fan grid enlarged to at least (nu, nv, nw) samples (same origin and spacing), so that
 * every beam of a plan shares one kernel compilation on the gpu.js backends. */
export function withFanSize(setup: BeamSetup, nu: number, nv: number, nw: number): BeamSetup {
  return {
    ...setup,
    fan: {
      ...setup.fan,
      nu: Math.max(nu, setup.fan.nu),
      nv: Math.max(nv, setup.fan.nv),
      nw: Math.max(nw, setup.fan.nw),
    },
  };
}
