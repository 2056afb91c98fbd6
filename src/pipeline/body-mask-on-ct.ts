import type { Volume } from '../core/volume.js';
import { labelOccupancy } from '../compare/dvh/label-occupancy.js';
import { rasterizeStructure } from '../compare/dvh/rasterize-structure.js';
import type { LoadedStructures } from './load-inputs.js';

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
