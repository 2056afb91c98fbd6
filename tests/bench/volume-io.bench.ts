import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createGrid } from '../../src/core/grid.js';
import { resampleVolume } from '../../src/core/resample.js';
import { createVolume } from '../../src/core/volume.js';
import { readVolume } from '../../src/io/read-volume.js';
import { writeVolume } from '../../src/io/write-volume.js';
import { rotatedAxes } from '../helpers/make-grid.js';

/**
 * Target (issue 2): a 512×512×300 int16 CT reads in well under a few seconds. Data are a smooth pattern plus
 * noise-like low bits, so gzip sees realistic (not trivially compressible) bytes.
 */
const dir = mkdtempSync(join(tmpdir(), 'equidose-bench-'));
const grid = createGrid({ size: [512, 512, 300], spacingMm: [0.98, 0.98, 1.5] });
const data = new Int16Array(512 * 512 * 300);
for (let n = 0; n < data.length; n++) data[n] = ((n % 512) * 3 - 1000 + ((n * 2654435761) >>> 28)) | 0;
const ct = createVolume(grid, 'HU', data);
for (const ext of ['nii', 'nii.gz', 'nrrd', 'mha']) writeVolume(join(dir, `ct.${ext}`), ct);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('read a 512×512×300 int16 CT', () => {
  for (const ext of ['nii', 'nii.gz', 'nrrd', 'mha'])
    bench(`readVolume .${ext}`, () => void readVolume(join(dir, `ct.${ext}`)), { iterations: 3, time: 0 });
});

describe('write a 512×512×300 int16 CT', () => {
  for (const ext of ['nii', 'nii.gz'])
    bench(`writeVolume .${ext}`, () => writeVolume(join(dir, `out.${ext}`), ct), { iterations: 2, time: 0 });
});

describe('resample the CT onto a rotated 2 mm dose grid (256×256×150)', () => {
  const target = createGrid({
    size: [256, 256, 150],
    spacingMm: [2, 2, 2],
    originLpsMm: [0, 0, 0],
    axes: rotatedAxes([0, 0, 1], 10),
  });
  for (const interpolation of ['nearest', 'trilinear'] as const)
    bench(
      `resampleVolume ${interpolation}`,
      () => void resampleVolume(ct, target, { interpolation, fillValue: -1000 }),
      {
        iterations: 2,
        time: 0,
      },
    );
});
