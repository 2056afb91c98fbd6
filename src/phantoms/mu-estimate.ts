import type { Volume } from '../core/volume.js';
import { lpsToNearestVoxel } from '../core/transforms.js';
import { voxelIndex } from '../core/grid.js';
import { beamFrameLps } from '../dose/beam-geometry.js';
import type { Beam, Plan } from '../dose/plan.js';

/**
 * First-order monitor units, used when no dose engine is at hand (and as the starting point that
 * `normalizePlanToPrescription` rescales). Per beam, equal isocentre dose Rx / N:
 *
 *   MU = (Rx / N) / (0.01 Gy/MU · ISF · Scp(s) · TMR(d))
 *
 * - calibration 1 cGy/MU at dmax (15 mm) for 10 × 10 cm² at SSD 100 cm; the isocentre is at SAD = 100 cm, so the
 *   inverse-square factor is ISF = (101.5 / 100)²;
 * - d: radiological (water-equivalent) depth of the isocentre along the central axis, from the CT through a
 *   piecewise-linear HU → RED table (matRad's default knots, docs/PHYSICS);
 * - TMR(d) = exp(−μ (d − 15 mm)) for d > 15 mm (1 above), μ = 0.0029 /mm: reproduces a 6 MV TMR(10 cm) ≈ 0.78,
 *   i.e. PDD(10 cm) ≈ 66.7 % at SSD 100 (BJR Supplement 25);
 * - Scp(s) = 1 + 0.0009 (s − 100 mm), clamped to [0.88, 1.08]: a 6 MV total scatter factor vs equivalent square
 *   s of the jaws (≈ 0.955 at 5 cm, 1.09 at 20 cm).
 * Accuracy: a few per cent on the phantoms; the engine-based normalisation replaces it where available.
 */
export function estimatePlanMu(plan: Plan, ct: Volume<'HU'>): Plan {
  const rx = plan.prescriptionGy ?? 2;
  const perBeamGy = rx / plan.beams.length;
  return { ...plan, beams: plan.beams.map((b) => ({ ...b, mu: estimateBeamMu(b, ct, perBeamGy) })) };
}

const CALIBRATION_GY_PER_MU = 0.01;
const DMAX_MM = 15;
const TMR_MU_PER_MM = 0.0029;
const ISF = (1015 / 1000) ** 2;

/** MU for one beam to give `doseGy` at its isocentre (rounded to 0.1 MU). */
export function estimateBeamMu(beam: Beam, ct: Volume<'HU'>, doseGy: number): number {
  const depth = radiologicalDepthMm(beam, ct);
  const tmr = depth > DMAX_MM ? Math.exp(-TMR_MU_PER_MM * (depth - DMAX_MM)) : 1;
  const x = beam.jawsMm.x2 - beam.jawsMm.x1;
  const y = beam.jawsMm.y2 - beam.jawsMm.y1;
  const eq = (2 * x * y) / (x + y);
  const scp = Math.min(1.08, Math.max(0.88, 1 + 0.0009 * (eq - 100)));
  return Math.round((doseGy / (CALIBRATION_GY_PER_MU * ISF * scp * tmr)) * 10) / 10;
}

/** HU → RED knots (matRad default, see docs/PHYSICS.md); clamped outside. */
const HU_KNOTS = [-1024, -999, -90, -45, 0, 100, 350, 3000];
const RED_KNOTS = [0.001, 0.001, 0.95, 0.99, 1, 1.095, 1.199, 2.505];

/** Piecewise-linear RED of a CT number. */
export function redOfHu(hu: number): number {
  if (hu <= (HU_KNOTS[0] as number)) return RED_KNOTS[0] as number;
  for (let n = 1; n < HU_KNOTS.length; n++) {
    const h1 = HU_KNOTS[n] as number;
    if (hu <= h1) {
      const h0 = HU_KNOTS[n - 1] as number;
      const r0 = RED_KNOTS[n - 1] as number;
      return r0 + ((hu - h0) / (h1 - h0)) * ((RED_KNOTS[n] as number) - r0);
    }
  }
  return RED_KNOTS[RED_KNOTS.length - 1] as number;
}

/**
 * Water-equivalent depth (mm) of the isocentre: Σ RED · 1 mm along the central axis from the isocentre back
 * towards the source, until the ray leaves the CT grid (nearest-voxel sampling).
 */
export function radiologicalDepthMm(beam: Beam, ct: Volume<'HU'>): number {
  const frame = beamFrameLps(beam, 'HFS');
  const step = 1;
  let depth = 0;
  for (let s = 0.5; s < frame.sadMm; s += step) {
    const p = [0, 1, 2].map((d) => (frame.isocenterLpsMm[d] as number) - (frame.axisLps[d] as number) * s);
    const ijk = lpsToNearestVoxel(ct.grid, p as unknown as [number, number, number]);
    if (!ijk) break;
    depth += redOfHu(ct.data[voxelIndex(ct.grid.size, ijk[0], ijk[1], ijk[2])] as number) * step;
  }
  return depth;
}
