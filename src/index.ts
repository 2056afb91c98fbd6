/**
 * equidose public API: stable exports only. Stage internals stay importable by path but are not promised.
 */

// Core geometry and volumes (patient LPS mm; voxel memory order i fastest).
export * from './core/errors.js';
export * from './core/grid.js';
export * from './core/transforms.js';
export * from './core/vec3.js';
export * from './core/volume.js';
export * from './core/structures.js';

// Volume I/O (NIfTI-1, NRRD, MetaImage).
export { readVolume, type ReadVolumeOptions } from './io/read-volume.js';
export { writeVolume } from './io/write-volume.js';
export { QUANTITIES, parseQuantity, inferQuantity } from './io/quantity-tag.js';
