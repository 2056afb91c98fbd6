import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { squareBeam } from '../../validation/dose/dose-phantoms.js';

describe('equidose dose', () => {
  const dir = useTempDir('equidose-dose-cli-');
  // a 12 × 10 × 8 cm water block (0 HU) in air (−1000 HU), CT at 4 × 5 × 6 mm
  const grid = createGrid({ size: [40, 30, 20], spacingMm: [4, 5, 6], originLpsMm: [-78, -72.5, -57] });
  const hu = new Float32Array(40 * 30 * 20).fill(-1000);
  for (let k = 3; k < 17; k++)
    for (let j = 5; j < 25; j++) for (let i = 5; i < 35; i++) hu[i + 40 * (j + 30 * k)] = 0;
  const ctPath = join(dir, 'ct.nii.gz');
  writeVolume(ctPath, createVolume(grid, 'HU', hu));
  // parallel-opposed 6 × 6 cm open fields, 100 MU each, isocentre at the block's centre
  const plan = {
    machine: 'generic-6MV',
    beams: [squareBeam(60, 0, [0, 0, 0], 100, 'AP'), squareBeam(60, 180, [0, 0, 0], 100, 'PA')],
  };
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(plan));
  /** `equidose dose` on the water-block CT with `planFile`, then `extra`. */
  function doseArgv(planFile: string, ...extra: string[]): string[] {
    return ['dose', '--ct', ctPath, '--plan', planFile, ...extra];
  }

  it('writes the dose (Gy) and a summary with max dose, isocentre dose, backend and timings', async () => {
    const out = join(dir, 'dose.nii.gz');
    const json = join(dir, 'summary.json');
    const r = await runCliCaptured(
      doseArgv(planPath, '--dose-grid-mm', '4', '--backend', 'js', '--out', out, '--json', json),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dose = readVolume(out);
    expect(dose.quantity).toBe('Gy');
    expect(dose.grid.spacingMm).toEqual([4, 4, 4]);
    const s = JSON.parse(readFileSync(json, 'utf8')) as {
      maxDoseGy: number;
      isocenters: { beams: string[]; doseGy: number }[];
      backend: string;
      timingsMs: { perBeam: number[] };
      hlut: { id: string };
    };
    expect(s.backend).toBe('js');
    expect(s.hlut.id).toBe('matrad-default');
    expect(s.isocenters).toHaveLength(1);
    expect(s.isocenters[0]!.beams).toEqual(['AP', 'PA']);
    // parallel-opposed 6 × 6 cm fields through 10 cm of water, 100 MU each: ≈ 2 × 0.8 Gy at mid-depth
    expect(s.isocenters[0]!.doseGy).toBeGreaterThan(1.3);
    expect(s.isocenters[0]!.doseGy).toBeLessThan(s.maxDoseGy);
    expect(s.timingsMs.perBeam).toHaveLength(2);
    expect(r.stdout).toMatch(/backend js/);
  });

  it('fails with one line naming the file and writes nothing on a bad plan, a bad table or a bad backend', async () => {
    const bad = join(dir, 'bad-plan.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...plan, beams: [{ ...plan.beams[0], jawsMm: { x1: 5, x2: -5, y1: -1, y2: 1 } }] }),
    );
    const out = join(dir, 'never.nii.gz');
    const badPlan = /bad-plan\.json.*x1 \(5\) must be < x2/;
    await expectCliRefuses(doseArgv(bad, '--out', out), { code: 1, message: badPlan, unwritten: [out] });
    const table = join(dir, 'bad.csv');
    writeFileSync(table, '0,1\n-5,1\n');
    const badTable = /bad\.csv.*strictly increasing/;
    await expectCliRefuses(doseArgv(planPath, '--hlut', table, '--out', out), { code: 1, message: badTable });
    await expectCliRefuses(doseArgv(planPath, '--backend', 'fast', '--out', out), {
      code: 2,
      unwritten: [out],
    });
  });
});
