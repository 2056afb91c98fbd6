import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { normalize3, type Vec3 } from '../../../src/core/vec3.js';
import { spacingFromDirectionMm } from '../../../src/io/nrrd-header.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { rotatedAxes } from '../../helpers/make-grid.js';
import { NRRD_AXIS_ROUND_TRIP_TOLERANCE } from '../../helpers/tolerances.js';
import { makePatternVolume, makeTempDir } from './volume-test-helpers.js';

/** The awkward grid's axes (17° about (1,1,1)/√3): on its k axis 2.5 mm used to read back as 2.4999999999999996. */
const AWKWARD_AXES = rotatedAxes([1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)], 17);

const AXES: ReadonlyArray<readonly [string, Grid3['axes']]> = [
  [
    'identity',
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  ],
  [
    'head-first prone (axis-aligned, flipped)',
    [
      [-1, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ],
  ],
  ['17° about (1,1,1)', AWKWARD_AXES],
  ['30° about z', rotatedAxes([0, 0, 1], 30)],
  ['123.4° about (1,2,3)', rotatedAxes(normalize3([1, 2, 3]), 123.4)],
  ['−71° about (0.6,0,0.8)', rotatedAxes([0.6, 0, 0.8], -71)],
  // A 1° oblique DICOM series: IOP with 6 decimals, normalised on reading as src/dicom does.
  [
    'DICOM 1° tilt',
    (() => {
      const i = normalize3([0.999848, 0.017452, 0]);
      const j = normalize3([-0.017452, 0.999848, 0]);
      return [i, j, [0, 0, 1]] as Grid3['axes'];
    })(),
  ],
];

const SPACINGS: readonly Vec3[] = [
  [2.5, 0.9765625, 1.3],
  [0.9, 1.3, 2.5],
  [1.171875, 0.976562, 3],
  [0.5, 0.7, 1.25],
  [0.1, 2, 5],
  [1.23456789012, 0.48828125, 3.3],
];

describe('NRRD space directions → spacing', () => {
  it('reads 2.5 back from the direction whose length computes to 2.4999999999999996', () => {
    const k = AWKWARD_AXES[2].map((x) => x * 2.5) as unknown as Vec3;
    expect(Math.hypot(...k)).toBe(2.4999999999999996); // the rounding the reader has to undo
    expect(spacingFromDirectionMm(k)).toBe(2.5);
  });

  it('keeps lengths that are not a short decimal (no snapping beyond rounding error)', () => {
    expect(spacingFromDirectionMm([Math.PI, 0, 0])).toBe(Math.PI);
    expect(spacingFromDirectionMm([0, 1 / 3, 0])).toBe(1 / 3);
    const off = 2.5 * (1 + 1e-13);
    expect(spacingFromDirectionMm([0, 0, off])).toBe(off);
    expect(spacingFromDirectionMm([3, 4, 12])).toBe(13);
  });
});

describe('NRRD geometry round trip (write → read) is exact', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  for (const ext of ['.nrrd', '.nhdr'])
    for (const [name, axes] of AXES)
      it(`spacing and origin bit-exact, axes to float64 rounding: ${name} (${ext})`, () => {
        for (const [n, spacingMm] of SPACINGS.entries()) {
          const grid = createGrid({
            size: [3, 4, 5],
            spacingMm,
            originLpsMm: [-249.51171875, 13.3, 1001.7],
            axes,
          });
          const path = join(tmp.dir, `v${n}${ext}`);
          writeVolume(path, makePatternVolume(grid, 'Gy', Float32Array));
          const back = readVolume(path).grid;
          expect(back.spacingMm).toEqual(spacingMm);
          expect(back.originLpsMm).toEqual(grid.originLpsMm);
          for (let d = 0; d < 3; d++)
            for (let c = 0; c < 3; c++)
              expect(Math.abs(back.axes[d]![c]! - axes[d]![c]!)).toBeLessThanOrEqual(
                NRRD_AXIS_ROUND_TRIP_TOLERANCE,
              );
        }
      });

  it('writes the same header again after a read (write → read → write is a fixed point)', () => {
    const grid = createGrid({
      size: [3, 4, 5],
      spacingMm: [0.9, 1.3, 2.5],
      originLpsMm: [1.5, -2.25, 3],
      axes: AWKWARD_AXES,
    });
    const first = join(tmp.dir, 'first.nrrd');
    const second = join(tmp.dir, 'second.nrrd');
    writeVolume(first, makePatternVolume(grid, 'HU', Int16Array));
    writeVolume(second, readVolume(first));
    const header = (p: string): string => readFileSync(p).toString('latin1').split('\n\n')[0]!;
    expect(header(second)).toBe(header(first));
  });
});
