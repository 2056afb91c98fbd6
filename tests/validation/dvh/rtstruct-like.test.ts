import { describe, expect, it } from 'vitest';
import { occupancyVolumeCc } from '../../../src/compare/dvh/occupancy.js';
import { rasterizeStructure } from '../../../src/compare/dvh/rasterize-structure.js';
import { GeometryError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import type { PlanarContour, Structure } from '../../../src/core/structures.js';
import { rotatedAxes } from '../../helpers/make-grid.js';
import { DVH_FINE_TOLERANCE_REL } from '../../helpers/tolerances.js';

/** An area-preserving regular polygon (radius scaled so its area is π r²), clockwise when `clockwise`. */
function circle(cx: number, cy: number, z: number, r: number, clockwise = false, n = 90): PlanarContour {
  const scale = Math.sqrt((2 * Math.PI) / (n * Math.sin((2 * Math.PI) / n)));
  const pts = new Float64Array(3 * n);
  for (let v = 0; v < n; v++) {
    const a = ((clockwise ? -1 : 1) * 2 * Math.PI * v) / n;
    pts.set([cx + r * scale * Math.cos(a), cy + r * scale * Math.sin(a), z], 3 * v);
  }
  return { pointsLpsMm: pts };
}

/** RTSTRUCT-like: on each plane an outer ring contour, a hole inside it (stored as its own contour) and an island. */
function ringWithIsland(planesZ: number[]): Structure {
  const contours = planesZ.flatMap((z) => [
    circle(0, 0, z, 15),
    circle(2, -1, z, 6, true),
    circle(27, 3, z, 4),
  ]);
  return { roiNumber: 7, name: 'ring+island', type: 'ORGAN', contours };
}

const planes = Array.from({ length: 11 }, (_, m) => -10 + 2 * m); // 2 mm planes, -10 … 10 mm
const areaMm2 = Math.PI * (15 ** 2 - 6 ** 2) + Math.PI * 4 ** 2;
/** 11 planes × 2 mm slabs (end caps of half a spacing at each end). */
const expectedCc = (areaMm2 * 22) / 1000;

describe('RTSTRUCT-like contours: holes, several polygons per plane, gaps, oblique grids', () => {
  const axial = createGrid({ size: [60, 40, 30], spacingMm: [1, 1, 1], originLpsMm: [-20.3, -20.6, -14.8] });

  it('a hole and an island on every plane give the analytic volume', () => {
    const occ = rasterizeStructure(ringWithIsland(planes), axial);
    expect(Math.abs(occupancyVolumeCc(occ) / expectedCc - 1)).toBeLessThanOrEqual(DVH_FINE_TOLERANCE_REL);
    expect(occ.warnings).toEqual([]);
  });

  it('works on a grid rotated in-plane (oblique about k): rasterised in the grid’s own frame', () => {
    const rotated = createGrid({
      size: [70, 70, 30],
      spacingMm: [1, 1, 1],
      originLpsMm: [-5, -40, -14.8],
      axes: rotatedAxes([0, 0, 1], 30),
    });
    const occ = rasterizeStructure(ringWithIsland(planes), rotated);
    expect(Math.abs(occupancyVolumeCc(occ) / expectedCc - 1)).toBeLessThanOrEqual(DVH_FINE_TOLERANCE_REL);
  });

  it('a gap between planes (a structure in two pieces) stays empty', () => {
    const split = planes.filter((z) => z < -3 || z > 3); // -10..-4 and 4..10: 4 + 4 planes
    const occ = rasterizeStructure(ringWithIsland(split), axial);
    expect(Math.abs(occupancyVolumeCc(occ) / ((areaMm2 * 16) / 1000) - 1)).toBeLessThanOrEqual(
      DVH_FINE_TOLERANCE_REL,
    );
  });

  it('refuses contours that are not parallel to the grid’s k planes, naming the structure', () => {
    const tilted = createGrid({
      size: [60, 40, 30],
      spacingMm: [1, 1, 1],
      originLpsMm: [-20, -20, -15],
      axes: rotatedAxes([1, 0, 0], 10),
    });
    expect(() => rasterizeStructure(ringWithIsland(planes), tilted)).toThrow(GeometryError);
    expect(() => rasterizeStructure(ringWithIsland(planes), tilted)).toThrow(/ring\+island.*not parallel/);
  });

  it('warns (and does not count) what lies outside the dose grid', () => {
    const small = createGrid({
      size: [30, 40, 30],
      spacingMm: [1, 1, 1],
      originLpsMm: [-20.3, -20.6, -14.8],
    });
    const occ = rasterizeStructure(ringWithIsland(planes), small);
    expect(occ.warnings.join(' ')).toMatch(/beyond the dose grid/);
    expect(occupancyVolumeCc(occ)).toBeLessThan(expectedCc);
  });
});
