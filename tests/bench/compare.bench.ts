import { bench, describe } from 'vitest';
import { computeGamma, type GammaBackendRequest } from '../../src/compare/gamma/compute-gamma.js';
import { computeDvh } from '../../src/compare/dvh/dvh.js';
import { rasterizeStructure } from '../../src/compare/dvh/rasterize-structure.js';
import {
  benchmarkGrid,
  coplanarDoseVolume,
  makeDosePair,
  SEVEN_FIELD,
} from '../fixtures/compare/synthetic-dose.js';
import { dvhBenchCase } from './compare-bench-fixture.js';

/**
 * `npm run bench`: gamma on 200×200×150 at 2 mm (global, 10 % cutoff, interp fraction 10, maxGamma 2) for
 * 3%/2mm, 2%/2mm and 1%/1mm per backend, on a seven-field plan vs a shifted (0.5, −0.3, 0.2 mm), scaled
 * (×1.006) and rippled (±0.6 %) copy — realistic sCT-vs-CT differences, so the early exits are honest.
 * Targets (2-core CI box): 2%/2mm ≤ 2 s ('ts'); DVH of 20 structures on ≈ 5 M voxels ≤ 0.5 s.
 *
 * gpu.js 'webasm' and 'cpu' run the brute-force kernel (no pruning): on this CPU they take tens of seconds to
 * minutes at full size, so by default they run on the central 100×100×75 block of the same case; set
 * EQUIDOSE_BENCH_FULL=1 to run them at full size.
 */
const full = benchmarkGrid();
const pair = makeDosePair(full);
const crop = benchmarkGrid([100, 100, 75]);
const cropPair = makeDosePair(crop);
const slowFull = process.env.EQUIDOSE_BENCH_FULL === '1';
const CRITERIA = [
  [3, 2],
  [2, 2],
  [1, 1],
] as const;

/** Wall and CPU time (user + system, all threads) of `run`: on a shared 2-core box CPU time is the fair figure. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; cpuMs: number; wallMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  const cpu = process.cpuUsage(cpu0);
  return { value, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 };
}

describe('gamma 3D, 200×200×150 at 2 mm', () => {
  for (const backend of ['ts', 'webasm', 'cpu'] as const satisfies readonly GammaBackendRequest[]) {
    const useFull = backend === 'ts' || slowFull;
    const { reference, evaluated } = useFull ? pair : cropPair;
    const size = useFull ? '200×200×150' : '100×100×75';
    for (const [dd, dta] of CRITERIA) {
      const label = `${dd}%/${dta}mm ${backend} ${size}`;
      bench(
        label,
        async () => {
          const options = { doseDiffPercent: dd, distanceMm: dta };
          const t = await timed(() => computeGamma(reference, evaluated, options, backend));
          const r = t.value;
          // vitest bench drops afterAll output, so each run reports itself (CPU = user + system, all threads).
          console.log(
            `gamma bench ${label}: wall ${t.wallMs.toFixed(0)} ms (search ${r.timings.searchMs.toFixed(0)} + stats ` +
              `${r.timings.statisticsMs.toFixed(0)}), CPU ${t.cpuMs.toFixed(0)} ms; pass ${r.passRatePercent.toFixed(2)} % ` +
              `of ${r.evaluatedVoxelCount} voxels, mean γ ${r.meanGamma.toFixed(3)}, γ95 ${r.gamma95thPercentile.toFixed(3)}`,
          );
        },
        {
          iterations: backend === 'ts' ? 3 : 1,
          warmupIterations: backend === 'ts' ? 1 : 0,
          time: 0,
          warmupTime: 0,
        },
      );
    }
  }
});

describe('DVH, 20 structures on 256×256×80 (5.2 M voxels)', () => {
  const { grid, structures } = dvhBenchCase();
  const dose = coplanarDoseVolume(grid, SEVEN_FIELD);
  bench(
    'rasterise contours + cumulative DVH + D98/D50/D2',
    async () => {
      const t = await timed(() => {
        for (const s of structures) computeDvh(dose, rasterizeStructure(s, grid));
        return Promise.resolve();
      });
      console.log(
        `dvh bench 20 ROIs / 5.2 M voxels: wall ${t.wallMs.toFixed(0)} ms, CPU ${t.cpuMs.toFixed(0)} ms`,
      );
    },
    { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 },
  );
});
