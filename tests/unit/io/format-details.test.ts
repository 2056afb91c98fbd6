import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { quaternionToRotation, rotationToQuaternion } from '../../../src/io/nifti-geometry.js';
import { inferQuantity, parseQuantityTag } from '../../../src/io/quantity-tag.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { rotatedAxes } from '../../helpers/make-grid.js';
import { makeTempDir } from './volume-test-helpers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('NIfTI quaternion ↔ rotation', () => {
  it('round-trips rotations through every branch (small trace and 180° turns included)', () => {
    const rotations = [
      rotatedAxes([1, 0, 0], 180),
      rotatedAxes([0, 1, 0], 180),
      rotatedAxes([0, 0, 1], 180),
      rotatedAxes([0.6, 0.8, 0], 179),
      rotatedAxes([0, 0.6, 0.8], 170),
      rotatedAxes([1 / Math.sqrt(3), -1 / Math.sqrt(3), 1 / Math.sqrt(3)], 123),
      rotatedAxes([0, 0, 1], 0),
    ];
    for (const axes of rotations) {
      // rotatedAxes gives columns; the quaternion API works on rows [row][col].
      const r = [0, 1, 2].map((row) => [
        axes[0][row]!,
        axes[1][row]!,
        axes[2][row]!,
      ]) as unknown as Parameters<typeof rotationToQuaternion>[0];
      const back = quaternionToRotation(rotationToQuaternion(r));
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(back[a]![b]!).toBeCloseTo(r[a]![b]!, 12);
    }
  });
});

describe('NIfTI without qform/sform (nifti1.h method 1)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('uses pixdim, no rotation (RAS, so LPS axes −x, −y, +z) and origin 0', () => {
    const grid = createGrid({ size: [3, 4, 5], spacingMm: [0.5, 2, 4], originLpsMm: [9, 9, 9] });
    const path = join(tmp.dir, 'm1.nii');
    writeVolume(path, createVolume(grid, 'MR', new Float32Array(60)));
    const bytes = new Uint8Array(readFileSync(path));
    new DataView(bytes.buffer).setInt16(252, 0, true); // qform_code
    new DataView(bytes.buffer).setInt16(254, 0, true); // sform_code
    writeFileSync(path, bytes);
    const g = readVolume(path).grid;
    expect(g.spacingMm).toEqual([0.5, 2, 4]);
    expect(g.originLpsMm.map((x) => x + 0)).toEqual([0, 0, 0]);
    expect(g.axes.map((a) => a.map((x) => x + 0))).toEqual([
      [-1, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ]);
  });

  it('reads the qform when sform_code is 0, and metres as mm × 1000', () => {
    const grid = createGrid({
      size: [2, 2, 2],
      spacingMm: [1.5, 2.5, 3.5],
      axes: rotatedAxes([0, 1, 0], 30),
    });
    const path = join(tmp.dir, 'q.nii');
    writeVolume(path, createVolume(grid, 'MR', new Float32Array(8)));
    const bytes = new Uint8Array(readFileSync(path));
    const v = new DataView(bytes.buffer);
    v.setInt16(254, 0, true); // drop the sform: the qform alone must give the same grid
    writeFileSync(path, bytes);
    const q = readVolume(path).grid;
    q.axes.forEach((a, d) => a.forEach((c, n) => expect(c).toBeCloseTo(grid.axes[d]![n]!, 6)));
    q.spacingMm.forEach((s, d) => expect(s).toBeCloseTo(grid.spacingMm[d]!, 6));
    bytes[123] = 1; // xyzt_units: metres
    writeFileSync(path, bytes);
    readVolume(path).grid.spacingMm.forEach((s, d) => expect(s).toBeCloseTo(grid.spacingMm[d]! * 1000, 3));
  });
});

