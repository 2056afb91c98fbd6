import { describe, expect, it } from 'vitest';
import { paddickConformity } from '../../../src/compare/dvh/conformity.js';
import {
  computeDvh,
  cumulativeCurvePercent,
  doseAtVolumeCc,
  volumeAtDoseCc,
} from '../../../src/compare/dvh/dvh.js';
import { evaluateDvhMetric, homogeneityIndex } from '../../../src/compare/dvh/dvh-metrics.js';
import { labelOccupancy } from '../../../src/compare/dvh/label-occupancy.js';
import type { StructureOccupancy } from '../../../src/compare/dvh/occupancy.js';
import { occupancyVolumeCc } from '../../../src/compare/dvh/occupancy.js';
import { addPolygonCoverage } from '../../../src/compare/dvh/polygon-coverage.js';
import { GeometryError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';

const grid = createGrid({ size: [10, 10, 10], spacingMm: [2, 2, 2] });
const all = (name = 'all'): StructureOccupancy => ({
  name,
  grid,
  indices: Uint32Array.from({ length: 1000 }, (_, n) => n),
  fractions: new Float32Array(1000).fill(1),
  warnings: [],
});

describe('polygon coverage (even-odd)', () => {
  const rect = (x0: number, y0: number, x1: number, y1: number, ccw = true): Float64Array =>
    Float64Array.from(ccw ? [x0, y0, x1, y0, x1, y1, x0, y1] : [x0, y0, x0, y1, x1, y1, x1, y0]);
  const window = { i0: 0, i1: 9, j0: 0, j1: 9 };
  const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);

  it('covers a rectangle exactly (edges on sub-row boundaries in y, anywhere in x)', () => {
    const out = new Float32Array(100);
    addPolygonCoverage([rect(1.13, 0.5, 6.71, 4.5)], window, 8, 1, out);
    expect(sum(out)).toBeCloseTo(5.58 * 4, 5);
    expect(out[1 + 10 * 2]).toBeCloseTo(0.37, 5); // voxel i=1 covers [0.5, 1.5]: 1.5 − 1.13
    expect(out[6 + 10 * 2]).toBeCloseTo(1, 5);
    expect(out[7 + 10 * 2]).toBeCloseTo(0.21, 5);
  });

  it('an inner polygon is a hole whatever the orientation; disjoint polygons add', () => {
    for (const ccw of [true, false]) {
      const out = new Float32Array(100);
      addPolygonCoverage(
        [rect(0.5, 0.5, 6.5, 6.5), rect(2.5, 2.5, 4.5, 4.5, ccw), rect(7.5, 7.5, 9.5, 9.5)],
        window,
        4,
        1,
        out,
      );
      expect(sum(out)).toBeCloseTo(36 - 4 + 4, 5);
      expect(out[3 + 10 * 3]).toBe(0);
      expect(out[8 + 10 * 8]).toBeCloseTo(1, 6);
    }
  });
});

