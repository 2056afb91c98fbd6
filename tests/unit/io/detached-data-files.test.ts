import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { detachedDataFileName, writeVolume } from '../../../src/io/write-volume.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { expectSameVoxels, makePatternVolume, makeTempDir } from './volume-test-helpers.js';

/** The data file a detached header names (NRRD `data file:`, MetaImage `ElementDataFile =`). */
function namedDataFile(headerPath: string): string | undefined {
  const text = readFileSync(headerPath, 'latin1');
  return /^(?:data file: |ElementDataFile = )(.+)$/m.exec(text)?.[1];
}

describe('detached data files', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('x.nhdr and x.mhd in one folder keep separate data files and both read back bit-exact', () => {
    // Different voxel types and sizes, so one data file standing in for the other cannot go unnoticed.
    const dose = makePatternVolume(makeAwkwardGrid(), 'Gy', Float32Array);
    const ct = makePatternVolume(createGrid({ size: [5, 4, 3], spacingMm: [1, 2, 3] }), 'HU', Int16Array);
    writeVolume(join(tmp.dir, 'x.nhdr'), dose);
    writeVolume(join(tmp.dir, 'x.mhd'), ct);

    expect(readdirSync(tmp.dir).sort()).toEqual(['x.mhd', 'x.nhdr', 'x.raw', 'x.raw.gz']);
    expect(namedDataFile(join(tmp.dir, 'x.nhdr'))).toBe('x.raw.gz');
    expect(namedDataFile(join(tmp.dir, 'x.mhd'))).toBe('x.raw');
    const doseBack = readVolume(join(tmp.dir, 'x.nhdr'));
    const ctBack = readVolume(join(tmp.dir, 'x.mhd'));
    expectSameVoxels(doseBack.data, dose.data);
    expectSameVoxels(ctBack.data, ct.data);
    expect([doseBack.quantity, ctBack.quantity]).toEqual(['Gy', 'HU']);
  });

  it('the same holds written in the other order', () => {
    const ct = makePatternVolume(createGrid({ size: [5, 4, 3], spacingMm: [1, 2, 3] }), 'HU', Int16Array);
    const dose = makePatternVolume(makeAwkwardGrid(), 'Gy', Float32Array);
    writeVolume(join(tmp.dir, 'x.mhd'), ct);
    writeVolume(join(tmp.dir, 'x.nhdr'), dose);
    expectSameVoxels(readVolume(join(tmp.dir, 'x.mhd')).data, ct.data);
    expectSameVoxels(readVolume(join(tmp.dir, 'x.nhdr')).data, dose.data);
  });

  it('names data files as teem/ITK (NRRD gzip: .raw.gz) and ITK MetaImageIO (.raw) do', () => {
    expect(detachedDataFileName('/a/b/plan dose.nhdr')).toBe('plan dose.raw.gz');
    expect(detachedDataFileName('/a/b/CT.NHDR')).toBe('CT.raw.gz');
    expect(detachedDataFileName('rel/ct.mhd')).toBe('ct.raw');
    expect(detachedDataFileName('ct.v2.MHD')).toBe('ct.v2.raw');
  });
});
