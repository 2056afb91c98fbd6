import type { BackendRequest } from '../../kernels/dose/index.js';

/**
 * The dose stage's user-facing defaults, in a module that loads nothing (type-only imports): the `dose` command's
 * descriptor prints them in its help without loading the engine and gpu.js (src/cli/command.ts).
 */

/** Default dose-grid spacing (mm). */
export const DEFAULT_DOSE_GRID_SPACING_MM = 2.5;

/** What a user may ask for with --backend. */
export type DoseBackendRequest = 'auto' | 'js' | Exclude<BackendRequest, 'auto'>;

export const DOSE_BACKEND_REQUESTS: readonly DoseBackendRequest[] = [
  'auto',
  'js',
  'webasm',
  'cpu',
  'webgpu',
  'webgl2',
  'webgl',
  'headlessgl',
];
