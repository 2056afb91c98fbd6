import type { Volume } from '../core/volume.js';
import { labelOccupancy } from '../compare/dvh/label-occupancy.js';
import { rasterizeStructure } from '../compare/dvh/rasterize-structure.js';
import type { RoiPassRate } from '../report/validation-report.js';
import type { LoadedStructures } from './load-inputs.js';
import type { RoiOccupancy } from './roi-occupancy.js';

/** Voxels at least this much inside an ROI count as in it for per-ROI gamma pass rates. */
export const ROI_GAMMA_MIN_OCCUPANCY = 0.5;

/**
 * Gamma pass rate inside each ROI (as patient-QA systems such as Mobius3D or 3DVH show them): evaluated voxels
 * (finite γ, i.e. above the dose cutoff) that are at least half inside the ROI, and the % of them with γ ≤ 1.
 */
export function roiGammaPassRates(gamma: Volume<'gamma'>, rois: readonly RoiOccupancy[]): RoiPassRate[] {
  return rois.map(({ structure, occupancy }) => {
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
      name: structure.name,
      passRatePercent: evaluated > 0 ? (100 * passed) / evaluated : null,
      evaluatedVoxels: evaluated,
    };
  });
}

/**
 * The body mask on the CT grid for the image metrics: the EXTERNAL structure (RT ROI Interpreted Type), else an
 * ROI named BODY/External/Outline, voxels at least half inside (SynthRAD evaluates over a binary mask). Without
 * one, undefined: computeImageMetrics then derives the body from the CT (threshold, largest component).
 */
export function bodyMaskOnCt(
  structures: LoadedStructures,
  ct: Volume<'HU'>,
): { mask: Volume<'mask', Uint8Array> | undefined; warning?: string } {
  const list = structures.set.structures;
  const body =
    list.find((s) => s.type === 'EXTERNAL') ?? list.find((s) => /^(body|external|outline)$/i.test(s.name));
  const label = body ? structures.labelByName?.get(body.name) : undefined;
  const occ = !body
    ? undefined
    : body.contours.length > 0
      ? rasterizeStructure(body, ct.grid)
      : structures.labels && label !== undefined
        ? labelOccupancy(structures.labels, label, ct.grid, body.name)
        : undefined;
  if (!occ)
    return {
      mask: undefined,
      warning: 'no body structure (EXTERNAL): image metrics use a body mask thresholded from the CT',
    };
  const data = new Uint8Array(ct.data.length);
  for (let n = 0; n < occ.indices.length; n++)
    if ((occ.fractions[n] as number) >= 0.5) data[occ.indices[n] as number] = 1;
  return { mask: { grid: ct.grid, quantity: 'mask', data } };
}
