import { createGrid, type Grid3 } from '../../src/core/grid.js';
import type { Vec3 } from '../../src/core/vec3.js';

/** Rotation of the identity axes about LPS unit vector `axis` by `angleDeg` (Rodrigues). */
export function rotatedAxes(axis: Vec3, angleDeg: number): Grid3['axes'] {
  const t = (angleDeg * Math.PI) / 180;
  const [x, y, z] = axis;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const C = 1 - c;
  const col = (v: Vec3): Vec3 => [
    (c + x * x * C) * v[0] + (x * y * C - z * s) * v[1] + (x * z * C + y * s) * v[2],
    (y * x * C + z * s) * v[0] + (c + y * y * C) * v[1] + (y * z * C - x * s) * v[2],
    (z * x * C - y * s) * v[0] + (z * y * C + x * s) * v[1] + (c + z * z * C) * v[2],
  ];
  return [col([1, 0, 0]), col([0, 1, 0]), col([0, 0, 1])];
}

/** An awkward grid by default: non-cubic 17×19×23, Δx ≠ Δy ≠ Δz, oblique, non-zero origin. */
export function makeAwkwardGrid(overrides: Partial<Parameters<typeof createGrid>[0]> = {}): Grid3 {
  const n: Vec3 = [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)];
  return createGrid({
    size: [17, 19, 23],
    spacingMm: [0.9, 1.3, 2.5],
    originLpsMm: [-12.5, 30.25, -101],
    axes: rotatedAxes(n, 17),
    frameOfReferenceUid: '1.2.3.4',
    ...overrides,
  });
}
