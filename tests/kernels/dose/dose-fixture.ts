import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import { createVolume, type Volume } from '../../../src/core/volume.js';
import { type BeamSetup, prepareBeam } from '../../../src/dose/beam-setup.js';
import { loadMachine, type Machine } from '../../../src/dose/machine.js';
import type { Beam } from '../../../src/dose/plan.js';
import { makeAwkwardGrid, rotatedAxes } from '../../helpers/make-grid.js';

/**
 * Kernel-parity fixture: a heterogeneous RED volume (0.2–1.8, a deterministic pattern with sharp steps) on the
 * awkward oblique 17×19×23 grid (Δ = 0.9/1.3/2.5 mm), a dose grid with other axes and spacings (11×13×9,
 * Δ = 2.1/1.7/3.3 mm) and an oblique MLC beam (gantry 33°, collimator 17°, couch 10°).
 */
export interface DoseFixture {
  readonly red: Volume<'RED', Float32Array>;
  readonly doseGrid: Grid3;
  readonly machine: Machine;
  readonly setup: BeamSetup;
}

export function makeDoseFixture(fanSpacingMm = 2.2): DoseFixture {
  const ctGrid = makeAwkwardGrid();
  const [nx, ny, nz] = ctGrid.size;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        data[i + nx * (j + ny * k)] = 0.2 + (((i * 5 + j * 3 + k * 7) % 9) / 8) * 1.6;
  const red = createVolume(ctGrid, 'RED', data);
  const centre = indexToLps(ctGrid, [8, 9, 11]);
  const doseGrid = createGrid({
    size: [11, 13, 9],
    spacingMm: [2.1, 1.7, 3.3],
    originLpsMm: indexToLps(ctGrid, [3, 4, 5]),
    axes: rotatedAxes([0, 0.6, 0.8], 40),
  });
  const beam: Beam = {
    name: 'oblique-mlc',
    gantryDeg: 33,
    collimatorDeg: 17,
    couchDeg: 10,
    isocenterMm: centre,
    jawsMm: { x1: -12, x2: 9, y1: -10, y2: 11 },
    mlc: {
      leafBoundariesMm: [-15, -10, -5, 0, 5, 10, 15],
      leafPairsMm: [
        [-3, 3],
        [-8, 6],
        [-12, -2],
        [0, 0],
        [-4, 12],
        [-6, 6],
      ],
    },
    mu: 150,
  };
  const machine = loadMachine('generic-6MV');
  return { red, doseGrid, machine, setup: prepareBeam(beam, 'HFS', machine, ctGrid, doseGrid, fanSpacingMm) };
}

/** max |a − b| and max |b|. */
export function worstDiff(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { diff: number; maxRef: number; at: number } {
  let diff = 0;
  let maxRef = 0;
  let at = -1;
  for (let n = 0; n < b.length; n++) {
    const d = Math.abs((a[n] as number) - (b[n] as number));
    if (d > diff) [diff, at] = [d, n];
    maxRef = Math.max(maxRef, Math.abs(b[n] as number));
  }
  return { diff, maxRef, at };
}
