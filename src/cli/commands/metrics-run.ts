import { computeImageMetrics } from '../../compare/image/image-metrics.js';
import { assertSameGrid } from '../../core/grid.js';
import { PipelineError } from '../../core/errors.js';
import type { Volume } from '../../core/volume.js';
import { isDicomPath, readDicomVolume } from '../../dicom/read-dicom-volume.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { readVolume } from '../../io/read-volume.js';
import { type CommandRun, optionalString, requireString } from '../command.js';

/** Reads a CT-like image (DICOM series or volume file) as HU. */
function readHu(path: string): Volume<'HU'> {
  try {
    if (isDicomPath(path)) {
      const v = readDicomVolume(path, { quantity: 'HU' });
      return { grid: v.grid, quantity: 'HU', data: v.data };
    }
    return readVolume(path, { quantity: 'HU' });
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}

/** The `equidose metrics` implementation (descriptor in ./metrics.ts). */
export const runMetricsCommand: CommandRun = (values, _positionals, io) => {
  const ctPath = requireString(values, 'ct');
  const sctPath = requireString(values, 'sct');
  const maskPath = optionalString(values, 'mask');
  const ct = readHu(ctPath);
  const sct = readHu(sctPath);
  let mask: Volume<'mask'> | undefined;
  if (maskPath !== undefined) {
    const raw = readVolume(maskPath, { quantity: 'mask' });
    try {
      assertSameGrid(ct.grid, raw.grid, 'CT and --mask');
    } catch (error) {
      throw (error as PipelineError).withFile(maskPath);
    }
    mask = raw;
  }
  try {
    assertSameGrid(ct.grid, sct.grid, 'CT and sCT');
  } catch (error) {
    throw (error as PipelineError).withFile(sctPath);
  }
  const m = computeImageMetrics(ct, sct, mask);
  const jsonPath = optionalString(values, 'json');
  if (jsonPath !== undefined) {
    const safe = (v: number): number | null => (Number.isFinite(v) ? v : null);
    const json = { ...m, psnrDb: safe(m.psnrDb), ssim: safe(m.ssim) };
    writeFileAtomic(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  }
  io.stdout.write(
    `MAE ${m.maeHu.toFixed(2)} HU, ME ${m.meHu.toFixed(2)} HU, PSNR ${m.psnrDb.toFixed(2)} dB, SSIM ${m.ssim.toFixed(4)} ` +
      `over ${m.maskVoxelCount} voxels (${m.maskSource === 'given' ? 'given mask' : 'CT body mask'})\n`,
  );
  return Promise.resolve(0);
};
