import type { Grid3 } from '../core/grid.js';
import type { Structure } from '../core/structures.js';
import { labelOccupancy } from '../compare/dvh/label-occupancy.js';
import type { StructureOccupancy } from '../compare/dvh/occupancy.js';
import { rasterizeStructure } from '../compare/dvh/rasterize-structure.js';
import type { LoadedStructures } from './load-inputs.js';

/**
 * Each ROI as fractional occupancy on a grid, through the compare stage's rasterisers: planar contours when the
 * structure has them (authoritative: label maps cannot hold overlaps), else its value in the label map.
 */
export interface RoiOccupancy {
  readonly structure: Structure;
  readonly occupancy: StructureOccupancy;
}

export function roiOccupancies(
  structures: LoadedStructures,
  grid: Grid3,
): { rois: RoiOccupancy[]; warnings: string[] } {
  const rois: RoiOccupancy[] = [];
  const warnings: string[] = [];
  for (const structure of structures.set.structures) {
    const label = structures.labelByName?.get(structure.name);
    let occupancy: StructureOccupancy;
    if (structure.contours.length > 0) occupancy = rasterizeStructure(structure, grid);
    else if (structures.labels && label !== undefined)
      occupancy = labelOccupancy(structures.labels, label, grid, structure.name);
    else {
      warnings.push(`ROI '${structure.name}' has neither contours nor a label: skipped`);
      continue;
    }
    warnings.push(...occupancy.warnings);
    if (occupancy.indices.length === 0) {
      warnings.push(`ROI '${structure.name}' does not overlap the grid: skipped`);
      continue;
    }
    rois.push({ structure, occupancy });
  }
  return { rois, warnings };
}
