import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexToLps } from '../../src/core/transforms.js';
import { createVolume, type Volume } from '../../src/core/volume.js';
import type { Plan } from '../../src/dose/plan.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { readVolume } from '../../src/io/read-volume.js';
import { writeStructuresJson } from '../../src/io/structures-file.js';
import { writeVolume } from '../../src/io/write-volume.js';
import { runValidation } from '../../src/pipeline/run-validation.js';
import type { ValidationReport } from '../../src/report/validation-report.js';
import { makeReportValidator } from '../helpers/report-schema.js';

/**
 * The pipeline on a REAL CT (TotalSegmentator's abdomen–pelvis example: RAS NIfTI, int32 HU, 3 mm), with a
 * four-field box on a 30 mm spherical target at the body's centre. Identity must give 100 % gamma and zero
 * deltas on real anatomy and real geometry; a +50 HU sCT must lower the target dose (more electrons in every
 * beam path), whatever the anatomy.
 */

// ../shared/data relative to the repository root (this file is tests/integration/).
const CT_PATH = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'real',
  'totalsegmentator_example',
  'example_ct.nii.gz',
);
const HAVE_DATA = existsSync(CT_PATH);

let dir: string;
let ct: Volume<'HU'>;

function bodyCentreLps(v: Volume<'HU'>): [number, number, number] {
  const [nx, ny, nz] = v.grid.size;
  const sum = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        if ((v.data[i + nx * (j + ny * k)] as number) > -400) {
          sum[0]! += i;
          sum[1]! += j;
          sum[2]! += k;
          n++;
        }
  return [...indexToLps(v.grid, [sum[0]! / n, sum[1]! / n, sum[2]! / n])] as [number, number, number];
}

function writeCase(): { structures: string; plan: string } {
  const iso = bodyCentreLps(ct);
  const [nx, ny, nz] = ct.grid.size;
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const n = i + nx * (j + ny * k);
        const p = indexToLps(ct.grid, [i, j, k]);
        const r = Math.hypot(p[0] - iso[0], p[1] - iso[1], p[2] - iso[2]);
        labels[n] = r <= 30 ? 2 : (ct.data[n] as number) > -400 ? 1 : 0;
      }
  writeVolume(join(dir, 'labels.nii.gz'), createVolume(ct.grid, 'label', labels));
  writeStructuresJson(join(dir, 'labels.json'), {
    frameOfReferenceUid: '',
    warnings: [],
    structures: [
      { label: 1, roiNumber: 1, name: 'BODY', type: 'EXTERNAL', contours: [] },
      { label: 2, roiNumber: 2, name: 'PTV', type: 'PTV', contours: [] },
    ],
  });
  const jawsMm = { x1: -35, x2: 35, y1: -35, y2: 35 };
  const plan: Plan = {
    machine: 'generic-6MV',
    patientPosition: 'HFS',
    prescriptionGy: 2,
    beams: [0, 90, 180, 270].map((g) => ({
      name: `G${g}`,
      gantryDeg: g,
      collimatorDeg: 0,
      couchDeg: 0,
      isocenterMm: iso,
      jawsMm,
      mu: 60,
    })),
  };
  writeFileAtomic(join(dir, 'plan.json'), JSON.stringify(plan));
  return { structures: join(dir, 'labels.nii.gz'), plan: join(dir, 'plan.json') };
}

async function run(name: string, sct: Volume<'HU'>): Promise<ValidationReport> {
  const paths = writeCase();
  const sctPath = join(dir, `${name}.nii.gz`);
  writeVolume(sctPath, sct);
  const out = await runValidation({
    ctPath: CT_PATH,
    sct: { kind: 'sct', path: sctPath },
    structuresPath: paths.structures,
    planPath: paths.plan,
    outDir: join(dir, `out-${name}`),
    backend: 'js',
    anonymize: false,
    pdf: false,
    assumeRegistered: false,
    doseGridMm: 5,
    criteria: '3%/2mm,2%/2mm',
  });
  return out.report;
}

describe.skipIf(!HAVE_DATA)(`validate on a real CT (needs ${CT_PATH})`, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'equidose-real-'));
    ct = readVolume(CT_PATH, { quantity: 'HU' });
  });

  it('identical sCT: 100 % gamma, zero deltas, schema-valid report', async () => {
    const r = await run('same', createVolume(ct.grid, 'HU', Float32Array.from(ct.data)));
    expect(makeReportValidator()(JSON.parse(JSON.stringify(r)))).toEqual({ valid: true, errors: [] });
    for (const g of r.gamma) {
      expect(g.evaluatedVoxels).toBeGreaterThan(500);
      expect(g.passRatePercent).toBe(100);
    }
    for (const e of r.dvh) expect(e.delta.D50Percent).toBe(0);
    const ptv = r.dvh.find((e) => e.name === 'PTV')!;
    // A 30 mm sphere: 113 cm³, within the partial-volume error of 5 mm voxels.
    expect(ptv.volumeCm3).toBeGreaterThan(90);
    expect(ptv.volumeCm3).toBeLessThan(135);
    expect(r.verdict.pass).toBe(true);
  });

  it('+50 HU everywhere in the body lowers the target dose', async () => {
    const data = Float32Array.from(ct.data, (v) => (v > -400 ? v + 50 : v));
    const r = await run('plus50', createVolume(ct.grid, 'HU', data));
    const ptv = r.dvh.find((e) => e.name === 'PTV')!;
    expect(ptv.delta.D50Percent).toBeLessThan(-0.5);
    expect(ptv.delta.D50Percent).toBeGreaterThan(-5);
    expect(r.imageMetrics.meHu).toBeGreaterThan(30);
  });
});
