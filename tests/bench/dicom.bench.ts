import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createGrid } from '../../src/core/grid.js';
import { readImageSeries } from '../../src/dicom/image-series.js';
import { readRtDose } from '../../src/dicom/rtdose.js';
import { encodeRtDose, writeRtDose } from '../../src/dicom/rtdose-write.js';
import { encodeImageSeries } from '../../src/dicom/series-write.js';

/**
 * `npm run bench`: DICOM I/O at realistic sizes. Targets (2-core CI box): the 20-slice 512² JPEG 2000 CT series
 * read ≤ 2 s; a 200×200×150 RTDOSE (6 M voxels) encoded ≤ 1 s and read ≤ 1 s; a 256×256×100 sCT series
 * encoded ≤ 1 s.
 */
const j2kSeries = resolve(
  import.meta.dirname,
  '../../../shared/data/real/totalsegmentator_example/example_ct_dicom',
);
const dir = mkdtempSync(join(tmpdir(), 'equidose-dicom-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doseGrid = createGrid({ size: [200, 200, 150], spacingMm: [2, 2, 2], frameOfReferenceUid: '1.2.3' });
const dose = {
  grid: doseGrid,
  quantity: 'Gy' as const,
  data: Float32Array.from({ length: 200 * 200 * 150 }, (_, n) => (n % 9973) / 150),
};
const dosePath = join(dir, 'rd.dcm');
writeRtDose(dosePath, dose);

const sctGrid = createGrid({ size: [256, 256, 100], spacingMm: [1, 1, 2], frameOfReferenceUid: '1.2.3' });
const sct = {
  grid: sctGrid,
  quantity: 'HU' as const,
  data: Float32Array.from({ length: 256 * 256 * 100 }, (_, n) => (n % 3000) - 1000),
};

describe.skipIf(!existsSync(j2kSeries))('DICOM read (needs ../shared/data)', () => {
  bench('read JPEG 2000 CT series 512×512×20', () => void readImageSeries(j2kSeries), {
    iterations: 3,
    warmupIterations: 1,
  });
});

describe('DICOM write/read', () => {
  bench('encode RTDOSE 200×200×150', () => void encodeRtDose(dose), { iterations: 3 });
  bench('read RTDOSE 200×200×150', () => void readRtDose(dosePath), { iterations: 3 });
  bench('encode sCT series 256×256×100', () => void encodeImageSeries(sct, { modality: 'CT' }), {
    iterations: 3,
  });
});
