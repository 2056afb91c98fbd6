import { PipelineError } from '../core/errors.js';
import type { Volume } from '../core/volume.js';
import { isDicomPath, readDicomVolume } from '../dicom/read-dicom-volume.js';
import { readVolume } from '../io/read-volume.js';

/**
 * Reads a dose: an RTDOSE file (or a directory holding one) or a volume file, tagged Gy. Shared by `gamma` and
 * `dvh`; its own module so that `dvh` does not load the gamma implementation (and gpu.js) to read its input.
 */
export function readDoseInput(path: string): Volume<'Gy'> {
  try {
    if (isDicomPath(path)) {
      const v = readDicomVolume(path, { quantity: 'Gy' });
      return { grid: v.grid, quantity: 'Gy', data: v.data };
    }
    return readVolume(path, { quantity: 'Gy' });
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}
