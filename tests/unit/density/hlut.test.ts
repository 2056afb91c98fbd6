import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, NumericalError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { createHlut, lookupRedRel, withOutOfRangePolicy } from '../../../src/density/hlut.js';
import { loadBuiltInHlut, parseHlutText, readHlutFile, resolveHlut } from '../../../src/density/hlut-file.js';
import { huToRedReference } from '../../../src/density/hu-to-red-reference.js';
import { HLUT_EXACT_TOLERANCE } from '../../helpers/tolerances.js';

/** matRad's default table as listed in PHYSICS.md (independent of the JSON file). */
const MATRAD_KNOTS: [number, number][] = [
  [-1024, 0.001],
  [-999, 0.001],
  [-90, 0.95],
  [-45, 0.99],
  [0, 1.0],
  [100, 1.095],
  [350, 1.199],
  [3000, 2.505],
];

describe('built-in HU→RED tables', () => {
  it('matrad-default reproduces every knot of PHYSICS.md exactly and carries provenance', () => {
    const hlut = loadBuiltInHlut('matrad-default');
    for (const [hu, red] of MATRAD_KNOTS)
      expect(Math.abs(lookupRedRel(hlut, hu) - red)).toBeLessThan(HLUT_EXACT_TOLERANCE);
    expect(hlut.provenance.citation).toMatch(/Wieser/);
    expect(hlut.provenance.version).toBe('1.0.0');
    expect(hlut.outOfRangePolicy).toBe('clamp');
  });
  it('interpolates linearly between knots (hand-computed values)', () => {
    const hlut = loadBuiltInHlut();
    expect(lookupRedRel(hlut, 50)).toBeCloseTo(1.0475, 12);
    expect(lookupRedRel(hlut, 1675)).toBeCloseTo(1.199 + 0.5 * (2.505 - 1.199), 12);
    expect(lookupRedRel(hlut, -544.5)).toBeCloseTo(0.001 + 0.5 * (0.95 - 0.001), 12);
  });
  it('refuses unknown ids, listing the known ones', () => {
    expect(() => loadBuiltInHlut('nope')).toThrow(/matrad-default/);
  });
});

describe('table validation', () => {
  const prov = { id: 't', version: '1', name: 't', scanner: 's', source: 'test' };
  it('refuses non-increasing HU and non-positive RED, naming the knot', () => {
    expect(() =>
      createHlut(prov, [
        { hu: 0, redRel: 1 },
        { hu: 0, redRel: 1.1 },
      ]),
    ).toThrow(/strictly increasing.*knot 1/);
    expect(() =>
      createHlut(prov, [
        { hu: 0, redRel: 1 },
        { hu: -5, redRel: 1.1 },
      ]),
    ).toThrow(InputError);
    expect(() =>
      createHlut(prov, [
        { hu: 0, redRel: 0 },
        { hu: 5, redRel: 1.1 },
      ]),
    ).toThrow(/positive.*knot 0/);
    expect(() => createHlut(prov, [{ hu: 0, redRel: 1 }])).toThrow(/at least 2/);
  });
  it("clamps out-of-range HU with a counted warning ('clamp') or throws ('error')", () => {
    const hlut = loadBuiltInHlut();
    const grid = createGrid({ size: [4, 1, 1], spacingMm: [1, 1, 1] });
    const hu = createVolume(grid, 'HU', Float32Array.of(-2000, 0, 3000, 4000));
    const r = huToRedReference(hu, hlut);
    expect(Array.from(r.red.data)).toEqual([0.001, 1, 2.505, 2.505].map((v) => Math.fround(v)));
    expect([r.belowRangeCount, r.aboveRangeCount]).toEqual([1, 1]);
    expect(r.warnings[0]).toMatch(/1 voxel\(s\) below -1024 HU and 1 above 3000 HU/);
    expect(() => huToRedReference(hu, withOutOfRangePolicy(hlut, 'error'))).toThrow(NumericalError);
    const inRange = createVolume(grid, 'HU', Float32Array.of(-1000, 0, 10, 2999));
    expect(huToRedReference(inRange, withOutOfRangePolicy(hlut, 'error')).warnings).toEqual([]);
  });
});

describe('table files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'equidose-hlut-'));
  it('reads CSV with a header and matRad .hlut text with comments and extra columns', () => {
    const csv = join(dir, 'scanner.csv');
    writeFileSync(csv, 'HU,RED\n-1000,0.001\n0,1\n1000,1.5\n');
    const a = readHlutFile(csv);
    expect(lookupRedRel(a, 500)).toBeCloseTo(1.25, 12);
    expect(a.provenance.source).toBe(csv);
    const hlutPath = join(dir, 'ct.hlut');
    writeFileSync(hlutPath, '# matRad HLUT\n# HU  RED  extra\n-1024 0.001 0\n  0   1.0  1\n\n2000 2.0 3\n');
    expect(lookupRedRel(resolveHlut(hlutPath), 1000)).toBeCloseTo(1.5, 12);
    expect(resolveHlut(undefined).provenance.id).toBe('matrad-default');
  });
  it('errors name the file and the line', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '-1000,0.001\n0,abc\n');
    expect(() => readHlutFile(bad)).toThrow(/line 2/);
    try {
      readHlutFile(bad);
    } catch (error) {
      expect((error as InputError).file).toBe(bad);
    }
    expect(() => readHlutFile(join(dir, 'missing.csv'))).toThrow(InputError);
    expect(() => parseHlutText('0,1\n-10,1\n', 'x', 'x')).toThrow(/strictly increasing/);
  });
});
