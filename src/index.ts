/**
 * equidose public API: stable exports only. Stage internals stay importable by path but are not promised.
 */

// Core geometry and volumes (patient LPS mm; voxel memory order i fastest).
export * from './core/errors.js';
export * from './core/grid.js';
export { resampleVolume, type Interpolation, type ResampleOptions } from './core/resample.js';
export * from './core/transforms.js';
export * from './core/vec3.js';
export * from './core/volume.js';
export * from './core/structures.js';

// Volume I/O (NIfTI-1, NRRD, MetaImage).
export { readVolume, type ReadVolumeOptions } from './io/read-volume.js';
export { writeVolume } from './io/write-volume.js';
export { QUANTITIES, parseQuantity, inferQuantity } from './io/quantity-tag.js';

// Digital phantoms (src/phantoms): paired CT/MR patients, structures, plans, controlled sCT errors.
export {
  buildPhantom,
  phantomGrid,
  type PhantomCase,
  type PhantomOptions,
} from './phantoms/build-phantom.js';
export {
  loadPhantomSpec,
  PHANTOM_SITES,
  type PhantomSite,
  type PhantomSpec,
} from './phantoms/phantom-spec.js';
export { applySctErrors, type SctResult } from './phantoms/sct-error-models.js';
export { parseSctError, parseSctErrors, type SctError } from './phantoms/sct-error-spec.js';
export { normalizePlanToPrescription, type NormalizedPlan } from './phantoms/normalize-plan.js';
