import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { makeAwkwardGrid, rotatedAxes } from '../../helpers/make-grid.js';
import {
  DIRECTION_TOLERANCE,
  GEOMETRY_TOLERANCE_MM,
  NIFTI_HEADER_TOLERANCE_MM,
  TEXT_HEADER_DIRECTION_TOLERANCE,
} from '../../helpers/tolerances.js';
import { QUANTITIES } from '../../../src/io/quantity-tag.js';
import { expectGridClose, expectSameVoxels, makePatternVolume, makeTempDir } from './volume-test-helpers.js';

/** Geometry tolerance per file type: NIfTI headers are float32, NRRD/MetaImage text keeps doubles. */
const FORMATS = [
  ['.nii', NIFTI_HEADER_TOLERANCE_MM, DIRECTION_TOLERANCE],
  ['.nii.gz', NIFTI_HEADER_TOLERANCE_MM, DIRECTION_TOLERANCE],
  ['.nrrd', GEOMETRY_TOLERANCE_MM, TEXT_HEADER_DIRECTION_TOLERANCE],
  ['.nhdr', GEOMETRY_TOLERANCE_MM, TEXT_HEADER_DIRECTION_TOLERANCE],
  ['.mha', GEOMETRY_TOLERANCE_MM, TEXT_HEADER_DIRECTION_TOLERANCE],
  ['.mhd', GEOMETRY_TOLERANCE_MM, TEXT_HEADER_DIRECTION_TOLERANCE],
] as const;

describe('volume file round trip', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  const cases = [
    ['int8', Int8Array, [-128, 127]],
    ['uint8', Uint8Array, [0, 255]],
    ['int16', Int16Array, [-32768, 32767]],
    ['uint16', Uint16Array, [0, 65535]],
    ['int32', Int32Array, [-2147483648, 2147483647]],
    ['uint32', Uint32Array, [0, 4294967295]],
    ['float32', Float32Array, [-3.4e38, 1.17549435e-38, NaN, -0]],
    ['float64', Float64Array, [Number.MAX_VALUE, -Number.MIN_VALUE, Infinity, -0]],
  ] as const;

  for (const [name, ctor, extremes] of cases) {
    for (const [ext, toleranceMm, axisTolerance] of FORMATS) {
      it(`keeps ${name} data bit-exact and the oblique anisotropic grid (${ext})`, () => {
        const grid = makeAwkwardGrid();
        const volume = makePatternVolume(grid, 'Gy', ctor, extremes);
        const path = join(tmp.dir, `v${ext}`);
        writeVolume(path, volume);
        const back = readVolume(path);
        expectSameVoxels(back.data, volume.data);
        expectGridClose(back.grid, grid, toleranceMm, axisTolerance);
        expect(back.quantity).toBe('Gy');
        expect(back.grid.frameOfReferenceUid).toBe('');
      });
    }
  }

  for (const [ext, toleranceMm, axisTolerance] of FORMATS)
    it(`keeps a left-handed grid (NIfTI qfac = −1) and maps voxel corners to the same LPS points (${ext})`, () => {
      const [a, b, c] = rotatedAxes([0, 0.6, 0.8], 33);
      const grid = createGrid({
        size: [5, 6, 7],
        spacingMm: [1.1, 0.7, 3.3],
        originLpsMm: [-250.5, 120.25, 999.75],
        axes: [a, b, [-c[0], -c[1], -c[2]]],
      });
      const path = join(tmp.dir, `left${ext}`);
      writeVolume(path, makePatternVolume(grid, 'HU', Int16Array));
      const back = readVolume(path);
      expectGridClose(back.grid, grid, toleranceMm, axisTolerance);
      for (const ijk of [
        [0, 0, 0],
        [4, 5, 6],
        [4, 0, 6],
      ] as const) {
        const p = indexToLps(back.grid, ijk);
        const q = indexToLps(grid, ijk);
        for (let d = 0; d < 3; d++)
          expect(Math.abs(p[d]! - q[d]!)).toBeLessThanOrEqual(NIFTI_HEADER_TOLERANCE_MM);
      }
    });

  for (const [ext] of FORMATS)
    it(`keeps every quantity tag, and an explicit quantity overrides it (${ext})`, () => {
      const grid = createGrid({ size: [3, 2, 2], spacingMm: [1, 2, 3] });
      for (const q of QUANTITIES) {
        const path = join(tmp.dir, `${q}${ext}`);
        writeVolume(path, makePatternVolume(grid, q, Float32Array));
        expect(readVolume(path).quantity).toBe(q);
        expect(readVolume(path, { quantity: 'RED' }).quantity).toBe('RED');
      }
    });

  it('leaves no temp files behind, and writes header + data pairs', () => {
    const volume = makePatternVolume(makeAwkwardGrid(), 'HU', Int16Array);
    for (const name of ['a.nii.gz', 'b.nrrd', 'c.nhdr', 'd.mha', 'e.mhd'])
      writeVolume(join(tmp.dir, name), volume);
    expect(readdirSync(tmp.dir).sort()).toEqual([
      'a.nii.gz',
      'b.nrrd',
      'c.nhdr',
      'c.raw.gz',
      'd.mha',
      'e.mhd',
      'e.raw',
    ]);
    expect(existsSync(join(tmp.dir, 'a.nii.gz'))).toBe(true);
  });
});