describe('NRRD details', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());
  const header = (extra: string[]): string =>
    ['NRRD0005', 'type: float', 'dimension: 3', 'sizes: 2 3 1', ...extra].join('\n') + '\n\n';

  it('reads ascii data, and spacings without a space (axis-aligned, origin 0)', () => {
    const path = join(tmp.dir, 'a.nrrd');
    writeFileSync(path, header(['encoding: ascii', 'spacings: 0.5 0.25 2']) + '1 2 3\n4 5 6.5\n');
    const v = readVolume(path, { quantity: 'Gy' });
    expect(Array.from(v.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    expect(v.grid.spacingMm).toEqual([0.5, 0.25, 2]);
    expect(v.quantity).toBe('Gy');
  });

  it('reads a detached header with line skip and byte skip −1, LAS space', () => {
    const values = new Float32Array([1, 2, 3, 4, 5, 6]);
    writeFileSync(
      join(tmp.dir, 'd.bin'),
      concat(text('junk line\n'), new Uint8Array([9, 9, 9]), new Uint8Array(values.buffer)),
    );
    writeFileSync(
      join(tmp.dir, 'd.nhdr'),
      header([
        'space: left-anterior-superior',
        'space directions: (2,0,0) (0,3,0) (0,0,4)',
        'space origin: (10,20,30)',
        'endian: little',
        'encoding: raw',
        'line skip: 1',
        'byte skip: -1',
        'data file: d.bin',
      ]),
    );
    const v = readVolume(join(tmp.dir, 'd.nhdr'));
    expect(Array.from(v.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(v.grid.originLpsMm).toEqual([10, -20, 30]);
    expect(v.grid.axes[1]).toEqual([0, -1, 0]);
    expect(v.grid.spacingMm).toEqual([2, 3, 4]);
  });
});

describe('MetaImage details', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('reads big-endian (MSB) data from a .mhd data file with HeaderSize −1', () => {
    const be = new Uint8Array(12);
    [1, -2, 300, -400, 32767, -32768].forEach((x, n) => new DataView(be.buffer).setInt16(2 * n, x, false));
    writeFileSync(join(tmp.dir, 'v.dat'), concat(new Uint8Array(5), be));
    writeFileSync(
      join(tmp.dir, 'v.mhd'),
      [
        'ObjectType = Image',
        'NDims = 3',
        'DimSize = 3 2 1',
        'ElementType = MET_SHORT',
        'ElementByteOrderMSB = True',
        'Position = 1 2 3',
        'HeaderSize = -1',
        'ElementDataFile = v.dat',
      ].join('\r\n') + '\r\n',
    );
    const v = readVolume(join(tmp.dir, 'v.mhd'));
    expect(Array.from(v.data)).toEqual([1, -2, 300, -400, 32767, -32768]);
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(v.grid.originLpsMm).toEqual([1, 2, 3]);
  });
});

describe('quantity tag and inference', () => {
  it('finds the tag anywhere in a header string and ignores unknown names', () => {
    expect(parseQuantityTag('x equidose quantity=RED y')).toBe('RED');
    expect(parseQuantityTag('equidose quantity=Sv')).toBeUndefined();
    expect(parseQuantityTag(undefined)).toBeUndefined();
  });

  it('labels only small non-negative integer sets, HU needs air and tissue, else MR', () => {
    const labels = new Uint8Array([0, 1, 2, 117, 0]);
    expect(inferQuantity(labels, true, 0, 117)).toBe('label');
    expect(inferQuantity(new Float32Array([0, 1]), false, 0, 1)).toBe('MR');
    const manyValues = Int16Array.from({ length: 500 }, (_, n) => n);
    expect(inferQuantity(manyValues, true, 0, 499)).toBe('MR');
    expect(inferQuantity(new Int16Array([-1000, 40, 1200]), true, -1000, 1200)).toBe('HU');
    expect(inferQuantity(new Int16Array([-1000, 40]), true, -1000, 40)).toBe('MR');
    expect(inferQuantity(new Int32Array([0, 2000]), true, 0, 2000)).toBe('MR');
  });
});
