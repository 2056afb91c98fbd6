import type { Grid3 } from '../core/grid.js';
import type { LabelledStructure, LabelledStructureSet } from '../io/structures-file.js';
import type { StructureMask } from './anatomy.js';
import { maskToContours } from './contours.js';

/** A case's structures: the structures.json set, its companion label map, and the full per-structure masks. */
export interface PhantomStructures {
  readonly set: LabelledStructureSet;
  /** Label per voxel (0 = background; label = ROI number = position in `masks` + 1). Memory order i fastest. */
  readonly labelMap: Uint8Array;
  /** Every structure's own mask (overlaps intact), in ROI-number order. */
  readonly masks: readonly StructureMask[];
}

/**
 * Builds the structure set: ROI number and label = list position + 1, contours traced from each structure's own
 * mask (so overlapping structures keep their full shapes), and a label map in which later entries of
 * `paintOrder` (names) overwrite earlier ones: targets over organs over BODY.
 */
export function assembleStructures(
  masks: readonly StructureMask[],
  grid: Grid3,
  paintOrder: readonly string[],
): PhantomStructures {
  const structures: LabelledStructure[] = masks.map((m, n) => ({
    label: n + 1,
    roiNumber: n + 1,
    name: m.name,
    type: m.type,
    colorRgb: m.colorRgb,
    contours: maskToContours(m.mask, grid),
  }));
  const labelMap = new Uint8Array(masks[0]?.mask.length ?? 0);
  for (const name of paintOrder) {
    const n = masks.findIndex((m) => m.name === name);
    const m = masks[n];
    if (!m) continue;
    const label = n + 1;
    const mask = m.mask;
    for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) labelMap[v] = label;
  }
  return {
    set: { frameOfReferenceUid: grid.frameOfReferenceUid, structures, warnings: [] },
    labelMap,
    masks,
  };
}
