import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Quantity } from '../../../src/core/volume.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { voxelTypeOf } from '../../../src/io/voxel-types.js';
import {
  DIRECTION_TOLERANCE,
  GEOMETRY_TOLERANCE_MM,
  SUM_RELATIVE_TOLERANCE,
} from '../../helpers/tolerances.js';

/**
 * Our readers against an independent one: expected values come from tests/unit/io/fixtures/make-expected.py
 * (Debian python3 + nibabel, and a small numpy NRRD parser), run once and committed.
 */
interface Expected {
  size: number[];
  spacingMm: number[];
  originMm: number[];
  direction: number[][];
  dtype: string;
  min: number;
  max: number;
  sum: number;
  samples: { ijk: [number, number, number]; value: number }[];
}

const repoRoot = new URL('../../../', import.meta.url);
const realDir = new URL('../shared/data/real/', repoRoot);
const fixturesDir = new URL('tests/fixtures/io/', repoRoot);
const load = (name: string): Record<string, Expected> =>
  JSON.parse(readFileSync(new URL(`tests/unit/io/fixtures/${name}`, repoRoot), 'utf8')) as Record<
    string,
    Expected
  >;

function expectMatches(path: string, expected: Expected, quantity?: Quantity): void {
  const volume = readVolume(path);
  const g = volume.grid;
  expect(g.size).toEqual(expected.size);
  for (let d = 0; d < 3; d++) {
    expect(Math.abs(g.spacingMm[d]! - expected.spacingMm[d]!)).toBeLessThanOrEqual(GEOMETRY_TOLERANCE_MM);
    expect(Math.abs(g.originLpsMm[d]! - expected.originMm[d]!)).toBeLessThanOrEqual(GEOMETRY_TOLERANCE_MM);
    for (let c = 0; c < 3; c++)
      expect(Math.abs(g.axes[d]![c]! - expected.direction[d]![c]!)).toBeLessThanOrEqual(DIRECTION_TOLERANCE);
  }
  expect(voxelTypeOf(volume.data)).toBe(expected.dtype);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of volume.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  expect([min, max]).toEqual([expected.min, expected.max]);
  expect(Math.abs(sum - expected.sum)).toBeLessThanOrEqual(SUM_RELATIVE_TOLERANCE * Math.abs(expected.sum));
  const [nx, ny] = g.size;
  for (const { ijk, value } of expected.samples)
    expect(volume.data[ijk[0] + nx * (ijk[1] + ny * ijk[2])]).toBe(value);
  if (quantity !== undefined) expect(volume.quantity).toBe(quantity);
}

describe('format fixtures built independently (nibabel, hand-written from the format specs)', () => {
  for (const [name, expected] of Object.entries(load('format-fixtures.expected.json'))) {
    it(`reads ${name} as the reference does`, () => {
      expectMatches(new URL(name, fixturesDir).pathname, expected);
    });
  }
});

/** The quantity equidose's inference must reach for each real file (see quantity-tag.ts). */
const REAL_QUANTITIES: Record<string, Quantity> = {
  'synthrad2023_template_sct_brain/B0xxx_sCT.nii.gz': 'HU',
  'totalsegmentator_example/example_ct.nii.gz': 'HU',
  'totalsegmentator_example/example_mr_sm.nii.gz': 'MR',
  'pyradiomics_brain_mr/brain1_image.nrrd': 'MR',
  'pyradiomics_brain_mr/brain1_label.nrrd': 'label',
};

describe('real data in ../shared/data/real', () => {
  const present = existsSync(realDir);
  if (!present) console.warn(`skipping real-data reader tests: ${realDir.pathname} is absent`);
  for (const [name, expected] of Object.entries(load('real-volumes.expected.json'))) {
    it.skipIf(!present)(`reads ${name}: geometry, voxel type, range and samples as nibabel/numpy`, () => {
      expectMatches(new URL(name, realDir).pathname, expected, REAL_QUANTITIES[name]);
    });
  }
  it('covers every volume file there', () => {
    expect(Object.keys(REAL_QUANTITIES).sort()).toEqual(
      Object.keys(load('real-volumes.expected.json')).sort(),
    );
  });
});
