import { assertSameGrid } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';
import type { StructureOccupancy } from '../dvh/occupancy.js';

/**
 * A voxel counts as inside an ROI for its gamma pass rate when at least this fraction of it is occupied
 * (the usual binary-mask convention: the voxel centre is, to first order, inside the contour).
 */
export const ROI_GAMMA_MIN_OCCUPANCY = 0.5;

/** The gamma pass rate inside one ROI. */
export interface RoiGammaPassRate {
  /** The ROI's name (`StructureOccupancy.name`). */
  readonly name: string;
  /**
   * Percent (0–100) of the ROI's evaluated voxels with γ ≤ 1; null when the ROI has no evaluated voxel
   * (never NaN, so it survives JSON).
   */
  readonly passRatePercent: number | null;
  /**
   * Evaluated voxels in the ROI: voxels occupied to at least {@link ROI_GAMMA_MIN_OCCUPANCY} whose γ is a number
   * (not NaN). The gamma map holds NaN where gamma was not evaluated (reference dose below the lower dose cutoff,
   * or non-finite), so those voxels count neither as passed nor as failed.
   */
  readonly evaluatedVoxels: number;
}

/**
 * Gamma pass rate inside each ROI, as patient-QA systems (Mobius3D, 3DVH) show them: of the voxels at least half
 * inside the ROI that were evaluated (finite γ), the percent with γ ≤ 1. Results follow the order of `rois`.
 *
 * @param gamma γ map (unitless) on the reference dose grid, NaN where not evaluated (as computeGamma returns it).
 * @param rois ROI occupancies on the same grid as `gamma` (sparse flat indices, i fastest).
 * @throws GeometryError when an occupancy's grid differs from the gamma map's.
 */
export function roiGammaPassRates(
  gamma: Volume<'gamma'>,
  rois: readonly StructureOccupancy[],
): RoiGammaPassRate[] {
  return rois.map((occupancy) => {
    assertSameGrid(occupancy.grid, gamma.grid, `ROI '${occupancy.name}' occupancy vs gamma map`);
    let evaluated = 0;
    let passed = 0;
    for (let n = 0; n < occupancy.indices.length; n++) {
      if ((occupancy.fractions[n] as number) < ROI_GAMMA_MIN_OCCUPANCY) continue;
      const g = gamma.data[occupancy.indices[n] as number] as number;
      if (Number.isNaN(g)) continue;
      evaluated++;
      if (g <= 1) passed++;
    }
    return {
      name: occupancy.name,
      passRatePercent: evaluated > 0 ? (100 * passed) / evaluated : null,
      evaluatedVoxels: evaluated,
    };
  });
}
