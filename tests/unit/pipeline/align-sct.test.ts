import { describe, expect, it } from 'vitest';
import { GeometryError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { alignSctToCt, checkFrame, SCT_FILL_HU } from '../../../src/pipeline/align-sct.js';

const ctGrid = createGrid({
  size: [4, 3, 2],
  spacingMm: [2, 2, 3],
  originLpsMm: [0, 0, 0],
  frameOfReferenceUid: '1.2.3',
});

describe('alignSctToCt', () => {
  it('keeps an sCT already on the CT grid as is (no resampling)', () => {
    const sct = createVolume(ctGrid, 'HU', new Float32Array(24).fill(40));
    const a = alignSctToCt(sct, ctGrid, false);
    expect(a.resampled).toBe(false);
    expect(a.sct.data).toBe(sct.data);
    expect(a.warnings).toEqual([]);
  });

  it('refuses another frame of reference unless the user asserts registration', () => {
    const other = createGrid({ ...ctGrid, frameOfReferenceUid: '9.9.9' });
    const sct = createVolume(other, 'HU', new Float32Array(24));
    expect(() => alignSctToCt(sct, ctGrid, false)).toThrow(GeometryError);
    expect(() => alignSctToCt(sct, ctGrid, false)).toThrow(
      /another frame of reference .*--assume-registered/,
    );
    const a = alignSctToCt(sct, ctGrid, true);
    expect(a.sct.grid).toBe(ctGrid);
    expect(a.warnings.join()).toMatch(/taken as the CT's 1\.2\.3/);
    expect(() => checkFrame('plan', '9.9.9', ctGrid, false)).toThrow(/plan is in another frame/);
    expect(checkFrame('plan', '', ctGrid, false)).toEqual([]);
  });

  it('resamples an sCT on another grid onto the CT grid (trilinear, air outside)', () => {
    // sCT shifted by +1 mm along i with a linear HU ramp along i: trilinear reproduces a linear field exactly.
    const sctGrid = createGrid({
      size: [4, 3, 2],
      spacingMm: [2, 2, 3],
      originLpsMm: [1, 0, 0],
      frameOfReferenceUid: '1.2.3',
    });
    const data = new Float32Array(24);
    for (let n = 0; n < 24; n++) data[n] = 10 * (1 + 2 * (n % 4)); // HU = 10 × x(mm)
    const a = alignSctToCt(createVolume(sctGrid, 'HU', data), ctGrid, false);
    expect(a.resampled).toBe(true);
    expect(a.warnings.join()).toMatch(/resampled \(trilinear\) onto the CT grid: origin/);
    expect(a.sct.grid).toBe(ctGrid);
    // CT voxel i sits at x = 2i: i = 0 lies outside the sCT (x < 1) → fill; others interpolate 10 × x.
    expect(Array.from(a.sct.data.slice(0, 4))).toEqual([SCT_FILL_HU, 20, 40, 60]);
    // One CT column (i = 0, 6 voxels) is outside the sCT: the user is told.
    expect(a.warnings.join()).toMatch(/6 CT voxel\(s\) \(25.0 %\) lie outside the sCT/);
  });

  it('air inside the sCT (−1000 HU) is not mistaken for voxels outside it', () => {
    // A larger, finer sCT of pure air that covers the CT grid: resampled, nothing outside.
    const big = createGrid({
      size: [9, 7, 5],
      spacingMm: [1, 1, 1.5],
      originLpsMm: [0, 0, 0],
      frameOfReferenceUid: '1.2.3',
    });
    const a = alignSctToCt(createVolume(big, 'HU', new Float32Array(315).fill(-1000)), ctGrid, false);
    expect(a.resampled).toBe(true);
    expect(a.warnings.join()).not.toMatch(/outside the sCT/);
    expect(a.sct.data.every((v) => v === -1000)).toBe(true);
  });

  it('refuses a non-finite sCT before resampling', () => {
    const shifted = createGrid({ ...ctGrid, originLpsMm: [1, 0, 0] });
    const data = new Float32Array(24);
    data[5] = NaN;
    expect(() => alignSctToCt(createVolume(shifted, 'HU', data), ctGrid, false)).toThrow(
      /sCT has a non-finite value NaN at index 5/,
    );
  });
});
