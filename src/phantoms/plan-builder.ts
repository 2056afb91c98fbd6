import { GeometryError } from '../core/errors.js';
import type { Grid3 } from '../core/grid.js';
import { indexToLpsAffine } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';
import { beamFrameLps, lpsToBev } from '../dose/beam-geometry.js';
import type { Beam, MlcAperture, Plan } from '../dose/plan.js';
import type { PhantomPlanSpec } from './phantom-spec.js';

/**
 * A 3D-conformal plan for a phantom: HFS, isocentre at the PTV centroid, one static field per gantry angle whose
 * jaws and MLC (pairs of `leafWidthMm` centred on the isocentre) open to the PTV's beam's-eye-view projection plus
 * `apertureMarginMm`. Projection: every PTV voxel centre, through the source, onto the isocentre plane.
 * A leaf pair opens to the x-extent of all projected points within `apertureMarginMm` of its band (along y), widened
 * by the margin, so every projected point's margin square lies in the aperture.
 */
export function buildConformalPlan(
  ptvMask: Uint8Array,
  grid: Grid3,
  spec: PhantomPlanSpec,
  prescriptionGy: number,
): Plan {
  const points = maskCentresLps(ptvMask, grid);
  if (points.length === 0)
    throw new GeometryError(
      `the PTV has no voxel on this grid (spacing ${grid.spacingMm.join(' × ')} mm): use a finer --scale`,
    );
  const isocenterMm = centroid(points);
  const beams = spec.gantryDeg.map((gantryDeg, n) =>
    conformalBeam(`F${n + 1}_G${gantryDeg}`, gantryDeg, isocenterMm, points, spec),
  );
  return { machine: spec.machine, patientPosition: 'HFS', prescriptionGy, beams };
}

/** LPS mm of the centre of every voxel where mask ≠ 0 (flat x, y, z triples). */
export function maskCentresLps(mask: Uint8Array, grid: Grid3): Float64Array {
  const [nx, ny] = grid.size;
  const rows = indexToLpsAffine(grid).rowsLps;
  const out: number[] = [];
  for (let n = 0; n < mask.length; n++) {
    if (mask[n] === 0) continue;
    const i = n % nx;
    const j = Math.floor(n / nx) % ny;
    const k = Math.floor(n / (nx * ny));
    for (const r of rows) out.push(r[0] * i + r[1] * j + r[2] * k + r[3]);
  }
  return Float64Array.from(out);
}

/** Centroid of flat points, rounded to 0.1 mm (a plan's isocentre is set to a readable precision). */
function centroid(points: Float64Array): Vec3 {
  const c = [0, 0, 0];
  const n = points.length / 3;
  for (let m = 0; m < n; m++)
    for (let d = 0; d < 3; d++) c[d] = (c[d] as number) + (points[3 * m + d] as number);
  return c.map((v) => Math.round((v / n) * 10) / 10) as unknown as Vec3;
}

function conformalBeam(
  name: string,
  gantryDeg: number,
  isocenterMm: Vec3,
  points: Float64Array,
  spec: PhantomPlanSpec,
): Beam {
  const geometry = { gantryDeg, collimatorDeg: spec.collimatorDeg, couchDeg: 0, isocenterMm };
  const frame = beamFrameLps(geometry, 'HFS');
  const width = spec.leafWidthMm;
  const pairs = spec.leafPairs;
  const b0 = (-pairs / 2) * width;
  const margin = spec.apertureMarginMm;
  const lo = new Float64Array(pairs).fill(Infinity);
  const hi = new Float64Array(pairs).fill(-Infinity);
  let yMin = Infinity;
  let yMax = -Infinity;
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let m = 0; m < points.length; m += 3) {
    const p = lpsToBev(frame, [points[m] as number, points[m + 1] as number, points[m + 2] as number]);
    const x = p.xIsoMm;
    const y = p.yIsoMm;
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    const l0 = Math.max(0, Math.floor((y - margin - b0) / width));
    const l1 = Math.min(pairs - 1, Math.floor((y + margin - b0) / width));
    for (let l = l0; l <= l1; l++) {
      if (x < (lo[l] as number)) lo[l] = x;
      if (x > (hi[l] as number)) hi[l] = x;
    }
  }
  const jaws = {
    x1: Math.floor(xMin - margin),
    x2: Math.ceil(xMax + margin),
    y1: Math.floor(yMin - margin),
    y2: Math.ceil(yMax + margin),
  };
  if (jaws.y1 < b0 || jaws.y2 > -b0) {
    throw new GeometryError(
      `beam ${name}: the PTV projection (y ${yMin.toFixed(1)}…${yMax.toFixed(1)} mm) exceeds the MLC (±${-b0} mm)`,
    );
  }
  const closedAt = Math.round((jaws.x1 + jaws.x2) / 2);
  const mlc: MlcAperture = {
    leafBoundariesMm: Array.from({ length: pairs + 1 }, (_, l) => b0 + l * width),
    leafPairsMm: Array.from(lo, (a, l) =>
      a === Infinity
        ? ([closedAt, closedAt] as const)
        : ([Math.floor((a - margin) * 10) / 10, Math.ceil(((hi[l] as number) + margin) * 10) / 10] as const),
    ),
  };
  return { name, ...geometry, jawsMm: jaws, mlc, mu: 0 };
}

/**
 * True when the LPS point's beam's-eye-view projection lies in the open aperture (jaws ∩ MLC) of `beam`,
 * shrunk by `insetMm` on every side.
 */
export function apertureContains(beam: Beam, pointLps: Vec3, insetMm = 0): boolean {
  const p = lpsToBev(beamFrameLps(beam, 'HFS'), pointLps);
  const { x1, x2, y1, y2 } = beam.jawsMm;
  const x = p.xIsoMm;
  const y = p.yIsoMm;
  if (x - insetMm < x1 || x + insetMm > x2 || y - insetMm < y1 || y + insetMm > y2) return false;
  if (!beam.mlc) return true;
  const b = beam.mlc.leafBoundariesMm;
  for (let l = 0; l < beam.mlc.leafPairsMm.length; l++) {
    const lo = b[l] as number;
    const hiB = b[l + 1] as number;
    if (hiB <= y - insetMm || lo > y + insetMm) continue;
    const [xa, xb] = beam.mlc.leafPairsMm[l] as readonly [number, number];
    if (x - insetMm < xa || x + insetMm > xb) return false;
  }
  return true;
}
