import { createGrid } from '../../src/core/grid.js';
import { createVolume, type Volume } from '../../src/core/volume.js';
import type { Beam, Plan } from '../../src/dose/plan.js';

/**
 * Benchmark case: an elliptic water body (50 × 40 cm, 40 cm long) with lung-like lobes and a bone-like
 * column, CT at 4 mm, and a 7-field plan (gantry 0, 51, …, 309°) with 10 × 12 cm jaws and a 40-pair 5 mm MLC
 * shaping an irregular aperture. The default 2.5 mm dose grid over the body is 201 × 161 × 161 ≈ 5.2 M voxels.
 */
export function makeBenchCase(): { red: Volume<'RED', Float32Array>; plan: Plan } {
  const spacing = 4;
  const size: [number, number, number] = [128, 104, 102];
  const grid = createGrid({
    size,
    spacingMm: [spacing, spacing, spacing],
    originLpsMm: [
      -((size[0] - 1) * spacing) / 2,
      -((size[1] - 1) * spacing) / 2,
      -((size[2] - 1) * spacing) / 2,
    ],
  });
  const data = new Float32Array(size[0] * size[1] * size[2]);
  for (let k = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++) {
        const x = grid.originLpsMm[0] + i * spacing;
        const y = grid.originLpsMm[1] + j * spacing;
        const z = grid.originLpsMm[2] + k * spacing;
        const inBody = (x / 250) ** 2 + (y / 200) ** 2 <= 1 && Math.abs(z) <= 200;
        const lung = ((Math.abs(x) - 100) / 70) ** 2 + (y / 110) ** 2 <= 1;
        const bone = Math.hypot(x, y - 140) < 25;
        data[i + size[0] * (j + size[1] * k)] = !inBody ? 0.001 : bone ? 1.6 : lung ? 0.25 : 1;
      }
  const boundaries = Array.from({ length: 41 }, (_, n) => -100 + 5 * n);
  const beams: Beam[] = Array.from({ length: 7 }, (_, b) => ({
    name: `G${Math.round((360 / 7) * b)}`,
    gantryDeg: (360 / 7) * b,
    collimatorDeg: 0,
    couchDeg: 0,
    isocenterMm: [0, 0, 0],
    jawsMm: { x1: -50, x2: 50, y1: -60, y2: 60 },
    mlc: {
      leafBoundariesMm: boundaries,
      leafPairsMm: boundaries
        .slice(0, -1)
        .map((y) => [-40 + 10 * Math.sin(y / 20 + b), 35 - 8 * Math.cos(y / 15)] as const),
    },
    mu: 100,
  }));
  return {
    red: createVolume(grid, 'RED', data),
    plan: { machine: 'generic-6MV', patientPosition: 'HFS', beams },
  };
}
