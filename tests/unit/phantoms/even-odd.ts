import type { Grid3 } from '../../../src/core/grid.js';
import type { PlanarContour } from '../../../src/core/structures.js';
import { lpsToIndex } from '../../../src/core/transforms.js';

/**
 * Independent even-odd rasteriser for the tests: a voxel centre is inside when a ray along +i from it crosses the
 * plane's polygon edges an odd number of times (crossing-number test with the half-open rule on j).
 * Polygons are taken back to continuous voxel coordinates with lpsToIndex; each contour must lie in one k-plane.
 */
export function rasterizeEvenOdd(contours: readonly PlanarContour[], grid: Grid3): Uint8Array {
  const [nx, ny, nz] = grid.size;
  const out = new Uint8Array(nx * ny * nz);
  const byPlane = new Map<number, [number, number][][]>();
  for (const c of contours) {
    const pts: [number, number][] = [];
    let plane = NaN;
    for (let m = 0; m < c.pointsLpsMm.length; m += 3) {
      const ijk = lpsToIndex(grid, [c.pointsLpsMm[m]!, c.pointsLpsMm[m + 1]!, c.pointsLpsMm[m + 2]!]);
      const k = Math.round(ijk[2]);
      if (Math.abs(ijk[2] - k) > 1e-6) throw new Error(`contour vertex off its plane (k = ${ijk[2]})`);
      if (!Number.isNaN(plane) && k !== plane) throw new Error('contour spans several planes');
      plane = k;
      pts.push([ijk[0], ijk[1]]);
    }
    const list = byPlane.get(plane) ?? [];
    list.push(pts);
    byPlane.set(plane, list);
  }
  for (const [k, polys] of byPlane) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let inside = false;
        for (const poly of polys) {
          for (let a = 0, b = poly.length - 1; a < poly.length; b = a++) {
            const [xa, ya] = poly[a]!;
            const [xb, yb] = poly[b]!;
            if (ya > j !== yb > j && i < xa + ((j - ya) * (xb - xa)) / (yb - ya)) inside = !inside;
          }
        }
        if (inside) out[i + nx * (j + ny * k)] = 1;
      }
    }
  }
  return out;
}