describe('computeDvh and metrics', () => {
  const ramp = createVolume(
    grid,
    'Gy',
    Float32Array.from({ length: 1000 }, (_, n) => n / 10),
  ); // 0 … 99.9 Gy
  it('has exact volume, min, max, mean and D100 = Dmin, D0 = Dmax', () => {
    const dvh = computeDvh(ramp, all());
    expect(dvh.volumeCc).toBeCloseTo(8, 12);
    expect([dvh.minGy, dvh.maxGy]).toEqual([0, Math.fround(99.9)]);
    expect(dvh.meanGy).toBeCloseTo(49.95, 4);
    expect(evaluateDvhMetric(dvh, { kind: 'D', volumePercent: 100 })).toEqual({ kind: 'dose', gy: 0 });
    expect(evaluateDvhMetric(dvh, { kind: 'D', volumePercent: 0 })).toEqual({ kind: 'dose', gy: dvh.maxGy });
  });

  it('interpolates inside bins: D_x barely depends on the bin count', () => {
    for (const p of [2, 50, 98]) {
      const fine = evaluateDvhMetric(computeDvh(ramp, all(), 5000), { kind: 'D', volumePercent: p });
      const coarse = evaluateDvhMetric(computeDvh(ramp, all(), 7), { kind: 'D', volumePercent: p });
      if (fine.kind !== 'dose' || coarse.kind !== 'dose') throw new Error('dose metrics expected');
      // 1000 equal-volume voxels spread uniformly over 0..99.9 Gy: D_p ≈ (1 − p/100)·99.9 within one voxel step.
      expect(Math.abs(fine.gy - (1 - p / 100) * 99.9)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(coarse.gy - fine.gy)).toBeLessThanOrEqual(0.15);
    }
  });

  it('does not report D98 as 0 when one voxel is cold and the lowest bin is wide (dicompyler-core failure mode)', () => {
    const data = new Float32Array(1000).fill(60);
    data[0] = 0;
    const dvh = computeDvh(createVolume(grid, 'Gy', data), all(), 10);
    const d98 = evaluateDvhMetric(dvh, { kind: 'D', volumePercent: 98 });
    expect(d98).toEqual({ kind: 'dose', gy: 60 });
  });

  it('V_x in cc and %, and V/D are inverse', () => {
    const dvh = computeDvh(ramp, all());
    const v = evaluateDvhMetric(dvh, { kind: 'V', doseGy: 25 });
    expect(v.kind).toBe('volume');
    if (v.kind === 'volume') {
      expect(v.percent).toBeCloseTo(75, 0);
      expect(v.cc).toBeCloseTo(6, 1);
    }
    // D_v is the minimum dose of the hottest v cm³: at least v cm³ receive it, and it falls as v grows.
    let previous = Infinity;
    for (const cc of [0.03, 1, 4, 7.9]) {
      const d = doseAtVolumeCc(dvh, cc);
      expect(volumeAtDoseCc(dvh, d)).toBeGreaterThanOrEqual(cc - 1e-9);
      expect(d).toBeLessThanOrEqual(previous);
      previous = d;
    }
    expect(cumulativeCurvePercent(dvh, [-1, 0, 200])).toEqual([100, 100, 0]);
  });

  it('homogeneity index (D2 − D98)/D50', () => {
    const dvh = computeDvh(ramp, all());
    expect(homogeneityIndex(dvh)).toBeCloseTo((0.98 * 99.9 - 0.02 * 99.9) / (0.5 * 99.9), 2);
  });

  it('refuses an occupancy from another grid', () => {
    const other = createGrid({ size: [10, 10, 10], spacingMm: [2, 2, 2.5] });
    expect(() => computeDvh(createVolume(other, 'Gy', new Float32Array(1000)), all())).toThrow(GeometryError);
  });
});

describe('Paddick conformity', () => {
  it('is TV_PIV² / (TV · PIV)', () => {
    const dose = new Float32Array(1000);
    for (let n = 0; n < 200; n++) dose[n] = 70; // isodose: first 200 voxels
    const target: StructureOccupancy = {
      ...all('PTV'),
      indices: Uint32Array.from({ length: 100 }, (_, n) => n + 150),
      fractions: new Float32Array(100).fill(1),
    };
    const ci = paddickConformity(createVolume(grid, 'Gy', dose), target, 60);
    expect(ci.index).toBeCloseTo((50 * 50) / (100 * 200), 12);
    expect(ci.targetCc).toBeCloseTo(0.8, 12);
  });
});

describe('labelOccupancy', () => {
  it('same grid: the label voxels; finer label grid: supersampled fractions with the same volume', () => {
    const labels = new Uint8Array(1000);
    for (let k = 2; k < 6; k++)
      for (let j = 3; j < 7; j++) for (let i = 1; i < 4; i++) labels[i + 10 * (j + 10 * k)] = 3;
    const same = labelOccupancy(createVolume(grid, 'label', labels), 3, grid, 'x');
    expect(same.indices.length).toBe(48);
    const fine = createGrid({ size: [20, 20, 20], spacingMm: [1, 1, 1], originLpsMm: [-0.5, -0.5, -0.5] });
    const fineLabels = new Uint8Array(8000);
    for (let k = 0; k < 20; k++)
      for (let j = 0; j < 20; j++)
        for (let i = 0; i < 20; i++)
          if (labels[(i >> 1) + 10 * ((j >> 1) + 10 * (k >> 1))] === 3) fineLabels[i + 20 * (j + 20 * k)] = 3;
    const resampled = labelOccupancy(createVolume(fine, 'label', fineLabels), 3, grid, 'x', 4);
    expect(occupancyVolumeCc(resampled)).toBeCloseTo(occupancyVolumeCc(same), 6);
  });
});
