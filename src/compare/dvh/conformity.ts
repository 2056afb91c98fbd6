import { InputError } from '../../core/errors.js';
import { voxelCount } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';
import { type StructureOccupancy, voxelVolumeCc } from './occupancy.js';

/** Paddick conformity index and its parts (Paddick 2000, J Neurosurg 93 Suppl 3:219). Volumes in cm³. */
export interface PaddickConformity {
  /** TV_PIV² / (TV · PIV), in [0, 1]; 1 = the prescription isodose exactly covers the target. */
  readonly index: number;
  /** Target volume. */
  readonly targetCc: number;
  /** Prescription isodose volume: all voxels of the grid with dose ≥ prescription. */
  readonly prescriptionIsodoseCc: number;
  /** Target volume inside the prescription isodose (partial voxels by fraction). */
  readonly targetInIsodoseCc: number;
}

/** Paddick CI of `target` for `prescriptionGy` in `dose` (occupancy on the dose grid). */
export function paddickConformity(
  dose: Volume<'Gy'>,
  target: StructureOccupancy,
  prescriptionGy: number,
): PaddickConformity {
  if (!(prescriptionGy > 0)) throw new InputError(`prescription dose must be > 0 Gy, got ${prescriptionGy}`);
  const vv = voxelVolumeCc(dose.grid);
  let piv = 0;
  const n = voxelCount(dose.grid);
  for (let v = 0; v < n; v++) if ((dose.data[v] as number) >= prescriptionGy) piv++;
  let tv = 0;
  let tvPiv = 0;
  for (let m = 0; m < target.indices.length; m++) {
    const f = target.fractions[m] as number;
    tv += f;
    if ((dose.data[target.indices[m] as number] as number) >= prescriptionGy) tvPiv += f;
  }
  const index = tv > 0 && piv > 0 ? (tvPiv * tvPiv) / (tv * piv) : 0;
  return { index, targetCc: tv * vv, prescriptionIsodoseCc: piv * vv, targetInIsodoseCc: tvPiv * vv };
}
