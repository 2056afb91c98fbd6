import { describe, expect, it } from 'vitest';
import { compareDoses } from '../../../src/compare/compare-doses.js';
import {
  doseDifferenceMap,
  doseDifferenceStatistics,
  roiDoseDifference,
} from '../../../src/compare/dose-difference.js';
import { rasterizeStructure } from '../../../src/compare/dvh/rasterize-structure.js';
import { GeometryError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { doseVolume, erfBeamsDose, FOUR_FIELD_BOX } from '../../fixtures/compare/synthetic-dose.js';
import { contourShape, sphere } from '../../validation/dvh/analytic-shapes.js';

describe('dose difference', () => {
  const grid = createGrid({ size: [4, 1, 1], spacingMm: [10, 10, 10] });
  const ref = createVolume(grid, 'Gy', Float32Array.from([60, 58, 30, 2]));
  const ev = createVolume(grid, 'Gy', Float32Array.from([61.2, 57, 30.6, 2.4]));

  it('SynthRAD dose MAE over ≥ 90 % Rx, mean over ≥ 10 % of the max, max |Δ|, in Gy and % of Rx', () => {
    const s = doseDifferenceStatistics(ref, ev, { prescriptionGy: 60 });
    expect(s.highDoseVoxelCount).toBe(2); // 60 and 58 ≥ 54 Gy
    expect(s.doseMaeGy).toBeCloseTo((1.2 + 1) / 2, 5);
    expect(s.doseMaePercent).toBeCloseTo((100 * 1.1) / 60, 5);
    expect(s.aboveCutoffVoxelCount).toBe(3); // 2 Gy < 6 Gy cutoff
    expect(s.meanDifferenceGy).toBeCloseTo((1.2 - 1 + 0.6) / 3, 5);
    expect(s.maxAbsDifferenceGy).toBeCloseTo(1.2, 5);
    expect(s.maxAbsDifferencePercent).toBeCloseTo(2, 4);
  });

  it('per ROI: occupancy-weighted mean and signed extreme', () => {
    const map = doseDifferenceMap(ref, ev);
    const roi = {
      name: 'r',
      grid,
      indices: Uint32Array.from([1, 2]),
      fractions: Float32Array.from([1, 0.5]),
      warnings: [],
    };
    const d = roiDoseDifference(map, roi, 60);
    expect(d.meanDifferenceGy).toBeCloseTo((-1 + 0.5 * 0.6) / 1.5, 5);
    expect(d.maxDifferenceGy).toBeCloseTo(-1, 5);
    expect(d.volumeCc).toBeCloseTo(1.5, 9);
  });

  it('refuses doses on different grids', () => {
    const other = createGrid({ size: [4, 1, 1], spacingMm: [10, 10, 11] });
    expect(() => doseDifferenceMap(ref, createVolume(other, 'Gy', new Float32Array(4)))).toThrow(
      GeometryError,
    );
  });
});

describe('compareDoses', () => {
  const grid = createGrid({ size: [30, 28, 14], spacingMm: [3, 3, 3], originLpsMm: [-43.5, -40.5, -19.5] });
  const ref = doseVolume(grid, (p) => 30 * erfBeamsDose(p, [0, 0, 0], FOUR_FIELD_BOX));
  const ptv = rasterizeStructure(
    { ...contourShape(sphere(15), [0, 0, 0], 3, 1.5), name: 'PTV', type: 'PTV' },
    grid,
  );
  const rectum = rasterizeStructure({ ...contourShape(sphere(8), [0, 30, 0], 3, 1.5), name: 'Rectum' }, grid);
  const rois = [
    { occupancy: ptv, type: 'PTV' },
    { occupancy: rectum, type: 'ORGAN' },
  ];

  it('identical doses: 100 % pass, zero differences, equal metrics; plain JSON without NaN', async () => {
    const { report } = await compareDoses(ref, ref, rois, { prescriptionGy: 60, gammaBackend: 'ts' });
    expect(report.gamma.map((g) => g.passRatePercent)).toEqual([100, 100]);
    expect(report.doseDifference.maxAbsDifferenceGy).toBe(0);
    for (const roi of report.dvh) for (const m of roi.metrics) expect(m.difference).toBe(0);
    expect(report.dvh[0]?.target?.homogeneityIndex.reference).toBe(
      report.dvh[0]?.target?.homogeneityIndex.evaluated,
    );
    expect(report.dvh[1]?.target).toBeUndefined();
    const text = JSON.stringify(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text).not.toMatch(/NaN|Infinity/);
  });

  it('a 2 % scaled evaluated dose shifts every dose metric by 2 % of its value', async () => {
    const ev = createVolume(
      grid,
      'Gy',
      Float32Array.from(ref.data, (v) => 1.02 * v),
    );
    const { report } = await compareDoses(ref, ev, rois, {
      prescriptionGy: 60,
      gammaBackend: 'ts',
      gamma: [{ doseDiffPercent: 1, distanceMm: 1 }],
    });
    for (const roi of report.dvh)
      for (const m of roi.metrics.filter((x) => x.unit === 'Gy'))
        expect(m.difference!).toBeCloseTo(0.02 * m.reference!, 3);
    expect(report.dvh[0]?.meanDifferencePercent).toBeCloseTo(
      (100 * 0.02 * report.dvh[0]!.metrics.find((m) => m.label === 'Dmean')!.reference!) / 60,
      3,
    );
    expect(report.gamma[0]!.passRatePercent!).toBeLessThan(100);
  });
});
