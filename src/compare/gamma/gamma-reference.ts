import type { Volume } from '../../core/volume.js';
import {
  buildSearchLattice,
  type GammaSearchLattice,
  refToEvalMap,
  sampleTrilinear,
} from './gamma-geometry.js';
import type { GammaCriteria } from './gamma-options.js';

/**
 * Float64 CPU reference gamma (Low et al. 1998): readable and slow, the ground truth for every faster backend.
 *
 * For each reference voxel r with D_r(r) ≥ cutoff: γ(r) = min over lattice offsets o (|o| ≤ maxGamma·DTA) of
 * sqrt(|o|²/DTA² + (D_e(r+o) − D_r(r))²/ΔD²), with D_e trilinearly interpolated at r+o (points outside the
 * evaluated grid are skipped). Offsets are visited by increasing |o|; the search stops once |o|²/DTA² alone
 * reaches the best γ² so far. γ is capped at maxGamma (a value equal to maxGamma means γ ≥ maxGamma).
 *
 * Unevaluated voxels (below the cutoff, non-finite reference dose, or local gamma at D_r ≤ 0) are NaN.
 * @returns γ per reference voxel, i fastest on the reference grid.
 */
export function computeGammaReference(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  criteria: GammaCriteria,
): Float64Array {
  const lattice = buildSearchLattice(reference.grid, criteria);
  const map = refToEvalMap(reference.grid, evaluated.grid);
  const [nx, ny, nz] = reference.grid.size;
  // Evaluated-index delta of each offset.
  const deltas = new Float64Array(3 * lattice.count);
  for (let m = 0; m < lattice.count; m++) {
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let d = 0; d < 3; d++)
        s += (map.offsetLinear[3 * r + d] as number) * (lattice.offsetsMm[3 * m + d] as number);
      deltas[3 * m + r] = s;
    }
  }
  const L = map.linear;
  const gamma = new Float64Array(nx * ny * nz).fill(NaN);
  const maxGammaSq = criteria.maxGamma * criteria.maxGamma;
  const local = criteria.normalisation === 'local';
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const n = i + nx * (j + ny * k);
        const doseRef = reference.data[n] as number;
        if (!(doseRef >= criteria.lowerDoseCutoffGy) || !Number.isFinite(doseRef)) continue;
        if (local && !(doseRef > 0)) continue;
        const deltaDoseGy = local ? (criteria.doseDiffPercent / 100) * doseRef : criteria.globalDoseDiffGy;
        const invDdSq = 1 / (deltaDoseGy * deltaDoseGy);
        const ex = (L[0] as number) * i + (L[1] as number) * j + (L[2] as number) * k + map.shift[0];
        const ey = (L[3] as number) * i + (L[4] as number) * j + (L[5] as number) * k + map.shift[1];
        const ez = (L[6] as number) * i + (L[7] as number) * j + (L[8] as number) * k + map.shift[2];
        const best = searchShells(evaluated, lattice, deltas, [ex, ey, ez], doseRef, invDdSq, maxGammaSq);
        gamma[n] = Math.sqrt(best);
      }
  return gamma;
}

/** Best γ² at one reference point: offsets by increasing distance, stop when the distance term alone loses. */
function searchShells(
  evaluated: Volume<'Gy'>,
  lattice: GammaSearchLattice,
  deltas: Float64Array,
  evalIjk: readonly [number, number, number],
  doseRef: number,
  invDdSq: number,
  startBest: number,
): number {
  let best = startBest;
  for (let m = 0; m < lattice.count; m++) {
    const distSq = lattice.distSqOverDtaSq[m] as number;
    if (distSq >= best) break;
    const doseEval = sampleTrilinear(
      evaluated.data,
      evaluated.grid.size,
      evalIjk[0] + (deltas[3 * m] as number),
      evalIjk[1] + (deltas[3 * m + 1] as number),
      evalIjk[2] + (deltas[3 * m + 2] as number),
    );
    if (Number.isNaN(doseEval)) continue;
    const diff = doseEval - doseRef;
    const g = distSq + diff * diff * invDdSq;
    if (g < best) best = g;
  }
  return best;
}
