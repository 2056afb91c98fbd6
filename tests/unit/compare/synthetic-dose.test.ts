import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import {
  coplanarDoseVolume,
  doseVolume,
  erfBeamsDose,
  SEVEN_FIELD,
} from '../../fixtures/compare/synthetic-dose.js';

describe('benchmark dose fixture', () => {
  it('the separable coplanar builder equals the point-wise definition', () => {
    const grid = createGrid({ size: [23, 19, 11], spacingMm: [7, 8, 9], originLpsMm: [-77, -72, -45] });
    const shift: Vec3 = [0.5, -0.3, 0.2];
    const fast = coplanarDoseVolume(grid, SEVEN_FIELD, { shiftMm: shift, scale: 1.006, rippleRel: 0.006 });
    const slow = doseVolume(grid, (p) => {
      const r = 1 + 0.006 * Math.sin(p[0] / 23) * Math.cos(p[1] / 31) * Math.sin(p[2] / 17 + 0.3);
      return (
        1.006 * r * erfBeamsDose([p[0] - shift[0], p[1] - shift[1], p[2] - shift[2]], [0, 0, 0], SEVEN_FIELD)
      );
    });
    for (let n = 0; n < fast.data.length; n++) expect(fast.data[n]).toBeCloseTo(slow.data[n]!, 6);
  });
});
