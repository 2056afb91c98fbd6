import { createGrid, type Grid3 } from '../../src/core/grid.js';
import type { Structure } from '../../src/core/structures.js';

/**
 * DVH benchmark case: 20 RTSTRUCT-like structures on a 256×256×80 (5.2 M voxel) dose grid at 1.5×1.5×2.5 mm,
 * contoured on 2.5 mm planes offset from the dose slices: a body (elliptic cylinder over the whole length),
 * a PTV, and 18 organs of 10–60 mm radius (spheres and elliptic cylinders, several with holes).
 */
export function dvhBenchCase(): { grid: Grid3; structures: Structure[] } {
  const grid = createGrid({
    size: [256, 256, 80],
    spacingMm: [1.5, 1.5, 2.5],
    originLpsMm: [-191.25, -191.25, -98.75],
  });
  const planes = Array.from({ length: 79 }, (_, m) => -97.5 + 2.5 * m);
  const ellipse = (cx: number, cy: number, rx: number, ry: number, z: number, n = 64): Float64Array => {
    const pts = new Float64Array(3 * n);
    for (let v = 0; v < n; v++) {
      const a = (2 * Math.PI * v) / n;
      pts.set([cx + rx * Math.cos(a), cy + ry * Math.sin(a), z], 3 * v);
    }
    return pts;
  };
  const structures: Structure[] = [
    {
      roiNumber: 1,
      name: 'BODY',
      type: 'EXTERNAL',
      contours: planes.map((z) => ({ pointsLpsMm: ellipse(0, 0, 175, 120, z, 180) })),
    },
  ];
  for (let s = 0; s < 19; s++) {
    const r = 10 + ((s * 37) % 50);
    const cx = -100 + ((s * 53) % 200);
    const cy = -70 + ((s * 29) % 140);
    const cz = -60 + ((s * 41) % 120);
    const contours = planes
      .filter((z) => Math.abs(z - cz) < r)
      .flatMap((z) => {
        const rz = s % 3 === 0 ? r : Math.sqrt(r * r - (z - cz) ** 2);
        const outer = { pointsLpsMm: ellipse(cx, cy, rz, 0.8 * rz, z) };
        return s % 4 === 1 ? [outer, { pointsLpsMm: ellipse(cx, cy, rz / 3, rz / 4, z) }] : [outer];
      });
    structures.push({
      roiNumber: s + 2,
      name: s === 0 ? 'PTV' : `OAR${s}`,
      type: s === 0 ? 'PTV' : 'ORGAN',
      contours,
    });
  }
  return { grid, structures };
}
